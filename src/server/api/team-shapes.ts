import { z } from 'zod';
import { SyncEvent } from './inputs.js';
import { CheckResult } from './record-shapes.js';
import { NodeState, NodeStatus, Progress } from './track-shapes.js';

// The answers of a team server's own routes (docs/team.md): accounts, cohorts, the mentor's pages,
// event sync and verified check jobs.

const Role = z.enum(['learner', 'mentor', 'admin']);

/** A signed-in account. */
export const Account = z.strictObject({ email: z.string(), role: Role });

/** A cohort as a person sees it, with their part in it (admins see every cohort). */
export const CohortSummary = z.strictObject({
  name: z.string(),
  track: z.string(),
  as: Role,
  learners: z.number(),
});

/** `GET /api/auth/me`: nobody on a personal server; the account and the cohorts it may see on a team server. */
export const Me = z.strictObject({ user: Account.nullable(), cohorts: z.array(CohortSummary).optional() });

/** `POST /api/auth/login`: the account signed in (the session is the cookie). */
export const SignedIn = z.strictObject({ user: Account });

/** `POST /api/auth/tokens`: an API token for the CLI, shown once. */
export const TokenIssued = z.strictObject({ token: z.string(), user: Account });

export const SignedOut = z.strictObject({ signedOut: z.literal(true) });

export const CohortList = z.strictObject({ cohorts: z.array(CohortSummary) });

const FailingCheck = z.strictObject({ criterion: z.string(), status: z.enum(['fail', 'error', 'timeout']) });

/** `GET /api/team/cohorts/:cohort/progress`: the track as columns, a row per learner. */
export const CohortProgress = z.strictObject({
  cohort: z.string(),
  track: z.string(),
  title: z.string(),
  phases: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  nodes: z.array(z.strictObject({ id: z.string(), title: z.string(), phase: z.string().nullable(), optional: z.boolean() })),
  learners: z.array(
    z.strictObject({
      email: z.string(),
      done: z.number(),
      total: z.number(),
      /** When the learner last acted, or null. */
      lastEventAt: z.string().nullable(),
      nodes: z.record(z.string(), NodeStatus),
      /** Nodes whose latest check run did not pass, by node id. */
      failing: z.record(z.string(), FailingCheck),
    }),
  ),
});

/** `GET /api/team/cohorts/:cohort/learners/:email`: one learner for their mentor. */
export const LearnerView = z.strictObject({
  cohort: z.string(),
  track: z.string(),
  title: z.string(),
  email: z.string(),
  lastEventAt: z.string().nullable(),
  progress: Progress,
  nodes: z.array(NodeState),
  /** Only the entries the learner shared. */
  journal: z.array(
    z.strictObject({
      path: z.string(),
      date: z.string(),
      title: z.string().nullable(),
      node: z.string().nullable(),
      tags: z.array(z.string()),
      words: z.number(),
      body: z.string(),
    }),
  ),
  /** The learner's events as lines of a timeline, newest first. */
  events: z.array(z.strictObject({ id: z.string(), at: z.string(), verb: z.string(), node: z.string().nullable(), summary: z.string() })),
});

/** `POST …/sign-off`: the `reviewed` event written to the learner's log. */
export const SignedOff = z.strictObject({ event: z.string(), approved: z.boolean() });

/** `GET /api/team/sync/:track/events`: a page of the learner's events after a cursor. */
export const SyncPage = z.strictObject({
  events: z.array(SyncEvent),
  cursor: z.string(),
  problems: z.array(z.strictObject({ line: z.number(), kind: z.enum(['torn', 'invalid']), message: z.string() })),
});

/** `POST /api/team/sync/:track/events`: how many were new, and how many the server had already. */
export const SyncImported = z.strictObject({ added: z.number(), skipped: z.number() });

const JobState = z.enum(['queued', 'running', 'retrying', 'done', 'dead']);

/** `POST …/checks`: the job started, to follow at /api/jobs/:job; on a team server, queued for the workers, with its state. */
export const CheckStarted = z.strictObject({ job: z.string(), state: JobState.optional() });

/** `GET /api/checks/jobs/:job`: a verified check job, its attempts and result. */
export const CheckJob = z.strictObject({
  job: z.strictObject({
    id: z.string(),
    learner: z.string(),
    track: z.string(),
    node: z.string(),
    criterion: z.string(),
    state: JobState,
    attempts: z.number(),
    maxAttempts: z.number(),
    /** The worker of the latest attempt. */
    worker: z.string().nullable(),
    durationMs: z.number().nullable(),
    result: CheckResult.nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
});

const Attempt = { attempt: z.number(), of: z.number(), worker: z.string() };

/** The events only a team server's check job has: queued, each attempt, and a failed attempt's retry or the dead letter. */
export const TeamJobEvents = {
  queued: z.strictObject({ job: z.string(), criterion: z.string(), files: z.number() }),
  attempt: z.strictObject(Attempt),
  retrying: z.strictObject({ ...Attempt, error: z.string() }),
  dead: z.strictObject({ ...Attempt, error: z.string() }),
};

/** A worker's verification, added to a team job's `result` event. */
export const verifiedFields = {
  provenance: z.literal('verified').optional(),
  job: z.string().optional(),
  worker: z.string().optional(),
  durationMs: z.number().optional(),
};

/** A team job's `done` event: the job's end state, the check's status, who ran it and how long. */
export const TeamJobDone = z.strictObject({
  job: z.string(),
  state: z.literal('done'),
  status: CheckResult.shape.status,
  worker: z.string(),
  durationMs: z.number(),
});
