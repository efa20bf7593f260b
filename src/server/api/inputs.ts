import { LEVELS, MODES } from '../../tutor/modes.js';
import { z } from 'zod';

const id = z.string().min(1).max(200);

/** `POST /api/tracks`. */
export const FollowBody = z.strictObject({ track: id });
/** `PUT /api/tracks/:track/practice`. */
export const PracticeBody = z.strictObject({ on: z.boolean() });
/** `GET /api/tracks/:track`. */
export const TrackQuery = z.object({ hoursPerWeek: z.coerce.number().positive().max(168).default(8) });
/** `POST …/attest`. */
export const AttestBody = z.strictObject({ criterion: id.optional(), text: z.string().max(20_000) });
/** `GET …/quiz`. */
export const QuizQuery = z.object({ criterion: id.optional(), seed: z.coerce.number().int().min(0).max(0xffffffff).optional() });
/** `POST …/quiz`. */
export const QuizBody = z.strictObject({
  criterion: id.optional(),
  answers: z.record(z.string(), z.unknown()),
  durations: z.record(z.string(), z.number().nonnegative()).optional(),
});
/** A file of the node folder, uploaded to a team server: its path in the folder and its content in base64. */
const UploadedFile = z.strictObject({ path: z.string().max(300), content: z.string() });
/** `POST …/checks`: which check (when the node has several); on a team server, the learner's files of the node folder too. */
export const CheckBody = z.strictObject({ criterion: id.optional(), files: z.array(UploadedFile).max(1000).optional() });
/** `POST …/checks` on a team server: the files are required there. */
export const TeamCheckBody = CheckBody.required({ files: true });
/** `POST /api/tracks/:track/tutor`. */
export const TutorBody = z.strictObject({
  question: z.string().trim().min(1).max(4000),
  mode: z.enum(MODES).optional(),
  level: z.enum(LEVELS).optional(),
  node: id.optional(),
  history: z
    .array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string().max(20_000) }))
    .max(20)
    .optional(),
});
/** `POST /api/tracks/:track/journal`. */
export const JournalBody = z.strictObject({
  node: id.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  tags: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(50)
        .regex(/^[^\n,]+$/, 'a tag is one line without commas'),
    )
    .max(20)
    .optional(),
  body: z.string().max(200_000),
  /** Share the entry with the cohort's mentors (team mode); private otherwise. */
  shared: z.boolean().optional(),
  /** Keep an entry shorter than the node's journal criterion asks (a quick note). */
  allowShort: z.boolean().optional(),
});
/** `GET …/journal`. */
export const JournalQuery = z.object({ node: id.optional() });
/** `GET …/journal/entry`. */
export const EntryQuery = z.object({ path: z.string().min(1).max(500) });
/** `POST …/review`. */
export const ReviewBody = z.strictObject({ card: id, response: z.unknown(), durationMs: z.number().nonnegative().nullable().optional() });
/** `GET …/runs`. */
export const RunsQuery = z.object({ node: id.optional() });
/** `GET …/compare`. */
export const CompareQuery = z.object({ a: id, b: id });
/** `POST /api/auth/login`. */
export const Credentials = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
/** `POST /api/auth/tokens`: the credentials, and a label to know the token by. */
export const TokenBody = Credentials.extend({ label: z.string().min(1).max(200).optional() });
/** `POST /api/team/cohorts/:cohort/learners/:email/sign-off`. */
export const SignOffBody = z.strictObject({
  node: id,
  criterion: id,
  approved: z.boolean().default(true),
  comment: z.string().max(20_000).default(''),
});
/** `GET /api/team/sync/:track/events`. */
export const SyncQuery = z.object({ since: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) });
/** An event of the learner's log as sync moves it (docs/events.md): checked loosely, kept whole. */
export const SyncEvent = z.looseObject({
  id: z.string().min(1).max(100),
  timestamp: z.string(),
  actor: z.looseObject({ name: z.string() }),
  verb: z.string(),
  object: z.looseObject({ type: z.string() }),
});
/** `POST /api/team/sync/:track/events`. */
export const SyncBody = z.strictObject({ events: z.array(SyncEvent).max(1000) });
