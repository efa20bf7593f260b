import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installHelpers } from '../runner/check.js';
import type { TrackChanges } from '../core/changes.js';
import { resolveTrackRef } from './builtin.js';
import { copyStarterFiles } from '../content/starter.js';
import { loadValidTrack, loadWorkspaceTrack } from './track-cache.js';
import type { Host } from './session.js';
import { createWorkspace, type Workspace } from './workspace.js';

/** Creates (or re-opens) a workspace for a track and copies its starter files, never over the learner's; a track path is read from `cwd`. */
export async function setUpWorkspace(
  dir: string,
  trackRef: string,
  host: Pick<Host, 'clock' | 'actor'>,
  cwd = process.cwd(),
): Promise<{ workspace: Workspace; copied: string[]; kept: string[]; title: string; nodes: number; changes: TrackChanges | undefined }> {
  const ref = resolveTrackRef(trackRef, cwd);
  const track = await loadValidTrack(ref.dir);
  const root = resolve(cwd, dir);
  mkdirSync(root, { recursive: true });
  const workspace = createWorkspace(root, ref, host.clock());
  const { changes } = await loadWorkspaceTrack(workspace, host);
  const { copied, kept } = copyStarterFiles(ref.dir, track, root);
  for (const node of track.nodes) if (node.criteria.some((c) => c.kind === 'check')) installHelpers(join(root, node.dir));
  return { workspace, copied, kept, title: track.title, nodes: track.nodes.length, changes };
}
