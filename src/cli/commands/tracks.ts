import { formatHours } from '../../core/duration.js';
import { builtinCatalog } from '../../workspace/catalog.js';
import { colours, printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import type { JsonOption } from './common.js';

/** `trail tracks`. */
export const tracksCommand = command({
  name: 'tracks',
  description: 'list the built-in tracks',
  options: [JSON_OPTION],
  action: (cli, options: JsonOption) => tracks(cli, options),
});

/** `trail tracks`: the built-in tracks with their size and estimated effort. */
export async function tracks(cli: Cli, options: JsonOption): Promise<number> {
  const list = builtinCatalog();
  if (options.json) {
    printJson(cli, { tracks: list });
    return 0;
  }
  const c = colours(cli);
  const width = Math.max(...list.map((t) => t.id.length));
  printLines(
    cli,
    ...list.map(
      (t) =>
        `${c.bold(t.id.padEnd(width))}  ${t.title}  ${c.dim(`${t.nodes} nodes${t.phases ? `, ${t.phases} phases` : ''}${t.hours ? `, ≈ ${formatHours(t.hours)}` : ''}`)}`,
    ),
    '',
    c.dim('Start one with: trail init <dir> --track <id>'),
  );
  return 0;
}
