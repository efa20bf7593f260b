import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinTrackIds } from '../workspace/builtin.js';
import { openSession, type Host, type Session } from '../workspace/session.js';
import { setUpWorkspace } from '../workspace/setup.js';
import { findWorkspace } from '../workspace/workspace.js';
import { serverHost } from './host.js';
import { HttpError } from './http-error.js';
import { LiveWorkspace, RECHECK_MS, type Snapshot } from './live-workspace.js';

/** The workspaces the server works on, by the id the API names them with. */
export interface Library {
  mode: 'home' | 'workspace';
  /**
   * Whether the terminal commands the pages print name the workspace (`trail --workspace "<root>" …`):
   * in a home the learner's shell is not in the track's folder; a served workspace is where `trail serve` ran.
   */
  namesWorkspace: boolean;
  /** Ids of the tracks followed, in name order. */
  followed(): string[];
  /** What the server knows of a followed track's workspace now, or a 404; throws what a broken workspace file throws. */
  snapshot(track: string): Promise<Snapshot>;
  /** A session of a followed track for one request: its events are dropped if `signal` aborts before they are written. */
  open(track: string, signal?: AbortSignal): Promise<Session>;
  /** Says that the server wrote to a workspace behind the session's back (a check run's files). */
  touched(track: string): void;
  /** Follows a built-in track (home mode only); false when it was followed already. */
  follow(track: string): Promise<boolean>;
}

const TRACK_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** The learner's home: one workspace folder per followed track, named by the track id. */
export function homeLibrary(home: string, host: Host = serverHost()): Library {
  const live = new Map<string, LiveWorkspace>();
  const liveOf = (track: string) => {
    let workspace = live.get(track);
    if (!workspace) live.set(track, (workspace = new LiveWorkspace(join(home, track), Date.now, host)));
    return workspace;
  };
  // A folder of the home that holds a workspace, named as a track id (so never a path).
  const isFollowed = (name: string) => TRACK_ID.test(name) && liveOf(name).exists();
  const followedOr404 = (track: string) => {
    if (!isFollowed(track)) {
      throw new HttpError(
        'TRACK_NOT_FOLLOWED',
        `you do not follow a track "${track}"`,
        builtinTrackIds().includes(track)
          ? `start it with its Start button (here or in the catalog), or on a terminal with \`trail start --track ${track}\``
          : 'the catalog lists the tracks you can start',
      );
    }
    return liveOf(track);
  };
  // The folders of the home, read again when the home folder changed.
  let listed: { stamp: string; names: string[]; at: number } | undefined;
  return {
    mode: 'home',
    namesWorkspace: true,
    followed() {
      const now = Date.now();
      if (listed && now - listed.at < RECHECK_MS) return listed.names.filter(isFollowed);
      const stat = statSync(home, { throwIfNoEntry: false });
      if (!stat) return [];
      const stamp = `${stat.mtimeMs}:${stat.ino}`;
      if (listed?.stamp !== stamp) {
        const names = readdirSync(home, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && TRACK_ID.test(entry.name))
          .map((entry) => entry.name)
          .sort();
        listed = { stamp, names, at: now };
      }
      listed.at = now;
      return listed.names.filter(isFollowed);
    },
    snapshot: (track) => followedOr404(track).snapshot(),
    open: (track, signal) => followedOr404(track).session(signal),
    touched: (track) => live.get(track)?.invalidate(),
    async follow(track) {
      if (!TRACK_ID.test(track) || !builtinTrackIds().includes(track)) {
        throw new HttpError('TRACK_NOT_FOUND', `no built-in track "${track}"`, `built-in tracks: ${builtinTrackIds().join(', ')}`);
      }
      const fresh = !isFollowed(track);
      await setUpWorkspace(join(home, track), track, host);
      liveOf(track).invalidate();
      listed = undefined;
      return fresh;
    },
  };
}

/** One workspace, served as the only track; following others is refused. */
export async function workspaceLibrary(dir: string, host: Host = serverHost()): Promise<Library> {
  const root = findWorkspace(resolve(dir));
  const id = (await openSession(root ?? dir, host)).track.id;
  const live = new LiveWorkspace(root!, Date.now, host);
  const followedOr404 = (track: string) => {
    if (track !== id) throw new HttpError('TRACK_NOT_FOLLOWED', `this workspace follows "${id}", not "${track}"`);
    return live;
  };
  return {
    mode: 'workspace',
    namesWorkspace: false,
    followed: () => [id],
    snapshot: (track) => followedOr404(track).snapshot(),
    open: (track, signal) => followedOr404(track).session(signal),
    touched: () => live.invalidate(),
    async follow(track) {
      if (track === id) return false;
      throw new HttpError(
        'WORKSPACE_MODE',
        `the server works on one workspace (${id}); it cannot follow "${track}"`,
        'run `trail serve` without --workspace to use your home with several tracks',
      );
    },
  };
}
