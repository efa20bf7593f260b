import { ulid } from 'ulid';
import { TrailError } from '../../core/errors.js';
import { describeExpected, gradeQuestion, type Quiz, type QuizResult } from '../../core/quiz.js';
import { seedOf, shuffleQuiz } from '../../core/shuffle.js';
import { clock } from '../clock.js';
import { colours, printJson, printLines } from '../output.js';
import { askQuestion, feedback, formatGiven, interrupted } from './ask-question.js';
import { describeOutcome, openFor, reported, requireNode, requireUnlocked, type JsonOption } from './common.js';
import { loadQuiz, pickQuiz, readAnswersFile } from './quiz-files.js';
import { recordAttempt, type Given } from '../../workspace/quizzes.js';

/** Options of `trail quiz`. */
export interface QuizOptions extends JsonOption {
  criterion?: string;
  answers?: string;
  seed?: string;
}

/**
 * `trail quiz <node>`: takes a node's quiz, from an answers file or on the terminal, and
 * records one `answered` event per question and a `completed-quiz` event with the score.
 */
export async function quiz(where: string, nodeId: string, options: QuizOptions): Promise<number> {
  const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
  const session = await openFor(where, options);
  const { node, state } = requireNode(session, nodeId);
  const criterion = pickQuiz(session, node, options.criterion);
  requireUnlocked(session, state);
  const parsed = loadQuiz(session, node, criterion);
  const pass = parsed.pass ?? criterion.pass;
  const ids = parsed.questions.map((question) => question.id);
  const file = options.answers ? readAnswersFile(options.answers, ids, { noun: 'question', among: `in quiz ${node.id} › ${criterion.id}` }) : undefined;
  if (!file && !process.stdin.isTTY) {
    throw new TrailError('USAGE', 'no answers given, and no terminal to ask on', `pass an answers file: \`trail quiz ${node.id} --answers answers.json\` with { "<question id>": <answer> }; ids: ${ids.join(', ')}`);
  }
  const attempt = ulid(clock().getTime());
  const given = new Map<string, Given>();
  if (file) {
    const at = clock();
    for (const id of ids) if (Object.hasOwn(file, id)) given.set(id, { response: file[id], durationMs: null, at });
  } else {
    await askAll(parsed, seed ?? seedOf(attempt), pass, given, options.json ? process.stderr : process.stdout);
  }
  const { result, outcome } = await recordAttempt(session, node, criterion, parsed, given, { attempt, pass, finished: clock() });
  reported(outcome);
  if (options.json) {
    printJson({ node: node.id, criterion: criterion.id, attempt, score: result.score, points: result.points, total: result.total, passed: result.passed, pass, questions: result.questions, status: outcome.node?.status ?? null, unlocked: outcome.unlocked });
    return 0;
  }
  // A failed attempt does not undo an earlier pass: say so, or "stays done" reads as this attempt's doing.
  const earlier = !result.passed && outcome.node?.criteria.find((state) => state.id === criterion.id)?.state === 'met';
  printLines(...summary(node.id, criterion.id, result, parsed, Boolean(file)), ...(earlier ? ['An earlier attempt passed this quiz; it still counts.'] : []), ...describeOutcome(outcome));
  return 0;
}

async function askAll(parsed: Quiz, seed: number, pass: number, given: Map<string, Given>, output: NodeJS.WriteStream): Promise<void> {
  const c = colours(output);
  const shown = shuffleQuiz(parsed, seed);
  output.write(`${c.bold(parsed.title ?? 'Quiz')}: ${shown.length} question(s), pass with ${percent(pass)}.\n`);
  if (parsed.intro) output.write(`${parsed.intro}\n`);
  try {
    for (const [i, entry] of shown.entries()) {
      const answer = await askQuestion(entry, `Question ${i + 1} of ${shown.length}`, output);
      given.set(entry.question.id, { ...answer, at: clock() });
      feedback(gradeQuestion(entry.question, answer.response), describeExpected(entry.question), output);
    }
  } catch (error) {
    throw interrupted(error, 'the quiz was stopped; nothing was recorded', 'take it again from the start with `trail quiz`');
  }
  output.write('\n');
}

function summary(nodeId: string, criterionId: string, result: QuizResult, parsed: Quiz, listMissed: boolean): string[] {
  const c = colours();
  const verdict = result.passed ? c.green('passed') : c.yellow('not passed');
  const lines = [`Quiz ${nodeId} › ${criterionId}: ${result.points} of ${result.total} right (${percent(result.score)}); pass needs ${percent(result.pass)}: ${verdict}.`];
  const missed = result.questions.filter((question) => !question.correct);
  if (listMissed && missed.length > 0) {
    lines.push('', 'Missed:');
    for (const miss of missed) {
      const question = parsed.questions.find((candidate) => candidate.id === miss.id)!;
      lines.push(`  ${c.red('✗')} ${miss.prompt} ${c.dim(`[${miss.id}]`)}`, `      your answer: ${formatGiven(miss.given)}`, `      the answer:  ${describeExpected(question)}`);
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
