import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLayout, type TrackLayout } from './walk.js';

/** Where the loader reads a track from: its node folders and files, by path relative to the track. */
export interface TrackFiles {
  layout: TrackLayout;
  /** A file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** A track folder on disk. */
export function diskFiles(root: string, layout: TrackLayout = findLayout(root)): TrackFiles {
  return {
    layout,
    read: (path) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    exists: (path) => existsSync(join(root, path)),
  };
}

/** A track held in memory as { path: text }, e.g. one an import is about to write. */
export function memoryFiles(files: ReadonlyMap<string, string>): TrackFiles {
  const nodes = [...files.keys()].filter((path) => path.endsWith('/overview.md')).map((path) => path.slice(0, -'/overview.md'.length));
  return {
    layout: { nodes, folders: [''] },
    read: (path) => files.get(path),
    exists: (path) => files.has(path) || [...files.keys()].some((key) => key.startsWith(`${path}/`)),
  };
}
