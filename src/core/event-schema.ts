import * as z from 'zod/mini';
import { describeValue, firstIssue } from './issues.js';

// zod's mini build: the schemas of every event are checked on each read of the log, and the
// full build costs a command ~25 ms to load where this one costs ~3 ms.

const text = z.string();
const count = z.number().check(z.int(), z.gte(1));
const milliseconds = z.number().check(z.gte(0));

/** What every event needs, whatever its verb: the rest of the line is kept as it is. */
export const EventEnvelope = z.looseObject({
  id: text.check(z.minLength(1)),
  timestamp: text.check(z.refine((value) => !Number.isNaN(Date.parse(value)), { error: (issue) => `"timestamp" is not a date: ${String(issue.input)}` })),
  verb: text.check(z.minLength(1)),
  object: z.looseObject({ type: text }),
});

const context = z.looseObject({ track: z.optional(text), trackVersion: z.optional(text), practice: z.optional(z.boolean()) });

// A verb this version knows: the envelope, who, its result (an object when there is one) and its
// context, then what the verb itself needs; one parse checks a line of a known verb whole.
const known = (shape: Record<string, z.ZodMiniType>) =>
  z.looseObject({
    ...EventEnvelope.def.shape,
    actor: z.optional(z.looseObject({ name: z.optional(text) })),
    result: z.optional(z.looseObject({})),
    context: z.optional(context),
    ...shape,
  });

const onNode = z.looseObject({ type: text, node: text });
const onCriterion = z.looseObject({ type: text, node: text, criterion: text });
const onQuestion = z.looseObject({ type: z.literal('question'), node: text, criterion: text, question: text });
const onTrack = z.looseObject({ type: z.literal('track') });
const answer = { success: z.boolean(), durationMs: z.optional(z.nullable(milliseconds)) };

/**
 * What each verb this version reads needs in `object` and `result` (docs/workspace.md lists them).
 * A line of a known verb that lacks them is left out of progress and reported; a verb this
 * version does not know passes on the envelope alone (a newer Trailguide wrote it).
 */
export const VERB_SCHEMAS: Record<string, z.ZodMiniType> = {
  attested: known({ object: onCriterion, result: z.looseObject({ response: text }) }),
  skipped: known({ object: onNode }),
  reset: known({ object: z.union([onTrack, onNode]) }),
  practiced: known({ result: z.looseObject({ enabled: z.boolean() }) }),
  'completed-quiz': known({
    object: onCriterion,
    result: z.looseObject({ score: z.looseObject({ scaled: z.number().check(z.gte(0), z.lte(1)) }), success: z.optional(z.boolean()) }),
  }),
  answered: known({ object: onQuestion, result: z.looseObject({ ...answer, hinted: z.optional(z.boolean()) }) }),
  'reviewed-card': known({ object: onQuestion, result: z.looseObject({ ...answer, rating: z.optional(z.enum(['again', 'hard', 'good', 'easy'])) }) }),
  'review-settings': known({ result: z.looseObject({ includeCorrect: z.boolean() }) }),
  'export-settings': known({ result: z.looseObject({ auto: z.boolean() }) }),
  checked: known({
    object: onCriterion,
    result: z.looseObject({
      status: z.enum(['pass', 'fail', 'error', 'timeout', 'skipped']),
      runId: z.optional(text),
      durationMs: z.optional(milliseconds),
      success: z.optional(z.boolean()),
    }),
  }),
  experimented: known({ object: onNode, result: z.looseObject({ metrics: z.record(text, z.number()), runId: z.optional(text), criterion: z.optional(text) }) }),
  hinted: known({ object: onNode, result: z.looseObject({ hint: count, of: z.optional(count) }) }),
  reviewed: known({ object: onCriterion, result: z.looseObject({ approved: z.boolean() }) }),
  'tutor-guarded': known({ object: onNode, result: z.looseObject({ mode: text, share: z.number() }) }),
  'track-updated': known({}),
};

/** What is wrong with a parsed line as an event: the envelope first, then what its verb needs; undefined when it is a valid event. */
export function eventProblem(value: unknown): { verb: string | undefined; problem: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { verb: undefined, problem: `not a JSON object but ${describeValue(value)}` };
  const verb = (value as { verb?: unknown }).verb;
  const schema = typeof verb === 'string' && Object.hasOwn(VERB_SCHEMAS, verb) ? VERB_SCHEMAS[verb]! : EventEnvelope;
  if (schema.safeParse(value).success) return undefined;
  // What every event needs is told first; then what the verb needs.
  const envelope = firstIssue(EventEnvelope, value);
  return envelope ? { verb: undefined, problem: envelope } : { verb: verb as string, problem: firstIssue(schema, value)! };
}
