import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinTrackIds } from '../workspace/builtin.js';
import { openSession, type Session } from '../workspace/session.js';
import { setUpWorkspace } from '../workspace/setup.js';
import { findWorkspace, TRAIL_DIR } from '../workspace/workspace.js';
import { HttpError } from './http-error.js';

/** The workspaces the server works on, by the id the API names them with. */
export interface Library {
  mode: 'home' | 'workspace';
  /** Ids of the tracks followed, in name order. */
  followed(): string[];
  /** Opens the workspace of a followed track, or answers 404. */
  open(track: string): Promise<Session>;
  /** Follows a built-in track (home mode only); false when it was followed already. */
  follow(track: string): Promise<boolean>;
}

const TRACK_ID = /^[a-z0-9][a-z0-9._-]*$/;

// A folder of the home that holds a workspace, named as a track id (so never a path).
function isFollowed(home: string, name: string): boolean {
  return TRACK_ID.test(name) && existsSync(join(home, name, TRAIL_DIR, 'workspace.json'));
}

/** The learner's home: one workspace folder per followed track, named by the track id. */
export function homeLibrary(home: string): Library {
  const dirOf = (track: string) => {
    if (!isFollowed(home, track)) {
      throw new HttpError(404, 'TRACK_NOT_FOLLOWED', `you do not follow a track "${track}"`, 'choose one in the catalog (GET /api/tracks) and follow it (POST /api/tracks)');
    }
    return join(home, track);
  };
  return {
    mode: 'home',
    followed: () =>
      existsSync(home)
        ? readdirSync(home, { withFileTypes: true })
            .filter((entry) => entry.isDirectory() && isFollowed(home, entry.name))
            .map((entry) => entry.name)
            .sort()
        : [],
    open: (track) => openSession(dirOf(track)),
    async follow(track) {
      if (!TRACK_ID.test(track) || !builtinTrackIds().includes(track)) {
        throw new HttpError(404, 'TRACK_NOT_FOUND', `no built-in track "${track}"`, `built-in tracks: ${builtinTrackIds().join(', ')}`);
      }
      const fresh = !isFollowed(home, track);
      await setUpWorkspace(join(home, track), track);
      return fresh;
    },
  };
}

/** One workspace, served as the only track; following others is refused. */
export async function workspaceLibrary(dir: string): Promise<Library> {
  const root = findWorkspace(resolve(dir));
  const id = (await openSession(root ?? dir)).track.id;
  return {
    mode: 'workspace',
    followed: () => [id],
    open(track) {
      if (track !== id) throw new HttpError(404, 'TRACK_NOT_FOLLOWED', `this workspace follows "${id}", not "${track}"`);
      return openSession(root!);
    },
    async follow(track) {
      if (track === id) return false;
      throw new HttpError(409, 'WORKSPACE_MODE', `the server works on one workspace (${id}); it cannot follow "${track}"`, 'run `trail serve` without --workspace to use your home with several tracks');
    },
  };
}
