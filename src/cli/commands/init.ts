import { setUpWorkspace } from '../../workspace/setup.js';
import { printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';
import { describeChanges } from './status.js';
import { clock } from '../clock.js';

/** `trail init [dir] --track <id|path>`: a plain folder that follows a track. */
export async function init(dir: string, options: JsonOption & { track: string }): Promise<number> {
  const { workspace, copied, kept, title, nodes, changes } = await setUpWorkspace(dir, options.track, clock);
  if (options.json) {
    printJson({ workspace: workspace.root, track: workspace.config.track, copied, kept, changes: changes ?? null });
    return 0;
  }
  printLines(
    `Workspace ready in ${workspace.root}: ${title} (${nodes} nodes).`,
    ...(copied.length ? [`Copied ${copied.length} starter file(s).`] : []),
    ...kept.map((path) => `Kept your ${path} (not overwritten).`),
    ...(changes ? ['', ...describeChanges(changes)] : []),
    '',
    'Next:',
    `  cd ${dir === '.' ? '.' : dir}`,
    '  trail status      # the roadmap and your progress',
    '  trail next        # what to work on now',
  );
  return 0;
}
