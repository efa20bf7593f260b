import { z } from 'zod';
import { NODE_KINDS } from '../../core/schema.js';
import { CheckResult, RunView, TutorAnswer } from './record-shapes.js';
import { TeamJobDone, TeamJobEvents, verifiedFields } from './team-shapes.js';
import { CriterionState, Hints, NodeStatus, Outcome } from './track-shapes.js';

// A node page, and the events of the jobs a node starts (checks, the tutor).

/**
 * A criterion's own fields from the track (what its kind takes: minLength, minWords, pass, run,
 * timeout, …), beside id, kind and text. Loose: each kind has its own; those the web reads are named.
 */
export const CriterionSpec = z.looseObject({
  optional: z.boolean().optional(),
  minLength: z.number().optional(),
  minWords: z.number().optional(),
  pass: z.number().optional(),
  file: z.string().optional(),
  run: z.string().optional(),
  timeout: z.string().optional(),
});

/** A criterion on the node page: its state and its spec. */
export const NodeCriterion = z.strictObject({ ...CriterionState.shape, spec: CriterionSpec });

const Resource = z.strictObject({ title: z.string(), url: z.string().optional(), type: z.string() });

/** A node's fields, state and exercise (only the hints the learner revealed). */
export const NodeDetail = z.strictObject({
  id: z.string(),
  title: z.string(),
  kind: z.enum(NODE_KINDS),
  phase: z.string().nullable(),
  requires: z.array(z.string()),
  optional: z.boolean(),
  anytime: z.boolean(),
  duration: z.string().nullable(),
  objectives: z.array(z.string()),
  mvu: z.string().nullable(),
  resources: z.array(Resource),
  tools: z.array(z.string()),
  renamedFrom: z.array(z.string()),
  effort: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  exercise: z.strictObject({ title: z.string().optional(), text: z.string(), files: z.array(z.string()), hints: Hints }).nullable(),
  status: NodeStatus,
  waitingFor: z.array(z.string()),
  criteria: z.array(NodeCriterion),
});

/** `GET /api/tracks/:track/nodes/:node`. */
export const NodePage = z.strictObject({
  node: NodeDetail,
  body: z.string(),
  journal: z.array(z.strictObject({ path: z.string(), date: z.string(), words: z.number(), title: z.string().nullable(), tags: z.array(z.string()) })),
  runs: z.array(RunView),
  /** The latest result of each check criterion of the node, by criterion id. */
  latest: z.record(z.string(), CheckResult),
  /** Latest-result files left out of `latest`: not a check result, or a symbolic link out of the workspace (the file and why). */
  problems: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  /** Where the learner's files are: the workspace folder, the node's folder in it, its files. */
  where: z.strictObject({ workspace: z.string(), folder: z.string(), files: z.array(z.string()) }),
});

const JobFailure = z.strictObject({ code: z.string(), message: z.string() });

/**
 * The events of a check job (`GET /api/jobs/:job`), by name: each check's start, output and result, then done or failure.
 * A team server's job also has `queued`, each `attempt`, and `retrying` or `dead` after an attempt that could not run.
 */
export const CheckJobEvents = {
  start: z.strictObject({ criterion: z.string(), command: z.string(), timeout: z.string(), worker: z.string().optional() }),
  output: z.strictObject({ stream: z.enum(['stdout', 'stderr']), text: z.string() }),
  result: z.strictObject({ criterion: z.string(), runId: z.string(), dir: z.string(), result: CheckResult, ...verifiedFields }),
  /** What the learner's checks changed (a personal server), or the verified job's end (a team server). */
  done: z.union([Outcome, TeamJobDone]),
  failure: JobFailure,
  ...TeamJobEvents,
};

/** The events of a tutor job: pieces of text as they come, then the answer or failure. */
export const TutorJobEvents = {
  text: z.strictObject({ text: z.string() }),
  answer: TutorAnswer,
  failure: JobFailure,
};
