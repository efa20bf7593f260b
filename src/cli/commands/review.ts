import { TrailError } from '../../core/errors.js';
import { describeExpected } from '../../core/quiz.js';
import { cardState, dueCards, nextDue } from '../../core/review.js';
import { mulberry32, seedOf, shuffled } from '../../core/shuffle.js';
import { newEvent } from '../../workspace/record.js';
import type { Session } from '../../workspace/session.js';
import { colours, printJson, printLines, warn } from '../output.js';
import { askQuestion, feedback, formatGiven, interrupted } from './ask-question.js';
import { commit, eventContext, openFor, type JsonOption } from './common.js';
import { readAnswersFile } from './quiz-files.js';
import { command, JSON_OPTION } from '../command.js';
import { dueEntries, grade, loadDeck, type Deck, type Due } from '../../workspace/review-deck.js';
import type { Cli } from '../context.js';

/** Options of `trail review`. */
export interface ReviewOptions extends JsonOption {
  answers?: string;
  includeCorrect?: string;
}

/** `trail review`. */
export const reviewCommand = command({
  name: 'review',
  description: 'review the quiz questions that are due (spaced repetition); --json lists them',
  options: [
    { flags: '--answers <file>', description: 'answer from a JSON file { "<card id>": <answer> } instead of the terminal' },
    { flags: '--include-correct <on|off>', description: 'whether questions you answered right become review cards too' },
    JSON_OPTION,
  ],
  action: (cli, options: ReviewOptions) => review(cli, options),
});

/**
 * `trail review`: asks the review cards that are due (questions missed in quizzes, scheduled
 * by FSRS), from an answers file or on the terminal; `--json` lists them without asking.
 */
export async function review(cli: Cli, options: ReviewOptions): Promise<number> {
  if (options.includeCorrect !== undefined && options.answers)
    throw new TrailError('USAGE', 'give --include-correct on its own', 'set it first, then run `trail review` again');
  const session = await openFor(cli, options);
  if (options.includeCorrect !== undefined) return settings(cli, session, options.includeCorrect, options);
  const now = cli.now();
  const deck = await loadDeck(session);
  if (!options.json) for (const warning of deck.warnings) warn(cli, warning);
  const due = dueEntries(deck, now);
  if (options.answers) return answerFromFile(cli, session, deck, due, options.answers, now, options);
  if (options.json) {
    printJson(cli, {
      now: now.toISOString(),
      cards: deck.cards.length,
      due: due.map(listed),
      nextDue: nextDue(deck.cards, now)?.toISOString() ?? null,
      warnings: deck.warnings,
    });
    return 0;
  }
  if (due.length === 0) {
    printLines(cli, nothingDue(nextDue(deck.cards, now), now));
    return 0;
  }
  if (!cli.stdin.isTTY) {
    printLines(
      cli,
      `${due.length} card(s) due for review:`,
      ...due.map((entry) => `  ${entry.card.id}  ${entry.question.prompt}`),
      'Answer them in a terminal with `trail review`, or from a file with `trail review --answers answers.json` ({ "<card id>": <answer> }).',
    );
    return 0;
  }
  await askDue(cli, session, due, now);
  printLines(cli, '', nothingDue(nextDue((await loadDeck(session)).cards, cli.now()), cli.now()));
  return 0;
}

