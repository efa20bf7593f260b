import { expectedHours } from './duration.js';
import { criticalPath, type Graph } from './graph.js';
import type { TrackState } from './status.js';
import type { Track } from './track.js';

/** Remaining effort and the calendar time it takes at a given pace. */
export interface Estimate {
  hoursPerWeek: number;
  remaining: { min: number; max: number; expected: number; nodes: number };
  weeks: number;
  optionalHours: number;
  /** Unfinished required nodes without a duration: not counted. */
  unestimated: string[];
  criticalPath: { nodes: string[]; hours: number; weeks: number };
}

/** Estimates what is left of a track: the sum over unfinished required nodes and the longest remaining chain. */
export function estimate(track: Track, graph: Graph, state: TrackState, hoursPerWeek: number): Estimate {
  const unfinished = (i: number) => {
    const status = state.nodes[i]!.status;
    return status !== 'done' && status !== 'skipped';
  };
  const remaining = { min: 0, max: 0, expected: 0, nodes: 0 };
  let optionalHours = 0;
  const unestimated: string[] = [];
  track.nodes.forEach((node, i) => {
    if (!unfinished(i)) return;
    if (node.optional) {
      optionalHours += node.effort ? expectedHours(node.effort) : 0;
      return;
    }
    remaining.nodes++;
    if (!node.effort) {
      unestimated.push(node.id);
      return;
    }
    remaining.min += node.effort.min;
    remaining.max += node.effort.max;
    remaining.expected += expectedHours(node.effort);
  });
  const weight = (v: number) => {
    if (v >= graph.size) return 0;
    const node = track.nodes[v]!;
    return !node.optional && unfinished(v) && node.effort ? expectedHours(node.effort) : 0;
  };
  const chain = criticalPath(graph, weight);
  const chainNodes = chain.path.filter((v) => weight(v) > 0).map((v) => graph.ids[v]!);
  return {
    hoursPerWeek,
    remaining,
    weeks: remaining.expected / hoursPerWeek,
    optionalHours,
    unestimated,
    criticalPath: { nodes: chainNodes, hours: chain.total, weeks: chain.total / hoursPerWeek },
  };
}
