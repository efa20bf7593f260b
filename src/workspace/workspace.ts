import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { TrailError } from '../core/errors.js';
import { BUILTIN_TRACKS, type TrackRef } from './builtin.js';

/** Files of a workspace's hidden folder. */
export const TRAIL_DIR = '.trail';
const CONFIG = 'workspace.json';
const EVENTS = 'events.jsonl';
const TRACK_CACHE = 'track.json';
const PROGRESS = 'progress.json';

/** `.trail/workspace.json`: which track the workspace follows. */
export interface WorkspaceConfig {
  version: 1;
  /** A built-in track by id, or a track folder relative to the workspace. */
  track: { builtin: string } | { path: string };
  createdAt: string;
}

/** An open workspace: its root folder and configuration. */
export interface Workspace {
  root: string;
  config: WorkspaceConfig;
  trackDir: string;
  eventsPath: string;
  cachePath: string;
  progressPath: string;
}

/** Finds the workspace containing `start` (walking up to the file system root). */
export function findWorkspace(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, TRAIL_DIR, CONFIG))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Opens the workspace at or above `start`, or says how to create one. */
export function openWorkspace(start: string): Workspace {
  const root = findWorkspace(start);
  if (!root) {
    throw new TrailError(
      'WORKSPACE_NOT_FOUND',
      `no Trailguide workspace at ${start} or above it`,
      'create one with `trail init <dir> --track <id>` (see `trail tracks`), or pass --workspace <dir>',
    );
  }
  const configPath = join(root, TRAIL_DIR, CONFIG);
  let config: WorkspaceConfig;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as WorkspaceConfig;
  } catch (error) {
    throw new TrailError('WORKSPACE_INVALID', `${configPath} is not valid JSON: ${(error as Error).message}`, 'restore it from git, or delete it and run `trail init . --track <id>` again (events.jsonl and your files are kept)');
  }
  const track = config?.track as Partial<{ builtin: string; path: string }> | undefined;
  if (!track || (typeof track.builtin !== 'string' && typeof track.path !== 'string')) {
    throw new TrailError('WORKSPACE_INVALID', `${configPath} does not name a track`, 'it needs "track": { "builtin": "<id>" } or { "path": "<folder>" }');
  }
  const trackDir = typeof track.builtin === 'string' ? join(BUILTIN_TRACKS, track.builtin) : resolve(root, track.path!);
  return { root, config, trackDir, ...pathsOf(root) };
}

function pathsOf(root: string) {
  return { eventsPath: join(root, TRAIL_DIR, EVENTS), cachePath: join(root, TRAIL_DIR, TRACK_CACHE), progressPath: join(root, TRAIL_DIR, PROGRESS) };
}

/** Creates the hidden folder and configuration of a new workspace; refuses one that follows another track. */
export function createWorkspace(root: string, ref: TrackRef, now: Date): Workspace {
  const configPath = join(root, TRAIL_DIR, CONFIG);
  const track = ref.builtin ? { builtin: ref.builtin } : { path: relative(root, ref.dir) || '.' };
  if (existsSync(configPath)) {
    const existing = openWorkspace(root);
    if (resolve(existing.trackDir) !== resolve(ref.dir)) {
      throw new TrailError('WORKSPACE_EXISTS', `${root} is already a workspace for another track (${existing.trackDir})`, 'choose another folder for this track');
    }
    return existing;
  }
  mkdirSync(join(root, TRAIL_DIR), { recursive: true });
  const config: WorkspaceConfig = { version: 1, track, createdAt: now.toISOString() };
  writeFileAtomic(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return { root, config, trackDir: ref.dir, ...pathsOf(root) };
}

/** Writes a file through a temporary file and a rename, so a crash leaves the old or the new file, never half. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
