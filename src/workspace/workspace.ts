import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as z from 'zod/mini';
import { TrailError } from '../core/errors.js';
import { firstIssue } from '../core/issues.js';
import { TRAIL_DIR, writeFileAtomic } from '../store/safe-files.js';
import { BUILTIN_TRACKS, type TrackRef } from './builtin.js';

// Files of the workspace's hidden folder.
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
  const config = readConfig(configPath);
  const track = config.track as Partial<{ builtin: string; path: string }>;
  const trackDir = typeof track.builtin === 'string' ? join(BUILTIN_TRACKS, track.builtin) : resolve(root, track.path!);
  return { root, config, trackDir, ...pathsOf(root) };
}

const ConfigFile = z.looseObject({
  version: z.optional(z.number()),
  track: z.union([
    z.looseObject({
      builtin: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'a built-in track id (lower-case letters, digits, ".", "_" and "-")' })),
    }),
    z.looseObject({ path: z.string().check(z.minLength(1)) }),
  ]),
  createdAt: z.optional(z.string()),
});

const REINIT = 'restore it from git, or delete it and run `trail init . --track <id>` again (events.jsonl and your files are kept)';

// workspace.json, checked against its schema: what is wrong is named with the file and the field.
function readConfig(configPath: string): WorkspaceConfig {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TrailError(
      'WORKSPACE_INVALID',
      `${configPath} cannot be read: ${code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'no permission' : (error as Error).message}`,
      REINIT,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TrailError('WORKSPACE_INVALID', `${configPath} is not valid JSON: ${(error as Error).message}`, REINIT);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('track' in data)) {
    throw new TrailError('WORKSPACE_INVALID', `${configPath} does not name a track`, 'it needs "track": { "builtin": "<id>" } or { "path": "<folder>" }');
  }
  const problem = firstIssue(ConfigFile, data);
  if (problem)
    throw new TrailError('WORKSPACE_INVALID', `${configPath}: ${problem}`, `it needs "track": { "builtin": "<id>" } or { "path": "<folder>" }; ${REINIT}`);
  return data as WorkspaceConfig;
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
      throw new TrailError(
        'WORKSPACE_EXISTS',
        `${root} is already a workspace for another track (${existing.trackDir})`,
        'choose another folder for this track',
      );
    }
    return existing;
  }
  mkdirSync(join(root, TRAIL_DIR), { recursive: true });
  const config: WorkspaceConfig = { version: 1, track, createdAt: now.toISOString() };
  writeFileAtomic(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return { root, config, trackDir: ref.dir, ...pathsOf(root) };
}
