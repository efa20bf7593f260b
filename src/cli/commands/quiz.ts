import { ulid } from 'ulid';
import { TrailError } from '../../core/errors.js';
import { describeExpected, gradeQuestion, type Quiz, type QuizResult } from '../../core/quiz.js';
import { seedOf, shuffleQuiz } from '../../core/shuffle.js';
import { colours, printJson, printLines } from '../output.js';
import { askQuestion, feedback, formatGiven, interrupted } from './ask-question.js';
import { describeOutcome, openFor, reported, requireNode, requireUnlocked, type JsonOption } from './common.js';
import { loadQuiz, pickQuiz, readAnswersFile } from './quiz-files.js';
import { command, JSON_OPTION } from '../command.js';
import type { CliOutput } from '../context.js';
import { recordAttempt, type Given } from '../../workspace/quizzes.js';
import type { Cli } from '../context.js';

/** Options of `trail quiz`. */
export interface QuizOptions extends JsonOption {
  criterion?: string;
  answers?: string;
  seed?: string;
}

/** `trail quiz`. */
export const quizCommand = command({
  name: 'quiz',
  description: "take a node's quiz, on the terminal or from an answers file; missed questions become review cards",
  arguments: [{ name: '<node>', description: 'node id' }],
  options: [
    { flags: '-c, --criterion <id>', description: 'the quiz criterion (needed when the node has several open ones)' },
    { flags: '--answers <file>', description: 'answer from a JSON file { "<question id>": <answer> } instead of the terminal' },
    { flags: '--seed <n>', description: 'seed of the question and option order (default: from the attempt id)' },
    JSON_OPTION,
  ],
  action: (cli, node: string, options: QuizOptions) => quiz(cli, node, options),
});

/**
 * `trail quiz <node>`: takes a node's quiz, from an answers file or on the terminal, and
 * records one `answered` event per question and a `completed-quiz` event with the score.
 */
export async function quiz(cli: Cli, nodeId: string, options: QuizOptions): Promise<number> {
  const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
  const session = await openFor(cli, options);
  const { node, state } = requireNode(session, nodeId);
  const criterion = pickQuiz(session, node, options.criterion);
  requireUnlocked(state);
  const parsed = loadQuiz(session, node, criterion, cli.cwd);
  const pass = parsed.pass ?? criterion.pass;
  const ids = parsed.questions.map((question) => question.id);
  const file = options.answers ? readAnswersFile(cli, options.answers, ids, { noun: 'question', among: `in quiz ${node.id} › ${criterion.id}` }) : undefined;
  if (!file && !cli.stdin.isTTY) {
    throw new TrailError(
      'USAGE',
      'no answers given, and no terminal to ask on',
      `pass an answers file: \`trail quiz ${node.id} --answers answers.json\` with { "<question id>": <answer> }; ids: ${ids.join(', ')}`,
    );
  }
  const attempt = ulid(cli.now().getTime());
  const given = new Map<string, Given>();
  if (file) {
    const at = cli.now();
    for (const id of ids) if (Object.hasOwn(file, id)) given.set(id, { response: file[id], durationMs: null, at });
  } else {
    await askAll(cli, parsed, seed ?? seedOf(attempt), pass, given, options.json ? cli.stderr : cli.stdout);
  }
  const { result, outcome } = await recordAttempt(session, node, criterion, parsed, given, { attempt, pass, finished: cli.now() });
  reported(cli, outcome);
  if (options.json) {
    printJson(cli, {
      node: node.id,
      criterion: criterion.id,
      attempt,
      score: result.score,
      points: result.points,
      total: result.total,
      passed: result.passed,
      pass,
      questions: result.questions,
      status: outcome.node?.status ?? null,
      unlocked: outcome.unlocked,
    });
    return 0;
  }
  // A failed attempt does not undo an earlier pass: say so, or "stays done" reads as this attempt's doing.
  const earlier = !result.passed && outcome.node?.criteria.find((state) => state.id === criterion.id)?.state === 'met';
  printLines(
    cli,
    ...summary(cli, node.id, criterion.id, result, parsed, Boolean(file)),
    ...(earlier ? ['An earlier attempt passed this quiz; it still counts.'] : []),
    ...describeOutcome(outcome),
  );
  return 0;
}

async function askAll(cli: Cli, parsed: Quiz, seed: number, pass: number, given: Map<string, Given>, output: CliOutput): Promise<void> {
  const c = colours(cli, output);
  const shown = shuffleQuiz(parsed, seed);
  output.write(`${c.bold(parsed.title ?? 'Quiz')}: ${shown.length} question(s), pass with ${percent(pass)}.\n`);
  if (parsed.intro) output.write(`${parsed.intro}\n`);
  try {
    for (const [i, entry] of shown.entries()) {
      const answer = await askQuestion(cli, entry, `Question ${i + 1} of ${shown.length}`, output);
      given.set(entry.question.id, { ...answer, at: cli.now() });
      feedback(cli, gradeQuestion(entry.question, answer.response), describeExpected(entry.question), output);
    }
  } catch (error) {
    throw interrupted(error, 'the quiz was stopped; nothing was recorded', 'take it again from the start with `trail quiz`');
  }
  output.write('\n');
}

function summary(cli: Cli, nodeId: string, criterionId: string, result: QuizResult, parsed: Quiz, listMissed: boolean): string[] {
  const c = colours(cli);
  const verdict = result.passed ? c.green('passed') : c.yellow('not passed');
  const lines = [
    `Quiz ${nodeId} › ${criterionId}: ${result.points} of ${result.total} right (${percent(result.score)}); pass needs ${percent(result.pass)}: ${verdict}.`,
  ];
  const missed = result.questions.filter((question) => !question.correct);
  if (listMissed && missed.length > 0) {
    lines.push('', 'Missed:');
    for (const miss of missed) {
      const question = parsed.questions.find((candidate) => candidate.id === miss.id)!;
      lines.push(
        `  ${c.red('✗')} ${miss.prompt} ${c.dim(`[${miss.id}]`)}`,
        `      your answer: ${formatGiven(miss.given)}`,
        `      the answer:  ${describeExpected(question)}`,
      );
      if (miss.explanation) lines.push(...miss.explanation.split('\n').map((line) => `      ${c.dim(line)}`));
    }
    lines.push('');
  }
  if (missed.length > 0) lines.push(`Missed questions are now review cards: \`trail review\` asks them again when they are due.`);
  return lines;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
    throw new TrailError('USAGE', `"${text}" is not a seed`, 'give a whole number from 0 to 4294967295, e.g. --seed 42');
  }
  return seed;
}
