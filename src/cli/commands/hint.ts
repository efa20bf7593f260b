import { hintsOf, revealHint } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, reported, requireNode, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail hint`. */
export const hintCommand = command({
  name: 'hint',
  description: "reveal the next hint of a node's exercise, one at a time (each is recorded)",
  arguments: [{ name: '<node>', description: 'node id' }],
  options: [{ flags: '--shown', description: 'print the hints revealed so far, without revealing another' }, JSON_OPTION],
  action: (cli, node: string, options: JsonOption & { shown?: boolean }) => hint(cli, node, options),
});

/** `trail hint <node>`: reveals the next hint of a node's exercise (all earlier ones are printed again); `--shown` reveals nothing new. */
export async function hint(cli: Cli, nodeId: string, options: JsonOption & { shown?: boolean }): Promise<number> {
  const session = await openFor(cli, options);
  const { node } = requireNode(session, nodeId);
  const outcome = options.shown ? { hints: hintsOf(session, node), revealed: null } : reported(cli, await revealHint(session, node));
  const { total, shown } = outcome.hints;
  if (options.json) {
    printJson(cli, { node: node.id, total, revealed: outcome.revealed, hints: shown.map((text, i) => ({ n: i + 1, text })) });
    return 0;
  }
  const lines = shown.flatMap((text, i) => [
    `Hint ${i + 1} of ${total}${i + 1 === outcome.revealed ? ' (new)' : ''}:`,
    ...text
      .trim()
      .split('\n')
      .map((line) => `  ${line}`),
    '',
  ]);
  if (shown.length === 0) lines.push(`${node.id} has ${total} hint(s); none shown yet. \`trail hint ${node.id}\` reveals the first.`);
  else if (shown.length < total) lines.push(`${total - shown.length} more hint(s): run \`trail hint ${node.id}\` again when you are stuck.`);
  else lines.push(outcome.revealed === null ? 'Every hint is shown; the rest is yours to work out.' : 'That was the last hint.');
  printLines(cli, ...lines);
  return 0;
}
