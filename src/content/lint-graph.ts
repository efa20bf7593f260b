import { buildGraph, cycleComponents, findCycle, topologicalOrder, type Graph } from '../core/graph.js';
import type { Track } from '../core/track.js';
import type { Problem } from './problems.js';
import type { Position } from './yaml-source.js';

type Locate = (nodeId: string, key: string) => { file: string } & Position;

/** Checks the effective graph of a track: cycles, an entry node, and required nodes that can never unlock. */
export function checkGraph(track: Track, locate: Locate): Problem[] {
  const graph = buildGraph(track);
  const problems: Problem[] = [];
  const problem = (nodeId: string, key: string, code: Problem['code'], message: string, hint: string) => {
    const where = locate(nodeId, key);
    problems.push({ file: where.file, line: where.line, col: where.col, code, severity: 'error', message, hint });
  };
  const { stuck } = topologicalOrder(graph);
  const onCycle = new Set<number>();
  for (const component of cycleComponents(graph, stuck)) {
    component.forEach((v) => onCycle.add(v));
    const cycle = findCycle(graph, component)!;
    const first = cycle.find((v) => v < graph.size)!;
    problem(
      graph.ids[first]!,
      'requires',
      'CYCLE',
      `prerequisites form a cycle: ${cycle.map((v) => graph.labels[v]).join(' → ')}`,
      'remove one of these "requires" (or move a node to another phase) so the chain has a start',
    );
  }

  const blocking = (v: number) => graph.before[v]!.filter((u) => !graph.optional[u]);
  const entries = track.nodes.filter((_, i) => blocking(i).length === 0);
  if (entries.length === 0) {
    problem(track.nodes[0]!.id, 'id', 'NO_ENTRY_NODE', 'no node can be started: every node waits for another', 'give at least one node no "requires" (or mark one "anytime: true")');
  }

  const completable = whatCanFinish(graph);
  track.nodes.forEach((node, i) => {
    if (node.optional || completable[i] || onCycle.has(i)) return;
    const blocker = firstBlocker(graph, i, completable, onCycle);
    problem(
      node.id,
      'requires',
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
