import { topologicalOrder } from '../../core/graph.js';
import { colours, printJson, printLines, statusMark } from '../output.js';
import { openFor, type JsonOption } from './common.js';

/** `trail next`: open nodes in prerequisite order, each with its first open criterion and the command for it. */
export async function next(where: string, options: JsonOption): Promise<number> {
  const session = await openFor(where, options);
  const { graph, state } = session;
  const open = topologicalOrder(graph)
    .order.filter((v) => v < graph.size)
    .map((v) => state.nodes[v]!)
    .filter((node) => node.status === 'available' || node.status === 'in_progress');
  const items = open.map((node) => {
    const todo = node.criteria.find((criterion) => criterion.state === 'unmet') ?? node.criteria.find((criterion) => criterion.state === 'pending');
    return { id: node.id, title: node.title, status: node.status, optional: node.optional, next: todo ? { criterion: todo.id, kind: todo.kind, text: todo.text, detail: todo.detail, action: todo.action } : null };
  });
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
