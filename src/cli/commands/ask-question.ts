import { performance } from 'node:perf_hooks';
import { TrailError } from '../../core/errors.js';
import { parseNumber, type QuestionResult } from '../../core/quiz.js';
import type { ShownQuestion } from '../../core/shuffle.js';
import type { Cli, CliOutput } from '../context.js';
import { colours } from '../output.js';

/** What the learner answered, and how long it took. */
export interface Answer {
  response: unknown;
  durationMs: number;
}

/**
 * Asks one question on the terminal (arrow keys, space, enter): a list to pick from, boxes to
 * tick, a line to type, or, for an ordering, the next item picked until one is left. Options
 * and items are shown in the shuffled order; the response names them by their text.
 */
export async function askQuestion(cli: Cli, shown: ShownQuestion, heading: string, output: CliOutput): Promise<Answer> {
  const { select, checkbox, input } = await import('@inquirer/prompts');
  const { question, order } = shown;
  const c = colours(cli, output);
  const context = { input: cli.stdin, output: output as NodeJS.WritableStream };
  output.write(`\n${c.dim(heading)}\n`);
  if (question.details) output.write(`${question.details}\n`);
  const started = performance.now();
  let response: unknown;
  switch (question.type) {
    case 'single':
      response = await select(
        { message: question.prompt, choices: order.map((i) => ({ name: question.options[i]!.text, value: question.options[i]!.text })) },
        context,
      );
      break;
    case 'multiple':
      response = await checkbox(
        { message: question.prompt, choices: order.map((i) => ({ name: question.options[i]!.text, value: question.options[i]!.text })) },
        context,
      );
      break;
    case 'numeric':
      response = parseNumber(
        await input({ message: question.prompt, validate: (value) => parseNumber(value) !== undefined || 'answer with a number' }, context),
      );
      break;
    case 'text':
      response = await input({ message: question.prompt }, context);
      break;
    case 'ordering': {
      const left = order.map((i) => question.items[i]!);
      const picked: string[] = [];
      while (left.length > 1) {
        const message =
          picked.length === 0 ? `${question.prompt} ${c.dim('— which comes first?')}` : c.dim(`…and then? (${picked.length + 1} of ${question.items.length})`);
        const next = await select({ message, choices: left.map((item) => ({ name: item, value: item })) }, context);
        picked.push(next);
        left.splice(left.indexOf(next), 1);
      }
      response = [...picked, ...left];
      break;
    }
  }
  return { response, durationMs: Math.round(performance.now() - started) };
}

/** Right or wrong, the right answer when it was wrong, and the explanation: shown after each answer. */
export function feedback(cli: Cli, result: QuestionResult, expected: string, output: CliOutput): void {
  const c = colours(cli, output);
  const lines = [result.correct ? c.green('✓ Right.') : `${c.red('✗ Not quite.')} The answer: ${c.bold(expected)}`];
  if (result.explanation) lines.push(c.dim(result.explanation));
  output.write(`${lines.join('\n')}\n`);
}

/** Turns Ctrl-C in a prompt into an INTERRUPTED error; other errors pass through. */
export function interrupted(error: unknown, message: string, hint: string): unknown {
  return error instanceof Error && error.name === 'ExitPromptError' ? new TrailError('INTERRUPTED', message, hint) : error;
}

/** An answer as people read it. */
export function formatGiven(given: unknown): string {
  if (given === null || given === undefined) return '(no answer)';
  if (typeof given === 'string') return given;
  if (Array.isArray(given)) return given.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('; ');
  return JSON.stringify(given);
}
