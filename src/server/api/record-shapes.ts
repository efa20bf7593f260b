import { z } from 'zod';
import { CheckResultSchema } from '../../core/check-result.js';
import { QUESTION_TYPES } from '../../core/quiz.js';
import { MODES } from '../../tutor/modes.js';
import { outcomeFields } from './track-shapes.js';

// The answers about what the learner does and records: quizzes, checks, runs, journal, review, tutor.

/** The check result contract v1 (docs/checks.md), as the runner writes it. */
export const CheckResult = CheckResultSchema;

/** A question as the learner gets it: nothing that gives the answer away (ordering items come shuffled). */
export const PublicQuestion = z.strictObject({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  details: z.string().nullable(),
  options: z.array(z.string()).optional(),
  items: z.array(z.string()).optional(),
});

/** `GET …/quiz`. */
export const Quiz = z.strictObject({
  criterion: z.string(),
  title: z.string().nullable(),
  intro: z.string().nullable(),
  pass: z.number(),
  seed: z.number(),
  questions: z.array(PublicQuestion),
});

/** How one question was answered. */
export const GradedQuestion = z.strictObject({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  correct: z.boolean(),
  expected: z.unknown(),
  given: z.unknown(),
  explanation: z.string().nullable(),
});

/** `POST …/quiz`: the graded attempt and what it changed. */
export const QuizGrade = z.strictObject({
  ...outcomeFields,
  score: z.number(),
  points: z.number(),
  total: z.number(),
  pass: z.number(),
  passed: z.boolean(),
  questions: z.array(GradedQuestion),
});

const runCommon = {
  id: z.string(),
  node: z.string(),
  provenance: z.enum(['measured', 'reported', 'verified']),
  criterion: z.string().nullable(),
  status: z.string().nullable(),
  startedAt: z.string(),
  objective: z.string().nullable(),
  command: z.string().nullable(),
  metrics: z.record(z.string(), z.number()),
};

/** A run in a listing: what ran, when, how it ended, and its final metric values. */
export const RunSummary = z.strictObject({ ...runCommon, kind: z.enum(['check', 'manual']) });

/** A run as the run list and the node page show it: its summary, duration and params. */
export const RunView = z.strictObject({
  ...runCommon,
  kind: z.enum(['check', 'manual']),
  durationMs: z.number().nullable(),
  params: z.record(z.string(), z.string()),
});

const artifact = z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.number() });
const recordCommon = {
  id: z.string(),
  node: z.string(),
  startedAt: z.string(),
  metrics: z.record(z.string(), z.array(z.number())),
  artifacts: z.array(artifact),
  gitCommit: z.string().nullable(),
};

/** A run record (`.trail/runs/<id>/run.json`): a check run or an experiment logged by hand. */
export const RunRecord = z.discriminatedUnion('kind', [
  z.strictObject({
    ...recordCommon,
    kind: z.literal('check'),
    criterion: z.string(),
    command: z.string(),
    durationMs: z.number(),
    exitCode: z.number().nullable(),
    status: CheckResult.shape.status,
  }),
  z.strictObject({
    ...recordCommon,
    kind: z.literal('manual'),
    criterion: z.null(),
    command: z.null(),
    objective: z.string(),
    params: z.record(z.string(), z.string()),
    notes: z.string().nullable(),
    durationMs: z.null(),
    exitCode: z.null(),
    status: z.null(),
  }),
]);

// Vega-Lite's own type has no index signature: the object is held as one without naming its fields.
const VegaLiteSpec = z
  .custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .describe('A Vega-Lite specification (https://vega.github.io/schema/vega-lite/v6.json)');

/** A Vega-Lite chart of one metric. */
export const Chart = z.strictObject({ metric: z.string(), spec: VegaLiteSpec });

/** `GET …/runs`. */
export const RunList = z.strictObject({ runs: z.array(RunView), problems: z.array(z.strictObject({ path: z.string(), message: z.string() })) });

/** `GET …/runs/:id`: the record, its charts and, for a check run, its full result. */
export const RunDetail = z.strictObject({
  run: RunRecord,
  charts: z.array(Chart),
  /** The check result kept with the run (every failed expectation with expected and actual, the output); null for a logged run or one without its result file. */
  result: CheckResult.nullable(),
  /** The node's folder in the workspace: the result's file paths are relative to it. Null when the track no longer has the node. */
  folder: z.string().nullable(),
});

/** `GET …/compare`: two runs' params and final metrics side by side. */
export const Comparison = z.strictObject({
  a: RunSummary,
  b: RunSummary,
  params: z.array(z.strictObject({ name: z.string(), a: z.string().nullable(), b: z.string().nullable(), same: z.boolean() })),
  metrics: z.array(z.strictObject({ name: z.string(), a: z.number().nullable(), b: z.number().nullable(), delta: z.number().nullable() })),
  charts: z.array(Chart),
});

const entryFields = {
  path: z.string(),
  node: z.string().nullable(),
  date: z.string(),
  words: z.number(),
  title: z.string().nullable(),
  tags: z.array(z.string()),
  shared: z.boolean().optional(),
};

/** A journal entry in a listing. */
export const JournalEntrySummary = z.strictObject(entryFields);

/** `GET …/journal`: entries newest first, and the files that could not be read as entries. */
export const JournalList = z.strictObject({
  entries: z.array(JournalEntrySummary),
  problems: z.array(z.strictObject({ path: z.string(), line: z.number(), message: z.string() })),
});

/** `GET …/journal/entry`. */
export const JournalEntryPage = z.strictObject({ entry: z.strictObject({ ...entryFields, distinct: z.number().optional(), body: z.string() }) });

/** `POST …/journal`. */
export const JournalSaved = z.strictObject({
  ...outcomeFields,
  entry: z.strictObject({ path: z.string(), node: z.string().nullable(), date: z.string(), words: z.number() }),
  /** Why the entry is shorter than the node's journal criterion asks, when it is. */
  warning: z.string().nullable(),
});

/** A review card due now, with its question. */
export const ReviewCard = z.strictObject({
  id: z.string(),
  node: z.string(),
  criterion: z.string(),
  question: PublicQuestion,
  due: z.string(),
  state: z.string(),
  stability: z.number(),
  difficulty: z.number(),
  reps: z.number(),
  lapses: z.number(),
  lastReview: z.string().nullable(),
});

/** `GET …/review`. */
export const ReviewQueue = z.strictObject({
  now: z.string(),
  cards: z.number(),
  due: z.array(ReviewCard),
  nextDue: z.string().nullable(),
  warnings: z.array(z.string()),
});

/** `POST …/review`. */
export const ReviewGrade = z.strictObject({
  id: z.string(),
  correct: z.boolean(),
  expected: z.unknown(),
  given: z.unknown(),
  explanation: z.string().nullable(),
  rating: z.enum(['again', 'hard', 'good', 'easy']),
  due: z.string(),
});

/** `POST …/checks` and `POST …/tutor`: the job that does the work. */
export const JobStarted = z.strictObject({ job: z.string() });

/** The tutor's answer: in which mode, whether a model wrote it, the text and the course passages it cites. */
export const TutorAnswer = z.strictObject({
  mode: z.enum(MODES),
  llm: z.boolean(),
  answer: z.string(),
  citations: z.array(z.strictObject({ node: z.string(), kind: z.string(), title: z.string(), heading: z.string(), score: z.number() })),
  guarded: z.boolean(),
  error: z.string().nullable(),
});
