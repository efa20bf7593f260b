import { nextSteps } from '../../workspace/next.js';
import { colours, printJson, printLines, statusMark } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail next`. */
export const nextCommand = command({
  name: 'next',
  description: 'show what you can work on now and the command that moves it forward',
  options: [JSON_OPTION],
  action: (cli, options: JsonOption) => next(cli, options),
});

/** `trail next`: open nodes in prerequisite order, each with its first open criterion and the command for it. */
export async function next(cli: Cli, options: JsonOption): Promise<number> {
  const session = await openFor(cli, options);
  const { state } = session;
  const items = nextSteps(session);
  if (options.json) {
    printJson(cli, { track: { id: session.track.id, title: session.track.title }, nodes: items });
    return 0;
  }
  const c = colours(cli);
  if (items.length === 0) {
    printLines(
      cli,
      state.progress.done + state.progress.skipped === state.progress.total ? c.green('Every node is done. Well walked.') : 'Nothing is open right now.',
    );
    return 0;
  }
  const lines: string[] = [];
  for (const item of items) {
    lines.push(`${statusMark(item.status, c)} ${c.bold(item.id)} — ${item.title}${item.optional ? c.dim(' (optional)') : ''}`);
    if (item.next) {
      lines.push(`    ${item.next.text}`, `    ${c.dim(item.next.detail)}`, `    ${c.cyan(item.next.action)}`);
    }
  }
  printLines(cli, ...lines);
  return 0;
}
