import { z } from 'zod';
import { CRITERION_KINDS, NODE_KINDS, RULES } from '../../core/schema.js';

// The answers about tracks and nodes, as the server sends them. Objects are strict: a field the
// handler sends and the schema does not name fails the response check, so nothing leaks unseen.

/** How far a learner is on a track. */
export const Progress = z.strictObject({ done: z.number(), skipped: z.number(), total: z.number(), required: z.number(), requiredDone: z.number() });

/** Why a followed workspace cannot be opened: the error it gives. */
export const Broken = z.strictObject({ code: z.string(), message: z.string(), hint: z.string().nullable() });

/** A track in the catalog: its size and effort, and the learner's progress when followed. */
export const TrackSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  nodes: z.number(),
  phases: z.number(),
  rules: z.array(z.string()),
  hours: z.number().nullable(),
  valid: z.boolean(),
  following: z.boolean(),
  progress: Progress.nullable(),
  broken: Broken.nullable(),
});

/** `GET /api/tracks`. */
export const Catalog = z.strictObject({ mode: z.enum(['home', 'workspace']), tracks: z.array(TrackSummary) });

/** `POST /api/tracks`. */
export const Followed = z.strictObject({ track: z.string(), workspace: z.string() });

/** What satisfied a criterion, or the latest try. */
export const Evidence = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('statement'), text: z.string(), at: z.string().nullable() }),
  z.strictObject({ kind: z.literal('journal'), path: z.string(), words: z.number() }),
  z.strictObject({ kind: z.literal('quiz'), best: z.number() }),
  z.strictObject({
    kind: z.literal('run'),
    runId: z.string().nullable(),
    provenance: z.enum(['measured', 'reported', 'verified']),
    status: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('skipped'), reason: z.string() }),
  z.strictObject({ kind: z.literal('sign-off'), by: z.string().nullable() }),
  z.strictObject({ kind: z.literal('paper'), path: z.string(), words: z.number() }),
]);

/** A check criterion's runs: the latest passed, failed, was skipped (and why), or none ran yet (pending). */
export const CheckState = z.strictObject({
  state: z.enum(['passed', 'failed', 'skipped', 'pending']),
  status: z.string().optional(),
  runId: z.string().optional(),
  provenance: z.enum(['measured', 'verified']).optional(),
  reason: z.string().optional(),
});

const criterionState = {
  id: z.string(),
  kind: z.enum(CRITERION_KINDS),
  text: z.string(),
  optional: z.boolean(),
  state: z.enum(['met', 'unmet', 'pending']),
  detail: z.string(),
  action: z.string(),
  evidence: Evidence.nullable(),
  check: CheckState.optional(),
};

/** Whether a criterion holds, why, and the command that satisfies it. */
export const CriterionState = z.strictObject(criterionState);

export const NodeStatus = z.enum(['locked', 'available', 'in_progress', 'done', 'skipped']);

/** A node in the track's graph and list. */
export const NodeSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  kind: z.enum(NODE_KINDS),
  phase: z.string().nullable(),
  status: NodeStatus,
  optional: z.boolean(),
  anytime: z.boolean(),
  requires: z.array(z.string()),
  duration: z.string().nullable(),
  hours: z.number().nullable(),
  waitingFor: z.array(z.string()),
  criteria: z.array(CriterionState),
});

/** Remaining effort and the calendar time it takes at a pace. */
export const Estimate = z.strictObject({
  hoursPerWeek: z.number(),
  remaining: z.strictObject({ min: z.number(), max: z.number(), expected: z.number(), nodes: z.number() }),
  weeks: z.number(),
  optionalHours: z.number(),
  unestimated: z.array(z.string()),
  criticalPath: z.strictObject({ nodes: z.array(z.string()), hours: z.number(), weeks: z.number() }),
});

/** `GET /api/tracks/:track`. */
export const TrackState = z.strictObject({
  track: z.strictObject({ id: z.string(), title: z.string(), summary: z.string().nullable(), version: z.string(), rules: z.array(z.enum(RULES)) }),
  practice: z.boolean(),
  phases: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  nodes: z.array(NodeSummary),
  /** Prerequisites between nodes, and (gate) between phases, named `phase:<id>`. */
  edges: z.array(z.strictObject({ from: z.string(), to: z.string(), gate: z.boolean() })),
  progress: Progress,
  estimate: Estimate,
});

const Box = z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), group: z.string().optional() });

/** `GET /api/tracks/:track/layout`: boxes of nodes and phase groups, and the routes of edges inside a phase (`from→to`). */
export const Layout = z.strictObject({
  fingerprint: z.string(),
  nodes: z.record(z.string(), Box),
  groups: z.record(z.string(), Box),
  edges: z.record(z.string(), z.array(z.strictObject({ x: z.number(), y: z.number() }))),
});

/** The hints of an exercise: how many there are, and the text of those revealed so far. */
export const Hints = z.strictObject({ total: z.number(), shown: z.array(z.string()) });

/** A node's state after an action. */
export const NodeState = z.strictObject({
  id: z.string(),
  title: z.string(),
  phase: z.string().optional(),
  optional: z.boolean(),
  status: NodeStatus,
  criteria: z.array(CriterionState),
  waitingFor: z.array(z.string()),
});

/** The fields of an outcome, for answers that carry one beside their own. */
export const outcomeFields = { node: NodeState.nullable(), unlocked: z.array(z.strictObject({ id: z.string(), title: z.string() })) };

/** What a learner's action changed, as every write route answers it: the node's state and the nodes it opened. */
export const Outcome = z.strictObject(outcomeFields);

/** `POST …/hints`. */
export const HintRevealed = z.strictObject({ ...outcomeFields, hints: Hints, revealed: z.number().nullable() });

/** `PUT /api/tracks/:track/practice`. */
export const Practice = z.strictObject({ practice: z.boolean() });
