import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ulid } from 'ulid';
import { z } from 'zod';
import { readNodeBody } from '../content/front-matter.js';
import { TrailError } from '../core/errors.js';
import { gradeQuestion, publicQuestion } from '../core/quiz.js';
import { addJournalEntry, commit, eventContext, hintsOf, requireNode, requireUnlocked, revealHint } from '../workspace/actions.js';
import { logExperiment } from '../workspace/experiments.js';
import { nextSteps } from '../workspace/next.js';
import { newEvent } from '../workspace/record.js';
import { dueEntries, grade, loadDeck } from '../workspace/review-deck.js';
import { checksOf, runNodeChecks } from '../workspace/run-checks.js';
import { loadQuiz, pickQuiz, recordAttempt, type Given } from '../workspace/quizzes.js';
import { recordsPublisher } from '../records/publish.js';
import { openSession, type Host, type Session } from '../workspace/session.js';
import { ask, openTutor, visibility } from '../tutor/tutor.js';
import { MODES } from '../tutor/modes.js';
import { workspaceFiles } from '../store/files.js';

/** Where the server works and with what: the workspace folder, the environment (the tutor's model), the clock. */
export interface McpOptions {
  workspace: string;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  version: string;
}

type Content = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

// Every tool answers JSON (as text, and as structured content); a learner's mistake is a tool error with the fix.
function answer(data: Record<string, unknown>): Content {
  return { content: [{ type: 'text', text: JSON.stringify(data, null, 2) }], structuredContent: data };
}

function failure(error: unknown): Content {
  if (error instanceof TrailError)
    return { content: [{ type: 'text', text: `${error.code}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}` }], isError: true };
  return { content: [{ type: 'text', text: `INTERNAL: ${error instanceof Error ? error.message : String(error)}` }], isError: true };
}

const nodeId = z.string().min(1).describe('a node id of the track (get_status lists them)');

/**
 * The MCP server of a workspace: the learner's real state and the same actions as the CLI and
 * the web app, so a coding agent can tutor with them. Every call opens the workspace afresh:
 * what the learner did meanwhile in a terminal or the browser counts.
 */
