import type { Track } from './track.js';

/**
 * The effective prerequisite graph of a track under its rules. Vertices 0..n-1 are the
 * track's nodes in document order; vertices n.. are phase gates (a gate is passed when every
 * required node of the phase before it is). An edge u → v means u must be finished before v.
 */
export interface Graph {
  ids: string[];
  /** Number of real nodes; vertices at or above it are phase gates. */
  size: number;
  labels: string[];
  index: Map<string, number>;
  /** Predecessors of each vertex. */
  before: number[][];
  /** Successors of each vertex. */
  after: number[][];
  /** Vertices whose edges never block: optional nodes. */
  optional: boolean[];
}

/** Builds the effective graph of a track: requires, sequential order and phase gates as its rules say. */
export function buildGraph(track: Track): Graph {
  const size = track.nodes.length;
  const ids = track.nodes.map((node) => node.id);
  const labels = [...ids];
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  const before: number[][] = ids.map(() => []);
  const optional = track.nodes.map((node) => node.optional);
  const rules = new Set(track.rules);
  const edge = (from: number, to: number) => {
    if (from !== to && !before[to]!.includes(from)) before[to]!.push(from);
  };

  if (rules.has('prerequisites')) {
    track.nodes.forEach((node, i) => {
      if (node.anytime) return;
      for (const required of node.requires) {
        const from = index.get(required);
        if (from !== undefined) edge(from, i);
      }
    });
  }

  const byPhase = new Map<string, number[]>();
  track.nodes.forEach((node, i) => {
    const key = node.phase ?? '';
    const members = byPhase.get(key);
    if (members) members.push(i);
    else byPhase.set(key, [i]);
  });

  if (rules.has('sequential')) {
    for (const members of byPhase.values()) {
      let previousRequired: number | undefined;
      for (const i of members) {
        const node = track.nodes[i]!;
        if (node.anytime) continue;
        if (previousRequired !== undefined) edge(previousRequired, i);
        if (!node.optional) previousRequired = i;
      }
    }
  }

  if (rules.has('phase-gate')) {
    track.phases.forEach((phase, k) => {
      if (k === 0) return;
      const gate = ids.length + k - 1;
      labels.push(`phase gate "${phase.id}"`);
      before.push([]);
      optional.push(false);
      for (const i of byPhase.get(track.phases[k - 1]!.id) ?? []) {
        if (!track.nodes[i]!.optional) edge(i, gate);
      }
      for (const i of byPhase.get(phase.id) ?? []) {
        if (!track.nodes[i]!.anytime) edge(gate, i);
      }
    });
  }

  const after: number[][] = before.map(() => []);
  before.forEach((preds, v) => preds.forEach((u) => after[u]!.push(v)));
  return { ids, size, labels, index, before, after, optional };
}

/** A min-heap of vertex numbers, so that orders are stable: ties go to document order. */
class MinHeap {
  private items: number[] = [];
  get length(): number {
    return this.items.length;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Result of ordering a graph: every vertex in order, or the vertices caught in cycles. */
export interface Ordering {
  order: number[];
  /** Vertices that could not be ordered: in a cycle or after one. */
  stuck: number[];
}

/** Topological order of all vertices (Kahn's algorithm, ties broken by document order). */
export function topologicalOrder(graph: Graph): Ordering {
  const count = graph.before.length;
  const waiting = graph.before.map((preds) => preds.length);
  const ready = new MinHeap();
  waiting.forEach((n, v) => {
    if (n === 0) ready.push(v);
  });
  const order: number[] = [];
  while (ready.length > 0) {
    const v = ready.pop();
    order.push(v);
    for (const w of graph.after[v]!) {
      if (--waiting[w]! === 0) ready.push(w);
    }
  }
  const stuck: number[] = [];
  for (let v = 0; v < count; v++) if (waiting[v]! > 0) stuck.push(v);
  return { order, stuck };
}

/** Finds one cycle among the given stuck vertices; returns it as a closed path [a, b, …, a]. */
export function findCycle(graph: Graph, stuck: number[]): number[] | undefined {
  const inStuck = new Set(stuck);
  const state = new Map<number, 1 | 2>();
  const path: number[] = [];
  const visit = (start: number): number[] | undefined => {
    // Iterative DFS along successor edges; a grey vertex met again closes a cycle.
    const stack: Array<{ v: number; next: number }> = [{ v: start, next: 0 }];
    state.set(start, 1);
    path.push(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const succ = graph.after[frame.v]!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!inStuck.has(w)) continue;
        const seen = state.get(w);
        if (seen === 1) return [...path.slice(path.indexOf(w)), w];
        if (seen === undefined) {
          state.set(w, 1);
          path.push(w);
          stack.push({ v: w, next: 0 });
        }
      } else {
        state.set(frame.v, 2);
        path.pop();
        stack.pop();
      }
    }
    return undefined;
  };
  for (const v of stuck) {
    if (state.has(v)) continue;
    const cycle = visit(v);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The groups of vertices that lie on cycles (strongly connected components with a cycle). */
export function cycleComponents(graph: Graph, stuck: number[]): number[][] {
  // Tarjan's strongly connected components, restricted to stuck vertices.
  const inStuck = new Set(stuck);
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (const root of stuck) {
    if (index.has(root)) continue;
    const work: Array<{ v: number; next: number }> = [{ v: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = graph.after[frame.v]!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!inStuck.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(frame.v)!));
        if (low.get(frame.v) === index.get(frame.v)) {
          const component: number[] = [];
          let w: number;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            component.push(w);
          } while (w !== frame.v);
          const selfLoop = graph.after[frame.v]!.includes(frame.v);
          if (component.length > 1 || selfLoop) result.push(component.sort((a, b) => a - b));
        }
      }
    }
  }
  return result;
}

/** The longest chain by weight through the graph (weights per vertex; gates weigh 0). */
export function criticalPath(graph: Graph, weight: (vertex: number) => number): { path: number[]; total: number } {
  const { order } = topologicalOrder(graph);
  const best = new Float64Array(graph.before.length);
  const via = new Int32Array(graph.before.length).fill(-1);
  let end = -1;
  for (const v of order) {
    let start = 0;
    for (const u of graph.before[v]!) {
      if (best[u]! > start) {
        start = best[u]!;
        via[v] = u;
      }
    }
    best[v] = start + weight(v);
    if (end < 0 || best[v]! > best[end]!) end = v;
  }
  const path: number[] = [];
  for (let v = end; v >= 0; v = via[v]!) if (v < graph.size) path.unshift(v);
  return { path, total: end < 0 ? 0 : best[end]! };
}
