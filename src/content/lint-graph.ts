import { buildGraph, cycleComponents, findCycle, topologicalOrder, type Graph } from '../core/graph.js';
import type { Track } from '../core/track.js';
import type { Problem } from './problems.js';
import type { Position } from './yaml-source.js';

type Locate = (nodeId: string, path: readonly PropertyKey[]) => { file: string } & Position;

/** Checks the effective graph of a track: cycles, an entry node, and required nodes that can never unlock. */
export function checkGraph(track: Track, locate: Locate): Problem[] {
  const graph = buildGraph(track);
  const problems: Problem[] = [];
  const problem = (nodeId: string, key: readonly PropertyKey[], code: Problem['code'], message: string, hint: string) => {
    const where = locate(nodeId, key);
    problems.push({ file: where.file, line: where.line, col: where.col, code, severity: 'error', message, hint });
  };
  const { stuck } = topologicalOrder(graph);
  const onCycle = new Set<number>();
  for (const component of cycleComponents(graph, stuck)) {
    component.forEach((v) => onCycle.add(v));
    // findCycle walks "is needed by" edges; reversed, each node needs the next one.
    const cycle = findCycle(graph, component)!.reverse();
    const first = cycle.findIndex((v) => v < graph.size);
    const node = track.nodes[cycle[first]!]!;
    const needed = cycle[first + 1]!;
    const item = needed < graph.size ? node.requires.indexOf(graph.ids[needed]!) : -1;
    const steps = cycle.slice(0, -1).map((v, i) => `${graph.labels[v]} needs ${graph.labels[cycle[i + 1]!]}`);
    problem(
      node.id,
      item >= 0 ? ['requires', item] : ['requires'],
      'CYCLE',
      `prerequisites form a cycle: ${steps.join(', ')}`,
      'remove one of these "requires" (or move a node to another phase) so the chain has a start',
    );
  }

  const blocking = (v: number) => graph.before[v]!.filter((u) => !graph.optional[u]);
  const entries = track.nodes.filter((_, i) => blocking(i).length === 0);
  if (entries.length === 0) {
    problem(
      track.nodes[0]!.id,
      ['id'],
      'NO_ENTRY_NODE',
      'no node can be started: every node waits for another',
      'give at least one node no "requires" (or mark one "anytime: true")',
    );
  }

  const completable = whatCanFinish(graph);
  track.nodes.forEach((node, i) => {
    if (node.optional || completable[i] || onCycle.has(i)) return;
    const blocker = firstBlocker(graph, i, completable, onCycle);
    const item = node.requires.indexOf(graph.ids[blocker] ?? '');
    problem(
      node.id,
      item >= 0 ? ['requires', item] : ['requires'],
      'UNREACHABLE',
      `required node "${node.id}" can never unlock: it waits for ${graph.labels[blocker]}, which can never be finished`,
      'break the cycle it waits on, or mark the nodes in between "optional: true"',
    );
  });
  return problems;
}

// A vertex can be finished when every blocking predecessor can; sources can.
function whatCanFinish(graph: Graph): boolean[] {
  const can = new Array<boolean>(graph.before.length).fill(false);
  const { order } = topologicalOrder(graph);
  for (const v of order) can[v] = graph.before[v]!.every((u) => graph.optional[u] || can[u]);
  return can;
}

function firstBlocker(graph: Graph, v: number, can: boolean[], onCycle: Set<number>): number {
  let current = v;
  const seen = new Set<number>();
  for (;;) {
    seen.add(current);
    const next = graph.before[current]!.find((u) => !graph.optional[u] && !can[u]);
    if (next === undefined || onCycle.has(next) || seen.has(next)) return next ?? current;
    current = next;
  }
}
