import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', 'solution']);

/** Compares names as people sort them: "2-x" before "10-x". */
export function naturalCompare(a: string, b: string): number {
  const chunk = /(\d+)|(\D+)/g;
  const left = a.match(chunk) ?? [];
  const right = b.match(chunk) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** Where a track's nodes are: node folders in natural order, and the folders that hold them. */
export interface TrackLayout {
  /** Folders holding an overview.md, relative, "/"-separated, in document order. */
  nodes: string[];
  /** Folders walked to find them ("" is the track folder itself). */
  folders: string[];
}

/** Walks a track folder for node folders (those holding an overview.md); does not descend into them. */
export function findLayout(root: string): TrackLayout {
  const layout: TrackLayout = { nodes: [], folders: [] };
  const visit = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true });
    if (relative !== '' && entries.some((entry) => entry.isFile() && entry.name === 'overview.md')) {
      layout.nodes.push(relative);
      return;
    }
    layout.folders.push(relative);
    const folders = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => entry.name)
      .sort(naturalCompare);
    for (const name of folders) visit(relative === '' ? name : `${relative}/${name}`);
  };
  visit('');
  return layout;
}

/** Node folders of a track, in document order. */
export function findNodeDirs(root: string): string[] {
  return findLayout(root).nodes;
}

/**
 * A fingerprint of what a loaded track depends on: track.yaml and every overview.md (size and
 * modification time), and the folders walked to find them (a folder's modification time
 * changes when entries are added, removed or renamed in it). Equal fingerprints mean a cached
 * load is still true, without walking the tree again.
 */
export function layoutFingerprint(root: string, layout: TrackLayout): string {
  const stamps: string[] = [];
  const stamp = (relative: string) => {
    const stat = statSync(`${root}/${relative}`, { throwIfNoEntry: false });
    stamps.push(stat ? `${relative}:${stat.size}:${stat.mtimeMs}` : `${relative}:-`);
  };
  stamp('track.yaml');
  for (const folder of layout.folders) stamp(folder === '' ? '.' : folder);
  for (const node of layout.nodes) stamp(`${node}/overview.md`);
  return hash(stamps.join('\n'));
}

// FNV-1a over the text, twice with different seeds: a 64-bit fingerprint without loading node:crypto.
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}`;
}
