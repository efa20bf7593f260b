import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { requireQuiz } from '../content/quiz.js';
import { TrailError } from '../core/errors.js';
import type { TrailEvent } from '../core/events.js';
import { gradeQuiz, type Quiz, type QuizResult } from '../core/quiz.js';
import type { Criterion, Node } from '../core/track.js';
import { commit, eventContext, type Outcome } from './actions.js';
import { newEvent } from './record.js';
import type { Session } from './session.js';

/** A quiz criterion of a node, with its file and pass mark. */
export type QuizCriterion = Extract<Criterion, { kind: 'quiz' }>;

// Paths in messages are short when the file is under the current folder.
function shown(path: string, cwd: string): string {
  const near = relative(cwd, path);
  return near && !near.startsWith('..') && !isAbsolute(near) ? near : path;
}

/** Reads and parses the quiz file of a criterion (in the track, never in the workspace); paths in errors are shown from `cwd`. */
export function loadQuiz(session: Session, node: Node, criterion: QuizCriterion, cwd = process.cwd()): Quiz {
  const path = join(session.workspace.trackDir, node.dir, criterion.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new TrailError(
      'FILE_NOT_FOUND',
      `the quiz file ${shown(path, cwd)} of "${node.id}" › ${criterion.id} does not exist`,
      'restore it in the track, or fix "file" of the criterion in overview.md',
    );
  }
  return requireQuiz(text, shown(path, cwd));
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
  throw new TrailError(
    'USAGE',
    `node "${node.id}" has ${open.length || quizzes.length} quizzes; say which one`,
    `e.g. \`trail quiz ${node.id} --criterion ${(open[0] ?? quizzes[0])!.id}\`; quizzes: ${list}`,
  );
}

/** One answer as given: the response, how long it took (when known) and when. */
export interface Given {
  response: unknown;
  durationMs: number | null;
  at: Date;
}

/**
 * Grades an attempt and records it: one `answered` event per question (in the order asked,
 * then the unanswered ones in file order) and a `completed-quiz` event with the score.
 */
export async function recordAttempt(
  session: Session,
  node: Node,
  criterion: QuizCriterion,
  quiz: Quiz,
  given: ReadonlyMap<string, Given>,
  options: { attempt: string; pass: number; finished: Date },
): Promise<{ result: QuizResult; outcome: Outcome }> {
  const { attempt, pass, finished } = options;
  const ids = quiz.questions.map((question) => question.id);
  const result = gradeQuiz(quiz, Object.fromEntries([...given].map(([id, answer]) => [id, answer.response])), pass);
  const context = { ...eventContext(session), attempt };
  const order = [...given.keys(), ...ids.filter((id) => !given.has(id))];
  const events: TrailEvent[] = order.map((id) => {
    const answer = given.get(id);
    const graded = result.questions.find((question) => question.id === id)!;
    return newEvent(
      'answered',
      { type: 'question', node: node.id, criterion: criterion.id, question: id },
      {
        result: { response: answer?.response ?? null, success: graded.correct, durationMs: answer?.durationMs ?? null, hinted: false },
        context,
        now: answer?.at ?? finished,
        host: session.host,
      },
    );
  });
  events.push(
    newEvent(
      'completed-quiz',
      { type: 'criterion', node: node.id, criterion: criterion.id },
      {
        result: { score: { scaled: result.score, raw: result.points, min: 0, max: result.total }, success: result.passed, completion: true },
        context,
        now: finished,
        host: session.host,
      },
    ),
  );
  return { result, outcome: await commit(session, node.id, ...events) };
}
