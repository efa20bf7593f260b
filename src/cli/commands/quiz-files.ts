import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { requireQuiz } from '../../content/quiz.js';
import { TrailError } from '../../core/errors.js';
import type { Quiz } from '../../core/quiz.js';
import { closest } from '../../core/text.js';
import type { Criterion, Node } from '../../core/track.js';
import type { Session } from '../../workspace/session.js';
import { jsonProblem } from '../json-problem.js';

/** A quiz criterion of a node, with its file and pass mark. */
export type QuizCriterion = Extract<Criterion, { kind: 'quiz' }>;

// Paths in messages are short when the file is under the current folder.
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near && !near.startsWith('..') && !isAbsolute(near) ? near : path;
}

/** Reads and parses the quiz file of a criterion (in the track, never in the workspace). */
export function loadQuiz(session: Session, node: Node, criterion: QuizCriterion): Quiz {
  const path = join(session.workspace.trackDir, node.dir, criterion.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new TrailError('FILE_NOT_FOUND', `the quiz file ${shown(path)} of "${node.id}" › ${criterion.id} does not exist`, 'restore it in the track, or fix "file" of the criterion in overview.md');
  }
  return requireQuiz(text, shown(path));
}

/** The quiz criterion a command works on: the one named, the only one, or the only one not passed yet. */
export function pickQuiz(session: Session, node: Node, criterionId: string | undefined): QuizCriterion {
  const quizzes = node.criteria.filter((criterion): criterion is QuizCriterion => criterion.kind === 'quiz');
  const list = quizzes.map((criterion) => criterion.id).join(', ');
  if (quizzes.length === 0) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no quiz`, `\`trail show ${node.id}\` lists what it needs`);
  if (criterionId) {
    const named = quizzes.find((criterion) => criterion.id === criterionId);
    if (!named) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no quiz "${criterionId}"`, `its quizzes: ${list}`);
    return named;
  }
  if (quizzes.length === 1) return quizzes[0]!;
  const state = session.state.nodes.find((candidate) => candidate.id === node.id);
  const open = quizzes.filter((criterion) => state?.criteria.find((c) => c.id === criterion.id)?.state !== 'met');
  if (open.length === 1) return open[0]!;
  throw new TrailError('USAGE', `node "${node.id}" has ${open.length || quizzes.length} quizzes; say which one`, `e.g. \`trail quiz ${node.id} --criterion ${(open[0] ?? quizzes[0])!.id}\`; quizzes: ${list}`);
}

/**
 * Reads an answers file: one JSON object whose keys are the ids answered. A key that names
 * nothing known is an error (a typo would otherwise count as a wrong answer); the values are
 * not checked here, since an answer of the wrong shape is simply wrong.
 */
export function readAnswersFile(file: string, known: readonly string[], what: { noun: string; among: string }): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
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
    throw new TrailError('ANSWERS_INVALID', `${file}: the answers are ${Array.isArray(data) ? 'a list' : data === null ? 'null' : `a ${typeof data}`}, not an object`, `the file must be ${shape}`);
  }
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    throw new TrailError('ANSWERS_INVALID', `${file}: no ${what.noun} "${key}" ${what.among}`, near ? `did you mean "${near}"? ids: ${known.join(', ')}` : known.length ? `ids: ${known.join(', ')}` : `there is no ${what.noun} to answer`);
  }
  return data as Record<string, unknown>;
}
