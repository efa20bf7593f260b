import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTrack } from '../test-support/track.js';
import { buildGraph, criticalPath, findCycle, topologicalOrder, type Graph } from './graph.js';

function graphOf(size: number, edges: Array<[number, number]>): Graph {
  const nodes = Array.from({ length: size }, (_, i) => ({ id: `n${i}`, requires: [] as string[] }));
  for (const [from, to] of edges) if (!nodes[to]!.requires.includes(`n${from}`)) nodes[to]!.requires.push(`n${from}`);
  return buildGraph(makeTrack(nodes));
}

// Random DAGs: edges only go from a lower to a higher number, then numbers are shuffled.
const dag = fc
  .integer({ min: 1, max: 40 })
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 3 }),
      perm: fc.shuffledSubarray([...Array(size).keys()], { minLength: size, maxLength: size }),
    }),
  )
  .map(({ size, edges, perm }) => ({
    size,
    edges: edges.filter(([a, b]) => a < b).map(([a, b]) => [perm[a]!, perm[b]!] as [number, number]),
  }));

describe('topological order', () => {
  it('puts every prerequisite before the node that needs it (random DAGs)', () => {
    fc.assert(
      fc.property(dag, ({ size, edges }) => {
        const { order, stuck } = topologicalOrder(graphOf(size, edges));
        expect(stuck).toEqual([]);
        expect(order).toHaveLength(size);
        const position = new Map(order.map((v, i) => [v, i]));
        for (const [from, to] of edges) expect(position.get(from)!).toBeLessThan(position.get(to)!);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps document order where prerequisites allow it', () => {
    const graph = graphOf(4, [[3, 1]]);
    expect(topologicalOrder(graph).order).toEqual([0, 2, 3, 1]);
  });
});

describe('cycles', () => {
  it('are always found, and the path printed is a real cycle (random DAG plus a back edge)', () => {
    fc.assert(
      fc.property(
        dag.filter(({ edges }) => edges.length > 0),
        fc.nat(),
        ({ size, edges }, pick) => {
          // A path a ⇝ b exists along edge [a, b]; adding b → a closes a cycle.
          const [a, b] = edges[pick % edges.length]!;
          const graph = graphOf(size, [...edges, [b, a]]);
          const { stuck } = topologicalOrder(graph);
          expect(stuck.length).toBeGreaterThan(1);
          const cycle = findCycle(graph, stuck)!;
          expect(cycle[0]).toBe(cycle.at(-1));
          for (let i = 0; i + 1 < cycle.length; i++) expect(graph.after[cycle[i]!]).toContain(cycle[i + 1]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('effective graph under the rules', () => {
  it('sequential: each node needs the previous required node of its phase; anytime nodes stand apart', () => {
    const track = makeTrack(
      [
        { id: 'a', phase: 'p1' },
        { id: 'b', phase: 'p1', optional: true },
        { id: 'c', phase: 'p1' },
        { id: 'd', phase: 'p1', anytime: true },
        { id: 'e', phase: 'p2' },
      ],
      { rules: ['sequential'], phases: ['p1', 'p2'] },
    );
    const graph = buildGraph(track);
    const names = (v: number) => graph.before[v]!.map((u) => graph.labels[u]);
    expect(names(1)).toEqual(['a']);
    expect(names(2)).toEqual(['a']);
    expect(names(3)).toEqual([]);
    expect(names(4)).toEqual([]);
  });

  it('phase-gate: a gate waits for the required nodes of the phase before and opens the next phase', () => {
    const track = makeTrack(
      [
        { id: 'a', phase: 'p1' },
        { id: 'b', phase: 'p1', optional: true },
        { id: 'c', phase: 'p2' },
      ],
      { rules: ['phase-gate'], phases: ['p1', 'p2'] },
    );
    const graph = buildGraph(track);
    expect(graph.labels[3]).toBe('phase gate "p2"');
    expect(graph.before[3]).toEqual([0]);
    expect(graph.before[2]).toEqual([3]);
  });

  it('critical path follows the heaviest chain', () => {
    const hours = (h: number) => ({ min: h, max: h });
    const track = makeTrack([
      { id: 'a', effort: hours(1) },
      { id: 'b', requires: ['a'], effort: hours(10) },
      { id: 'c', requires: ['a'], effort: hours(2) },
      { id: 'd', requires: ['b', 'c'], effort: hours(1) },
    ]);
    const graph = buildGraph(track);
    const result = criticalPath(graph, (v) => (v < graph.size ? track.nodes[v]!.effort!.min : 0));
    expect(result.path.map((v) => graph.ids[v])).toEqual(['a', 'b', 'd']);
    expect(result.total).toBe(12);
  });
});
