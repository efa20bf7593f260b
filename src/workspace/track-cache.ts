import { existsSync } from 'node:fs';
import * as z from 'zod/mini';
import { diffTracks, isUnchanged, type TrackChanges } from '../core/changes.js';
import { TrailError } from '../core/errors.js';
import type { Track } from '../core/track.js';
import { findLayout, layoutFingerprint, type TrackLayout } from '../content/walk.js';
import { parsePayload, readCacheFile, writeCacheFile } from '../store/cache-file.js';
import type { Host } from './session.js';
import type { Workspace } from './workspace.js';

interface TrackCache {
  fingerprint: string;
  layout: TrackLayout;
  track: Track;
}

// A change to the shape of the cached track makes caches of the old shape unusable.
const FORMAT = 'track-1';
const names = z.array(z.string());
/** The head of `.trail/track.json`: the fingerprint of the track's files and where they are; the track follows. */
const TrackCacheHead = z.looseObject({ format: z.literal(FORMAT), fingerprint: z.string(), layout: z.looseObject({ nodes: names, folders: names }) });

/** The workspace's track, and what changed since the workspace last saw it. */
export interface WorkspaceTrack {
  track: Track;
  changes: TrackChanges | undefined;
  /** Where the track's files are and their fingerprint when they were read. */
  stamp: { layout: TrackLayout; fingerprint: string };
}

/**
 * Loads the workspace's track. The last loaded version is kept in `.trail/track.json`: while
 * the track's files are unchanged it is used as is (no YAML or schema work); when they change,
 * the track is loaded and checked again, and the changes are reported and recorded as an event
 * (at the host's time, by its actor).
 */
export async function loadWorkspaceTrack(workspace: Workspace, host: Pick<Host, 'clock' | 'actor'>, known?: WorkspaceTrack['stamp']): Promise<WorkspaceTrack> {
  if (!existsSync(workspace.trackDir)) {
    throw new TrailError(
      'TRACK_NOT_FOUND',
      `the workspace's track folder ${workspace.trackDir} does not exist`,
      `restore it, or point "track" in ${workspace.root}/.trail/workspace.json at the track's folder`,
    );
  }
  const cached = readCache(workspace.cachePath);
  // A fingerprint the caller took a moment ago over the same layout is not taken again.
  const current = (layout: TrackLayout) => (known && sameLayout(known.layout, layout) ? known.fingerprint : layoutFingerprint(workspace.trackDir, layout));
  if (cached && current(cached.layout) === cached.fingerprint)
    return { track: cached.track, changes: undefined, stamp: { layout: cached.layout, fingerprint: cached.fingerprint } };

  // The fingerprint is taken before reading, so an edit made meanwhile is seen next time.
  const layout = findLayout(workspace.trackDir);
  const fingerprint = layoutFingerprint(workspace.trackDir, layout);
  const track = await loadValidTrack(workspace.trackDir, layout);
  writeCacheFile(workspace.cachePath, { format: FORMAT, fingerprint, layout }, JSON.stringify(track));
  const stamp = { layout, fingerprint };
  if (!cached) return { track, changes: undefined, stamp };
  const changes = diffTracks(cached.track, track);
  if (isUnchanged(changes)) return { track, changes: undefined, stamp };
  const { newEvent, record } = await import('./record.js');
  record(
    workspace,
    newEvent(
      'track-updated',
      { type: 'track', track: track.id },
      { result: { ...changes }, context: { track: track.id, trackVersion: track.version }, now: host.clock(), host },
    ),
  );
  return { track, changes, stamp };
}

/** Loads a track folder and throws, listing its problems, when it is not valid. */
export async function loadValidTrack(dir: string, layout?: TrackLayout): Promise<Track> {
  const [{ loadTrack }, { formatProblem }] = await Promise.all([import('../content/load.js'), import('../content/problems.js')]);
  const result = loadTrack(dir, layout);
  if (result.track) return result.track;
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  const shown = errors
    .slice(0, 5)
    .map((problem) => formatProblem(problem, dir))
    .join('\n');
  const more = errors.length > 5 ? `\n… and ${errors.length - 5} more` : '';
  throw new TrailError(
    'TRACK_INVALID',
    `the track in ${dir} has ${errors.length} problem(s):\n${shown}${more}`,
    `fix them and check with \`trail validate ${dir}\`; your progress is untouched`,
  );
}

function readCache(path: string): TrackCache | undefined {
  const file = readCacheFile(path, TrackCacheHead);
  const track = file && (parsePayload(file.payload) as Track | undefined);
  return file && Array.isArray(track?.nodes) ? { fingerprint: file.head.fingerprint, layout: file.head.layout, track: track! } : undefined;
}

function sameLayout(a: TrackLayout, b: TrackLayout): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((item, i) => item === y[i]);
  return same(a.nodes, b.nodes) && same(a.folders, b.folders);
}
