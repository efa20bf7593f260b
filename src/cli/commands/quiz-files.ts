import { readFileSync } from 'node:fs';
import { TrailError } from '../../core/errors.js';
import { closest } from '../../core/text.js';
import type { Cli } from '../context.js';
import { jsonProblem } from '../json-problem.js';

export { loadQuiz, pickQuiz, type QuizCriterion } from '../../workspace/quizzes.js';

/**
 * Reads an answers file: one JSON object whose keys are the ids answered. A key that names
 * nothing known is an error (a typo would otherwise count as a wrong answer); the values are
 * not checked here, since an answer of the wrong shape is simply wrong.
 */
export function readAnswersFile(cli: Cli, file: string, known: readonly string[], what: { noun: string; among: string }): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(cli.path(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new TrailError('FILE_NOT_FOUND', `no answers file ${file}`, `write one: a JSON object { "<${what.noun} id>": <answer>, … }`);
  }
  const shape = `a JSON object { "<${what.noun} id>": <answer>, … }`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const problem = jsonProblem(text);
    throw new TrailError('ANSWERS_INVALID', `${file}:${problem.line}:${problem.col}: not valid JSON: ${problem.message}`, `the file must be ${shape}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TrailError(
      'ANSWERS_INVALID',
      `${file}: the answers are ${Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`}, not an object`,
      `the file must be ${shape}`,
    );
  }
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    throw new TrailError(
      'ANSWERS_INVALID',
      `${file}: no ${what.noun} "${key}" ${what.among}`,
      near ? `did you mean "${near}"? ids: ${known.join(', ')}` : known.length ? `ids: ${known.join(', ')}` : `there is no ${what.noun} to answer`,
    );
  }
  return data as Record<string, unknown>;
}
