import { z } from 'zod';

/** Ids of tracks, phases, nodes and criteria: lower-case slugs, stable across versions. */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

export const NODE_KINDS = ['stage', 'section', 'milestone', 'project', 'topic'] as const;
export const RULES = ['prerequisites', 'sequential', 'phase-gate'] as const;
export const CRITERION_KINDS = ['attest', 'journal', 'quiz', 'check', 'experiment', 'review', 'paper'] as const;

const criterionBase = {
  id: Id.optional().describe('Stable id; defaults to "<kind>-<n>", counted per kind in the node'),
  text: z.string().optional().describe("What must hold, in the author's words (exit criteria are kept word for word)"),
  optional: z
    .boolean()
    .optional()
    .describe('Default false. Shown and recorded, but the node is done without it (a stretch goal, or a check that needs what not every machine has)'),
};

/** What a check may need beyond Python's standard library and numpy: `network`, `gpu`, `llm`, `command:<name>`, or a Python module (`torch`, `python:sklearn`). */
export const Need = z
  .string()
  .regex(
    /^(?:network|gpu|llm|command:[A-Za-z0-9._+-]+|(?:python:)?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/,
    'use network, gpu, llm, command:<program>, or a Python module name such as torch',
  );

export const AttestCriterion = z
  .object({
    kind: z.literal('attest'),
    ...criterionBase,
    text: z.string().min(1).describe('The statement the learner affirms'),
    minLength: z.number().int().min(0).default(20).describe("Minimum length, in characters, of the learner's own words"),
    link: z.boolean().optional().describe('The statement must include a link (http:// or https://) to what the learner made or published'),
  })
  .strict();

export const JournalCriterion = z
  .object({
    kind: z.literal('journal'),
    ...criterionBase,
    minWords: z.number().int().min(1).default(50).describe('Minimum words of one journal entry linked to the node'),
  })
  .strict();

export const QuizCriterion = z
  .object({
    kind: z.literal('quiz'),
    ...criterionBase,
    file: z.string().default('quiz.md').describe('Quiz file in the node folder'),
    pass: z.number().min(0).max(1).default(0.8).describe('Share of points needed to pass, 0..1'),
  })
  .strict();

/** A condition on a metric series the learner's code logged through the metric protocol. */
export const MetricExpectation = z
  .object({
    metric: z.string().min(1),
    of: z
      .enum(['last', 'min', 'max', 'mean', 'length', 'series'])
      .default('last')
      .describe('What of the series is compared: a value, its length, or (series) its shape'),
    op: z.enum(['<', '<=', '>', '>=', '==', '≈']).optional(),
    value: z.number().optional(),
    tolerance: z.number().min(0).optional().describe('For ≈ (value ± tolerance), and for decreasing (allowed rise between steps)'),
    decreasing: z.boolean().optional().describe('With of: series — each value at most the previous one plus tolerance'),
  })
  .strict()
  .refine((m) => (m.of === 'series' ? m.decreasing !== undefined : m.op !== undefined && m.value !== undefined), {
    message: 'give op and value (or, with of: series, decreasing: true)',
  })
  .refine((m) => m.op !== '≈' || m.tolerance !== undefined, { message: '≈ needs a tolerance' });

const TextExpectation = z.object({ contains: z.string().optional(), matches: z.string().optional(), notContains: z.string().optional() }).strict();

/** What an exercise check expects of the learner's program. */
export const CheckExpectations = z
  .object({
    exitCode: z.number().int().optional().describe('Expected exit code (default 0 unless tests decide)'),
    stdout: TextExpectation.optional(),
    stderr: TextExpectation.optional(),
    metrics: z.array(MetricExpectation).default([]),
    files: z
      .array(z.object({ path: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the file must match') }).strict())
      .default([]),
  })
  .strict();

export const CheckCriterion = z
  .object({
    kind: z.literal('check'),
    ...criterionBase,
    run: z.string().min(1).optional().describe('Command run in the node folder of the workspace (a tests check may leave it out)'),
    timeout: z.string().default('60s').describe('Wall-clock limit, e.g. "30s", "2 min"'),
    memory: z.string().default('1GB').describe('Memory limit of the whole process group, e.g. "512MB"'),
    processes: z.number().int().min(1).default(64).describe('Most processes the program may have at once'),
    env: z.record(z.string(), z.string()).default({}).describe('Extra environment variables'),
    allowEnv: z.array(z.string()).default([]).describe('Secrets (names ending _KEY, _TOKEN, …) passed through anyway'),
    network: z.boolean().default(false).describe('Allow network access (denied where the system allows it)'),
    needs: z
      .array(Need)
      .default([])
      .describe('What the check needs beyond Python and numpy; where one is missing the run is skipped with the reason, never passed'),
    llmScript: z
      .string()
      .optional()
      .describe('Replies of the scripted model that `trail test-track` serves to a check that needs llm (a JSON file in the node folder)'),
    files: z.array(z.string()).default([]).describe('Files of the node folder the check needs (starter files)'),
    checkFiles: z.array(z.string()).default([]).describe('Files restored from the track before each run, so editing them cannot make a check pass'),
    tests: z
      .object({ framework: z.enum(['python-unittest', 'node-test']), files: z.array(z.string()).min(1) })
      .strict()
      .optional()
      .describe("Test files shipped with the track, run against the learner's code; each test is reported"),
    expect: CheckExpectations.default({ metrics: [], files: [] }),
  })
  .strict();

export const MetricCondition = z
  .object({
    metric: z.string().min(1),
    op: z.enum(['<', '<=', '>', '>=', '==']),
    value: z.number(),
  })
  .strict();

export const ExperimentCriterion = z
  .object({
    kind: z.literal('experiment'),
    ...criterionBase,
    metrics: z.array(MetricCondition).default([]).describe('Conditions a logged run must meet'),
    from: z
      .enum(['any', 'check'])
      .optional()
      .describe('Default any. Which runs count: any run, or only runs a check measured (never a number typed with trail log)'),
  })
  .strict();

export const ReviewCriterion = z
  .object({
    kind: z.literal('review'),
    ...criterionBase,
    role: z.enum(['mentor']).default('mentor'),
  })
  .strict();

export const PaperCriterion = z
  .object({
    kind: z.literal('paper'),
    ...criterionBase,
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/, "write the paper's address, e.g. https://arxiv.org/abs/1706.03762")
      .describe("The paper, by its canonical address (an arXiv abstract page, the publisher's page)"),
    title: z.string().min(1).optional().describe("The paper's title, shown to the learner and suggested to trail paper add"),
    minWords: z.number().int().min(0).default(80).describe("Words of notes the learner writes under the note's headings"),
  })
  .strict();

export const Criterion = z.discriminatedUnion('kind', [
  AttestCriterion,
  JournalCriterion,
  QuizCriterion,
  CheckCriterion,
  ExperimentCriterion,
  ReviewCriterion,
  PaperCriterion,
]);

export const Resource = z
  .object({
    title: z.string().min(1),
    url: z.string().min(1).optional(),
    type: z.enum(['article', 'video', 'paper', 'book', 'course', 'repo', 'docs', 'tool', 'other']).default('article'),
  })
  .strict();

export const Exercise = z
  .object({
    title: z.string().optional(),
    text: z.string().min(1),
    files: z.array(z.string()).default([]).describe('Starter files of the node folder the exercise uses'),
    hints: z
      .array(z.string().min(1))
      .max(5)
      .default([])
      .describe('Graduated hints (Markdown), revealed one at a time: a nudge, a direction, the key step — never the solution'),
  })
  .strict();

/** Front matter of a node's overview.md. */
export const NodeFrontMatter = z
  .object({
    id: Id,
    title: z.string().min(1),
    kind: z.enum(NODE_KINDS).default('topic'),
    phase: Id.optional(),
    requires: z.array(Id).default([]),
    optional: z.boolean().default(false),
    anytime: z.boolean().default(false).describe('Has no prerequisites: may be read at any time'),
    duration: z.string().optional().describe('Effort, e.g. "2-4 weeks", "90 min", "3h"'),
    objectives: z.array(z.string()).default([]),
    mvu: z.string().optional().describe('Minimum viable understanding before moving on'),
    resources: z.array(Resource).default([]),
    tools: z.array(z.string()).default([]),
    exercise: z
      .union([
        z
          .string()
          .min(1)
          .transform((text) => ({ title: undefined as string | undefined, text, files: [] as string[], hints: [] as string[] })),
        Exercise,
      ])
      .optional(),
    criteria: z.array(Criterion).default([]),
    renamedFrom: z.array(Id).default([]).describe('Earlier ids of this node; their progress carries over'),
  })
  .strict();

export const Phase = z
  .object({
    id: Id,
    title: z.string().min(1),
    summary: z.string().optional(),
    duration: z.string().optional(),
    objectives: z.array(z.string()).default([]),
  })
  .strict();

/** track.yaml at the root of a track folder. */
export const TrackFile = z
  .object({
    id: Id,
    title: z.string().min(1),
    summary: z.string().optional(),
    version: z.union([z.string(), z.number()]).transform(String).default('1'),
    rules: z.array(z.enum(RULES)).default(['prerequisites']),
    pace: z
      .object({ hoursPerWeek: z.number().positive() })
      .strict()
      .default({ hoursPerWeek: 10 })
      .describe('Study hours per week that calendar durations ("2 weeks") assume'),
    phases: z.array(Phase).default([]),
    source: z.object({ title: z.string().optional(), url: z.string().optional(), file: z.string().optional() }).strict().optional(),
    notes: z.string().optional().describe('Text of the source that is not part of the graph'),
  })
  .strict();

export type CriterionSpec = z.infer<typeof Criterion>;
export type NodeSpec = z.infer<typeof NodeFrontMatter>;
export type TrackSpec = z.infer<typeof TrackFile>;
export type PhaseSpec = z.infer<typeof Phase>;
