import type { Rule, Track, Node, Criterion } from '../core/track.js';

/** A node for core tests: an id, and whatever else the test cares about. */
export type NodeInput = Partial<Omit<Node, 'criteria'>> & { id: string; criteria?: Criterion[] };

/** Builds an in-memory track: each node gets one attest criterion "a" unless the test gives criteria. */
export function makeTrack(nodes: NodeInput[], options: { rules?: Rule[]; phases?: string[] } = {}): Track {
  return {
    id: 't',
    title: 'Test track',
    version: '1',
    rules: options.rules ?? ['prerequisites'],
    pace: { hoursPerWeek: 10 },
    phases: (options.phases ?? []).map((id) => ({ id, title: id, objectives: [] })),
    nodes: nodes.map((node) => ({
      title: node.id,
      kind: 'topic',
      requires: [],
      optional: false,
      anytime: false,
      objectives: [],
      resources: [],
      tools: [],
      renamedFrom: [],
      dir: node.id,
      effort: undefined,
      ...node,
      criteria: node.criteria ?? [{ kind: 'attest', id: 'a', text: 'did it', minLength: 0 }],
    })),
  };
}