async function answerFromFile(cli: Cli, session: Session, deck: Deck, due: Due[], path: string, now: Date, options: JsonOption): Promise<number> {
  const file = readAnswersFile(
    cli,
    path,
    deck.cards.map((card) => card.id),
    { noun: 'card', among: 'among your review cards' },
  );
  const answered = due
    .filter((entry) => Object.hasOwn(file, entry.card.id))
    .map((entry) => grade(session, entry, { response: file[entry.card.id], durationMs: null }, now));
  await commit(cli, session, undefined, ...answered.map((done) => done.event));
  const recorded = new Set(answered.map((done) => done.id));
  const skipped = Object.keys(file).filter((id) => !recorded.has(id));
  const after = (await loadDeck(session)).cards;
  const next = nextDue(after, now);
  if (options.json) {
    printJson(cli, {
      now: now.toISOString(),
      results: answered.map(({ id, result, rating, due: when }) => ({
        id,
        correct: result.correct,
        expected: result.expected,
        given: result.given,
        explanation: result.explanation,
        rating,
        due: when,
      })),
      skipped,
      nextDue: next?.toISOString() ?? null,
      warnings: deck.warnings,
    });
    return 0;
  }
  const c = colours(cli);
  const lines = answered.flatMap(({ id, result, rating, due: when, question }) => [
    `${result.correct ? c.green('✓') : c.red('✗')} ${id}: ${result.correct ? 'right' : 'wrong'} (${rating}); next due ${utc(new Date(when))}`,
    ...(result.correct
      ? []
      : [
          `    your answer: ${formatGiven(result.given)}`,
          `    the answer:  ${describeExpected(question)}`,
          ...(result.explanation ?? '')
            .split('\n')
            .filter(Boolean)
            .map((line) => `    ${c.dim(line)}`),
        ]),
  ]);
  if (answered.length === 0) lines.push('No due card was answered in the file.');
  if (skipped.length) lines.push(`Not due now, so not recorded: ${skipped.join(', ')}`);
  const left = dueCards(after, now).length;
  printLines(cli, ...lines, left > 0 ? `${left} card(s) still due: run \`trail review\` again.` : nothingDue(next, now));
  return 0;
}

async function askDue(cli: Cli, session: Session, due: Due[], now: Date): Promise<void> {
  const output = cli.stdout;
  const c = colours(cli, output);
  output.write(`${due.length} card(s) due for review.\n`);
  let current = session;
  try {
    for (const [i, entry] of due.entries()) {
      const answer = await askQuestion(
        cli,
        { question: entry.question, order: shownOrder(entry, now) },
        `Card ${i + 1} of ${due.length} · ${entry.card.node}`,
        output,
      );
      const done = grade(current, entry, answer, cli.now());
      // Each review is recorded at once, so stopping half-way keeps the cards answered so far.
      current = (await commit(cli, current, undefined, done.event)).session;
      feedback(cli, done.result, describeExpected(entry.question), output);
      output.write(`${c.dim(`Rated ${done.rating}; next due ${utc(new Date(done.due))}.`)}\n`);
    }
  } catch (error) {
    throw interrupted(error, 'the review was stopped; the cards answered so far are recorded', 'run `trail review` again for the rest');
  }
}

async function settings(cli: Cli, session: Session, value: string, options: JsonOption): Promise<number> {
  if (value !== 'on' && value !== 'off')
    throw new TrailError('USAGE', `--include-correct takes "on" or "off", not "${value}"`, 'e.g. `trail review --include-correct on`');
  const now = cli.now();
  const event = newEvent(
    'review-settings',
    { type: 'track', track: session.track.id },
    { result: { includeCorrect: value === 'on' }, context: eventContext(session), now, host: session.host },
  );
  await commit(cli, session, undefined, event);
  const { cards } = await loadDeck(session);
  const due = dueCards(cards, now).length;
  if (options.json) {
    printJson(cli, { includeCorrect: value === 'on', event, cards: cards.length, due });
    return 0;
  }
  printLines(
    cli,
    value === 'on' ? 'Questions you answered right become review cards too.' : 'Only questions you missed are review cards now.',
    `${cards.length} card(s), ${due} due now.`,
  );
  return 0;
}

// A card's options are shuffled anew at each review, so their position is no clue.
function shownOrder(entry: Due, now: Date): number[] {
  const { question } = entry;
  const count = question.type === 'single' || question.type === 'multiple' ? question.options.length : question.type === 'ordering' ? question.items.length : 0;
  return shuffled([...Array(count).keys()], mulberry32(seedOf(`${entry.card.id}@${now.toISOString()}`)));
}

function listed(entry: Due) {
  const { id, node, criterion, question } = entry.card;
  return { id, node, criterion, question, prompt: entry.question.prompt, ...cardState(entry.card) };
}

// Every card that is not due now is due later, so no next date means no cards at all.
function nothingDue(next: Date | undefined, now: Date): string {
  if (!next) return 'No review cards yet: questions you miss in a quiz become cards.';
  return `Nothing to review now. The next card is due ${utc(next)} (${inTime(next.getTime() - now.getTime())}).`;
}

function utc(time: Date): string {
  return `${time.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function inTime(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} days`;
}
