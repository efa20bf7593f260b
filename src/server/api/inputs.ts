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
/** `POST …/checks`. */
export const CheckBody = z.strictObject({ criterion: id.optional() });
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
/** `POST …/checks` on a team server: the check, and the learner's files of the node folder (base64). */
export const TeamCheckBody = z.strictObject({
  criterion: id.optional(),
  files: z.array(z.strictObject({ path: z.string().max(300), content: z.string() })).max(1000),
});
