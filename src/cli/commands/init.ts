import { setUpWorkspace } from '../../workspace/setup.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import type { JsonOption } from './common.js';
import { describeChanges } from './status.js';

/** `trail init`. */
export const initCommand = command({
  name: 'init',
  description: 'create a workspace that follows a track (starter files are copied, never overwriting yours)',
  arguments: [{ name: '[dir]', description: 'workspace folder', default: '.' }],
  options: [{ flags: '-t, --track <id|path>', description: 'a built-in track id or a track folder', required: true }, JSON_OPTION],
  action: (cli, dir: string, options: JsonOption & { track: string }) => init(cli, dir, options),
});

/** `trail init [dir] --track <id|path>`: a plain folder that follows a track. */
export async function init(cli: Cli, dir: string, options: JsonOption & { track: string }): Promise<number> {
  const { workspace, copied, kept, title, nodes, changes } = await setUpWorkspace(cli.path(dir), options.track, { clock: cli.now }, cli.cwd);
  if (options.json) {
    printJson(cli, { workspace: workspace.root, track: workspace.config.track, copied, kept, changes: changes ?? null });
    return 0;
  }
  printLines(
    cli,
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