export function createMcpServer(options: McpOptions): McpServer {
  const now = options.now ?? (() => new Date());
  const server = new McpServer(
    { name: 'trailguide', version: options.version },
    {
      instructions:
        "Tutor a learner through their Trailguide track. Use get_status and next_steps to see where they are, search_course to ground explanations (cite the node), get_hint for authored hints in order, get_quiz and check_answer to quiz them. Never give an exercise's solution.",
    },
  );
  const host: Host = { clock: now, env: options.env, publish: recordsPublisher((s) => workspaceFiles(s.workspace.root)) };
  const session = () => openSession(options.workspace, host);
  const tool = <S extends z.ZodRawShape>(
    name: string,
    description: string,
    schema: S,
    run: (args: z.infer<z.ZodObject<S>>, s: Session) => Promise<Record<string, unknown>>,
  ) =>
    server.registerTool(name, { description, inputSchema: schema }, (async (args: z.infer<z.ZodObject<S>>) => {
      try {
        return answer(await run(args, await session()));
      } catch (error) {
        return failure(error);
      }
    }) as never);

  tool('get_status', 'The track and every node with its status (locked, available, in_progress, done, skipped) and progress.', {}, async (_args, s) => ({
    track: { id: s.track.id, title: s.track.title, version: s.track.version },
    progress: s.state.progress,
    practice: s.state.practice,
    nodes: s.state.nodes.map((n) => ({ id: n.id, title: n.title, phase: n.phase ?? null, status: n.status, waitingFor: n.waitingFor })),
  }));

  tool(
    'next_steps',
    'What the learner can work on now: open nodes in order, each with its first open criterion and the command for it.',
    {},
    async (_args, s) => ({ nodes: nextSteps(s) }),
  );

  tool(
    'get_node',
    'A node: objectives, MVU, exercise (with only the hints already revealed), resources, criteria with their state and evidence, and the overview text.',
    { node: nodeId },
    async ({ node: id }, s) => {
      const { node, state } = requireNode(s, id);
      const { dir: _dir, criteria: _criteria, exercise, ...fields } = node;
      return {
        node: {
          ...fields,
          exercise: exercise ? { ...exercise, hints: hintsOf(s, node) } : null,
          status: state.status,
          waitingFor: state.waitingFor,
          criteria: state.criteria,
        },
        overview: readNodeBody(s.workspace.trackDir, node),
      };
    },
  );

  tool(
    'search_course',
    'Search the course (overviews by section, MVUs, exercises, resources; never solutions or quiz answers); each passage names its node.',
    {
      query: z.string().min(1),
      node: nodeId.optional().describe('the node the learner is on: its passages rank higher'),
      limit: z.number().int().min(1).max(20).optional(),
    },
    async ({ query, node, limit }, s) => {
      const tutor = await openTutor(s, {}, now);
      const hits = tutor.index.query(query, { ...(node ? { node: requireNode(s, node).node.id } : {}), limit: limit ?? 5, visible: await visibility(s) });
      return {
        passages: hits.map((h) => ({
          node: h.passage.node,
          title: h.passage.nodeTitle,
          heading: h.passage.heading,
          kind: h.passage.kind,
          score: Math.round(h.score * 1000) / 1000,
          text: h.passage.text,
        })),
      };
    },
  );

  tool(
    'get_quiz',
    "A node's quiz without its answers: each question's id, type, prompt, and options or items.",
    { node: nodeId, criterion: z.string().optional() },
    async ({ node: id, criterion: criterionId }, s) => {
      const { node } = requireNode(s, id);
      const criterion = pickQuiz(s, node, criterionId);
      const quiz = loadQuiz(s, node, criterion);
      const seed = Date.now() % 2 ** 31;
      return { node: node.id, criterion: criterion.id, pass: quiz.pass ?? criterion.pass, questions: quiz.questions.map((q) => publicQuestion(q, seed)) };
    },
  );

  tool(
    'check_answer',
    'Grade the learner: one question (recorded as an answer, so a miss comes back in review) or a whole quiz (recorded as an attempt, like trail quiz). Answers as in an answers file: option text, number, text, or a list.',
    {
      node: nodeId,
      criterion: z.string().optional(),
      question: z.string().optional().describe('one question id'),
      answer: z.unknown().optional().describe('the answer to that question'),
      answers: z.record(z.string(), z.unknown()).optional().describe('a whole attempt: { question id: answer }'),
    },
    async ({ node: id, criterion: criterionId, question, answer: given, answers }, s) => {
      const { node, state } = requireNode(s, id);
      requireUnlocked(state);
      const criterion = pickQuiz(s, node, criterionId);
      const quiz = loadQuiz(s, node, criterion);
      const at = now();
      if (answers) {
        const unknown = Object.keys(answers).find((key) => !quiz.questions.some((q) => q.id === key));
        if (unknown)
          throw new TrailError('ANSWERS_INVALID', `no question "${unknown}" in the quiz of ${node.id}`, `ids: ${quiz.questions.map((q) => q.id).join(', ')}`);
        const map = new Map<string, Given>(Object.entries(answers).map(([key, response]) => [key, { response, durationMs: null, at }]));
        const { result, outcome } = await recordAttempt(s, node, criterion, quiz, map, { attempt: ulid(), pass: quiz.pass ?? criterion.pass, finished: at });
        return { ...result, node: outcome.node ?? null, unlocked: outcome.unlocked };
      }
      const asked = quiz.questions.find((q) => q.id === question);
      if (!asked)
        throw new TrailError(
          'ANSWERS_INVALID',
          question ? `no question "${question}" in the quiz of ${node.id}` : 'give "question" and "answer", or "answers" for the whole quiz',
          `ids: ${quiz.questions.map((q) => q.id).join(', ')}`,
        );
      const graded = gradeQuestion(asked, given);
      const event = newEvent(
        'answered',
        { type: 'question', node: node.id, criterion: criterion.id, question: asked.id },
        {
          result: { response: given ?? null, success: graded.correct, durationMs: null, hinted: false },
          context: { ...eventContext(s), attempt: ulid() },
          now: at,
          host: s.host,
        },
      );
      await commit(s, node.id, event);
      return { question: asked.id, correct: graded.correct, expected: graded.correct ? graded.expected : null, explanation: graded.explanation };
    },
  );

  tool(
    'get_hint',
    "Reveal the next authored hint of a node's exercise (recorded, as trail hint); all hints revealed so far.",
    { node: nodeId },
    async ({ node: id }, s) => {
      const { node } = requireNode(s, id);
      const { hints, revealed, node: state } = await revealHint(s, node);
      return { node: node.id, revealed, total: hints.total, hints: hints.shown, status: state?.status ?? null };
    },
  );

  tool(
    'run_check',
    "Run a node's exercise checks on the learner's code (as trail check) and record the runs.",
    { node: nodeId, criterion: z.string().optional() },
    async ({ node: id, criterion }, s) => {
      const { node, state } = requireNode(s, id);
      requireUnlocked(state);
      const { runs, outcome } = await runNodeChecks(s, node, checksOf(node, criterion));
      return {
        node: node.id,
        runs: runs.map(({ criterion: c, run }) => ({
          criterion: c,
          runId: run.id,
          status: run.result.status,
          message: run.result.message,
          failing: run.result.tests.filter((t) => t.status === 'fail' || t.status === 'error').slice(0, 3),
          metrics: run.result.metrics,
          missing: run.result.missing ?? [],
        })),
        status: outcome.node?.status ?? null,
        unlocked: outcome.unlocked,
      };
    },
  );

  tool(
    'add_journal_entry',
    "Write a journal entry in the learner's words (a file in journal/), linked to a node.",
    { node: nodeId.optional(), title: z.string().optional(), text: z.string().min(1), tags: z.array(z.string()).optional() },
    async ({ node: id, title, text, tags }, s) => {
      const node = id ? requireNode(s, id).node : undefined;
      const outcome = await addJournalEntry(s, { node, title, tags: tags ?? [], body: text });
      return { entry: outcome.entry, short: outcome.short ?? null, status: outcome.node?.status ?? null, unlocked: outcome.unlocked };
    },
  );

  tool(
    'log_experiment',
    'Record an experiment the learner ran by hand (as trail log). Its numbers are reported, not measured: criteria with from: check do not count them.',
    {
      node: nodeId,
      objective: z.string().min(1),
      params: z.record(z.string(), z.string()).optional(),
      metrics: z.record(z.string(), z.union([z.number(), z.array(z.number())])),
      notes: z.string().optional(),
    },
    async ({ node: id, objective, params, metrics, notes }, s) => {
      const { node, state } = requireNode(s, id);
      requireUnlocked(state);
      const series = Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));
      const outcome = await logExperiment(s, node, { objective, params: params ?? {}, metrics: series, notes: notes ?? null, artifacts: [] }, now());
      return { runId: outcome.record.id, provenance: 'reported', plots: outcome.plots, status: outcome.node?.status ?? null, unlocked: outcome.unlocked };
    },
  );

  tool('review_due', 'The review cards due now (missed quiz questions, spaced by FSRS), without their answers.', {}, async (_args, s) => {
    const deck = await loadDeck(s);
    const at = now();
    return { cards: dueEntries(deck, at).map((entry) => ({ card: entry.card.id, node: entry.card.node, question: publicQuestion(entry.question, 0) })) };
  });

  tool(
    'grade_review',
    'Answer a due review card (recorded, and the card is scheduled again).',
    { card: z.string().min(1), answer: z.unknown() },
    async ({ card, answer: given }, s) => {
      const at = now();
      const entry = dueEntries(await loadDeck(s), at).find((e) => e.card.id === card);
      if (!entry) throw new TrailError('ANSWERS_INVALID', `card "${card}" is not due now`, 'review_due lists the cards due');
      const done = grade(s, entry, { response: given, durationMs: null }, at);
      await commit(s, undefined, done.event);
      return { card, correct: done.result.correct, rating: done.rating, due: done.due, explanation: done.result.explanation };
    },
  );

  // The tutor's answer in a mode, for agents that want the course's own help (hints, quiz bank) or its model.
  tool(
    'ask_tutor',
    "Ask the course's tutor in a mode; cites the course. Without a configured model it answers from the course.",
    { question: z.string().min(1), mode: z.enum(MODES).optional(), node: nodeId.optional() },
    async (args, s) => {
      const tutor = await openTutor(s, options.env, now);
      return { ...(await ask(tutor, args)) };
    },
  );

  server.registerResource(
    'overview',
    new ResourceTemplate('trailguide://node/{node}/overview', {
      list: async () => {
        const s = await session();
        return {
          resources: s.track.nodes.map((n) => ({ uri: `trailguide://node/${n.id}/overview`, name: `${n.title} — overview`, mimeType: 'text/markdown' })),
        };
      },
    }),
    { description: "A node's overview (teaching text), Markdown", mimeType: 'text/markdown' },
    async (uri, variables) => {
      const s = await session();
      const { node } = requireNode(s, String(variables.node));
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: readNodeBody(s.workspace.trackDir, node) }] };
    },
  );

  const promptNode = { node: z.string().describe('a node id') };
  server.registerPrompt(
    'explain',
    {
      description: 'Explain a node to the learner at their level, grounded in the course',
      argsSchema: { ...promptNode, level: z.string().optional().describe('five, beginner, intermediate or expert') },
    },
    ({ node, level }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Explain the node "${node}" of my Trailguide track${level ? ` at the level "${level}"` : ''}. Read it with get_node and search_course, cite the nodes you use, and check my understanding with one question at the end.`,
          },
        },
      ],
    }),
  );
  server.registerPrompt('quiz', { description: "Quiz the learner on a node with the course's own questions", argsSchema: promptNode }, ({ node }) => ({
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text: `Quiz me on "${node}": ask the questions of get_quiz one at a time, grade each with check_answer, and explain my misses with search_course.`,
        },
      },
    ],
  }));
  server.registerPrompt('hint', { description: 'Help a stuck learner with hints, never the solution', argsSchema: promptNode }, ({ node }) => ({
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text: `I am stuck on "${node}". Look at my last check with get_node, give me the next hint with get_hint, and ask me questions that lead me on. Do not write the solution.`,
        },
      },
    ],
  }));
  return server;
}

/** `trail mcp`: serves the workspace over stdio until the client closes it. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const server = createMcpServer(options);
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
}
