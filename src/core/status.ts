import { evaluateCriterion, type CriterionState, type EvaluationContext, type JournalEntryRef, type PaperRef } from './criteria.js';
import type { Graph } from './graph.js';
import type { Progress } from './progress.js';
import type { Criterion, Node, Track } from './track.js';

export type NodeStatus = 'locked' | 'available' | 'in_progress' | 'done' | 'skipped';

/** A node's status, its criteria's states and, when locked, what it waits for. */
export interface NodeState {
  id: string;
  title: string;
  phase: string | undefined;
  optional: boolean;
  status: NodeStatus;
  criteria: CriterionState[];
  /** Ids of unfinished prerequisites, and unfinished earlier phases as "phase:<id>". */
  waitingFor: string[];
}

/** Everything status needs: the track, its graph, the projected progress and journal entries. */
export interface StatusInput {
  track: Track;
  graph: Graph;
  progress: Progress;
  journal: readonly JournalEntryRef[];
  papers?: readonly PaperRef[];
  supported: ReadonlySet<Criterion['kind']>;
  /** Team mode: a check (or an experiment from a check) counts only when a server worker verified the run. */
  verifiedChecksOnly?: boolean;
}

/** The learner's view of a track: every node's state, in document order. */
export interface TrackState {
  practice: boolean;
  nodes: NodeState[];
  progress: { done: number; skipped: number; total: number; required: number; requiredDone: number };
}

/**
 * The rules engine: computes each node's status. A node is done when every criterion holds,
 * skipped when the learner skipped it (optional nodes only), locked while a blocking
 * prerequisite (explicit, sequential or phase gate) is unfinished, in progress once work on it
 * has started. Optional prerequisites never block; practice mode unlocks everything.
 */
export function computeState(input: StatusInput): TrackState {
  const { track, graph, progress } = input;
  const n = graph.before.length;
  const finished = new Array<boolean>(n).fill(false);
  const states: NodeState[] = new Array(graph.size);
  // Each node's journal criteria look at that node's entries only, not at the whole journal.
  const journalOf = new Map<string, JournalEntryRef[]>();
  for (const entry of input.journal) if (entry.node !== undefined) (journalOf.get(entry.node) ?? journalOf.set(entry.node, []).get(entry.node)!).push(entry);
  const criteriaOf = (node: Node) => {
    const context: EvaluationContext = {
      progress: progress.nodes.get(node.id),
      trackResetAt: progress.trackResetAt,
      journal: journalOf.get(node.id) ?? [],
      papers: input.papers ?? [],
      supported: input.supported,
      ...(input.verifiedChecksOnly ? { verifiedChecksOnly: true } : {}),
    };
    return node.criteria.map((criterion) => evaluateCriterion(node, criterion, context));
  };
  // Finished-ness flows forward; phase gates are vertices too, so visit in topological order.
  const order = topologicalVisit(graph);
  for (const v of order) {
    const waiting = graph.before[v]!.filter((u) => !graph.optional[u] && !finished[u]);
    if (v >= graph.size) {
      finished[v] = waiting.length === 0;
      continue;
    }
    const node = track.nodes[v]!;
    const nodeProgress = progress.nodes.get(node.id);
    const criteria = criteriaOf(node);
    // Optional criteria are shown and recorded, but the node is done without them.
    const required = criteria.filter((c) => !c.optional);
    const allMet = required.length > 0 && required.every((c) => c.state === 'met');
    let status: NodeStatus;
    if (node.optional && nodeProgress?.skipped) status = 'skipped';
    else if (allMet) status = 'done';
    else if (waiting.length > 0 && !progress.practice) status = 'locked';
    else if (nodeProgress?.touched || criteria.some((c) => c.state === 'met')) status = 'in_progress';
    else status = 'available';
    finished[v] = status === 'done' || status === 'skipped';
    states[v] = {
      id: node.id,
      title: node.title,
      phase: node.phase,
      optional: node.optional,
      status,
      criteria,
      waitingFor: waiting.map((u) => (u < graph.size ? graph.ids[u]! : `phase:${phaseOfGate(track, graph, u)}`)),
    };
  }
  const requiredNodes = states.filter((s) => !s.optional);
  return {
    practice: progress.practice,
    nodes: states,
    progress: {
      done: states.filter((s) => s.status === 'done').length,
      skipped: states.filter((s) => s.status === 'skipped').length,
      total: states.length,
      required: requiredNodes.length,
      requiredDone: requiredNodes.filter((s) => s.status === 'done').length,
    },
  };
}

function phaseOfGate(track: Track, graph: Graph, gate: number): string {
  return track.phases[gate - graph.size]?.id ?? '?';
}

// Vertices on cycles cannot be ordered; a valid track has none, but status must still answer,
// so they come last and stay locked behind each other.
function topologicalVisit(graph: Graph): number[] {
  const waiting = graph.before.map((preds) => preds.length);
  const queue: number[] = [];
  waiting.forEach((count, v) => {
    if (count === 0) queue.push(v);
  });
  for (let i = 0; i < queue.length; i++) {
    for (const w of graph.after[queue[i]!]!) if (--waiting[w]! === 0) queue.push(w);
  }
  if (queue.length < waiting.length) waiting.forEach((count, v) => count > 0 && queue.push(v));
  return queue;
}
