import { expectedHours } from '../core/duration.js';
import { estimate } from '../core/estimate.js';
import type { Session } from '../workspace/session.js';

/** An edge of the roadmap graph: a prerequisite between nodes, or a phase gate between phases (`phase:<id>`). */
export interface GraphEdge {
  from: string;
  to: string;
  gate: boolean;
}

/** The edges the rules make: node → node for requires and sequence, phase → phase for gates. */
export function graphEdges(session: Session): GraphEdge[] {
  const { graph, track } = session;
  const edges: GraphEdge[] = [];
  for (let v = 0; v < graph.size; v++) {
    for (const u of graph.before[v]!) if (u < graph.size) edges.push({ from: graph.ids[u]!, to: graph.ids[v]!, gate: false });
  }
  for (let gate = graph.size; gate < graph.before.length; gate++) {
    const k = gate - graph.size + 1;
    edges.push({ from: `phase:${track.phases[k - 1]!.id}`, to: `phase:${track.phases[k]!.id}`, gate: true });
  }
  return edges;
}

/** The state of a track as the graph and list pages show it. */
export function trackView(session: Session, hoursPerWeek: number) {
  const { track, state, graph } = session;
  return {
    track: { id: track.id, title: track.title, summary: track.summary ?? null, version: track.version, rules: track.rules },
    practice: state.practice,
    phases: track.phases.map(({ id, title }) => ({ id, title })),
    nodes: track.nodes.map((node, i) => {
      const s = state.nodes[i]!;
      return {
        id: node.id,
        title: node.title,
        kind: node.kind,
        phase: node.phase ?? null,
        status: s.status,
        optional: node.optional,
        anytime: node.anytime,
        requires: node.requires,
        duration: node.duration ?? null,
        hours: node.effort ? expectedHours(node.effort) : null,
        waitingFor: s.waitingFor,
        criteria: s.criteria,
      };
    }),
    edges: graphEdges(session),
    progress: state.progress,
    estimate: estimate(track, graph, state, hoursPerWeek),
  };
}
