import type { CriterionSpec, NodeSpec, PhaseSpec, TrackSpec } from './schema.js';
import type { Effort } from './duration.js';

export type Rule = TrackSpec['rules'][number];
export type CriterionKind = CriterionSpec['kind'];

/** A criterion with its id filled in: progress is keyed by `<node>#<criterion id>`. */
export type Criterion = CriterionSpec & { id: string };

/** A node of a loaded track: its front matter, where it lives and what it costs. */
export interface Node extends Omit<NodeSpec, 'criteria'> {
  criteria: Criterion[];
  /** Folder of the node, relative to the track folder, with "/" separators. */
  dir: string;
  effort: Effort | undefined;
}

export type Phase = PhaseSpec;

/** A loaded, valid track: nodes in document order. */
export interface Track extends TrackSpec {
  nodes: Node[];
}

/** Fills in default criterion ids ("attest-1", "quiz-1", …), counted per kind in document order. */
export function withCriterionIds(criteria: CriterionSpec[]): Criterion[] {
  const seen = new Map<string, number>();
  return criteria.map((criterion) => {
    const n = (seen.get(criterion.kind) ?? 0) + 1;
    seen.set(criterion.kind, n);
    return { ...criterion, id: criterion.id ?? `${criterion.kind}-${n}` };
  });
}

/** Finds a node by id, or undefined. */
export function findNode(track: Track, id: string): Node | undefined {
  return track.nodes.find((node) => node.id === id);
}
