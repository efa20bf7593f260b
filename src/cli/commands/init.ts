import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveTrackRef } from '../../workspace/builtin.js';
import { copyStarterFiles } from '../../workspace/starter.js';
import { loadValidTrack, loadWorkspaceTrack } from '../../workspace/track-cache.js';
import { createWorkspace, type Workspace } from '../../workspace/workspace.js';
import { printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';

/** Creates (or re-opens) a workspace for a track and copies starter files; shared by `init` and `start`. */
export async function setUpWorkspace(dir: string, trackRef: string): Promise<{ workspace: Workspace; copied: string[]; kept: string[]; title: string; nodes: number }> {
  const ref = resolveTrackRef(trackRef);
  const track = await loadValidTrack(ref.dir);
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const workspace = createWorkspace(root, ref, new Date());
  await loadWorkspaceTrack(workspace);
  const { copied, kept } = copyStarterFiles(ref.dir, track, root);
  return { workspace, copied, kept, title: track.title, nodes: track.nodes.length };
}

/** `trail init [dir] --track <id|path>`: a plain folder that follows a track. */
export async function init(dir: string, options: JsonOption & { track: string }): Promise<number> {
  const { workspace, copied, kept, title, nodes } = await setUpWorkspace(dir, options.track);
  if (options.json) {
    printJson({ workspace: workspace.root, track: workspace.config.track, copied, kept });
    return 0;
  }
  printLines(
    `Workspace ready in ${workspace.root}: ${title} (${nodes} nodes).`,
    ...(copied.length ? [`Copied ${copied.length} starter file(s).`] : []),
    ...kept.map((path) => `Kept your ${path} (not overwritten).`),
    '',
    'Next:',
    `  cd ${dir === '.' ? '.' : dir}`,
    '  trail status      # the roadmap and your progress',
    '  trail next        # what to work on now',
  );
  return 0;
}
