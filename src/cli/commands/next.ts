import { nextSteps } from '../../workspace/next.js';
import { colours, printJson, printLines, statusMark } from '../output.js';
import { openFor, type JsonOption } from './common.js';

/** `trail next`: open nodes in prerequisite order, each with its first open criterion and the command for it. */
export async function next(where: string, options: JsonOption): Promise<number> {
  const session = await openFor(where, options);
  const { state } = session;
  const items = nextSteps(session);
  if (options.json) {
    printJson({ track: { id: session.track.id, title: session.track.title }, nodes: items });
    return 0;
  }
  const c = colours();
  if (items.length === 0) {
    printLines(state.progress.done + state.progress.skipped === state.progress.total ? c.green('Every node is done. Well walked.') : 'Nothing is open right now.');
    return 0;
  }
  const lines: string[] = [];
  for (const item of items) {
    lines.push(`${statusMark(item.status, c)} ${c.bold(item.id)} — ${item.title}${item.optional ? c.dim(' (optional)') : ''}`);
    if (item.next) {
      lines.push(`    ${item.next.text}`, `    ${c.dim(item.next.detail)}`, `    ${c.cyan(item.next.action)}`);
    }
  }
  printLines(...lines);
  return 0;
}
