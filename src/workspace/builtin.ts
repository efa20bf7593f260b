import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { TrailError } from '../core/errors.js';

/** The folder of the tracks that ship with Trailguide. */
export const BUILTIN_TRACKS = fileURLToPath(new URL('../../tracks/', import.meta.url));

/** Ids of the built-in tracks, in name order. */
export function builtinTrackIds(): string[] {
  return readdirSync(BUILTIN_TRACKS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(BUILTIN_TRACKS, entry.name, 'track.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** True when `id` names a built-in track (one look at the disk, where the list reads the whole folder). */
export function isBuiltinTrack(id: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/.test(id) && existsSync(join(BUILTIN_TRACKS, id, 'track.yaml'));
}

/** A track named on the command line: a folder with a track.yaml, or the id of a built-in track. */
export interface TrackRef {
  dir: string;
  builtin: string | undefined;
}

/** Resolves `--track <id|path>` to a track folder, or says which tracks exist. */
export function resolveTrackRef(ref: string, cwd = process.cwd()): TrackRef {
  const asPath = resolve(cwd, ref);
  if (existsSync(join(asPath, 'track.yaml'))) return { dir: asPath, builtin: undefined };
  if (/^[a-z0-9][a-z0-9._-]*$/.test(ref) && existsSync(join(BUILTIN_TRACKS, ref, 'track.yaml'))) {
    return { dir: join(BUILTIN_TRACKS, ref), builtin: ref };
  }
  throw new TrailError(
    'TRACK_NOT_FOUND',
    `no track "${ref}": it is neither a built-in track nor a folder with a track.yaml`,
    `built-in tracks: ${builtinTrackIds().join(', ')} (see \`trail tracks\`)`,
  );
}
