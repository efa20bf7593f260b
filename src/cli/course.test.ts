import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireQuiz } from '../content/quiz.js';
import { expectedAnswer, type Question } from '../core/quiz.js';
import type { Node } from '../core/track.js';
import { loadValidTrack } from '../workspace/track-cache.js';
import { ROOT, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { CheckJson, QuizJson, ReviewJson, RunsJson, ShowJson, StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const TRACK_DIR = join(ROOT, 'tracks', 'nn-first-principles');

// The answers a learner who read the section would give: the quiz file's own.
function rightAnswers(node: Node): { answers: Record<string, unknown>; questions: Question[] } {
  const quiz = requireQuiz(readFileSync(join(TRACK_DIR, node.dir, 'quiz.md'), 'utf8'), 'quiz.md');
  const answers: Record<string, unknown> = {};
  for (const question of quiz.questions) {
    const expected = expectedAnswer(question);
    answers[question.id] =
      question.type === 'numeric' ? (expected as { value: number }).value : question.type === 'text' ? (expected as string[])[0] : expected;
  }
  return { answers, questions: quiz.questions };
}

// An answer no question of any type accepts.
function wrongAnswer(question: Question): unknown {
  switch (question.type) {
    case 'single':
      return question.options.find((option) => !option.correct)!.text;
    case 'multiple':
      return [];
    case 'numeric':
      return question.value + 1000 * (question.tolerance + 1);
    case 'text':
      return 'not the answer at all';
    case 'ordering':
      return [...question.items].reverse();
  }
}

describe('a learner through Phase 1 of nn-first-principles, from the command line', () => {
  it('solves each section, takes its quiz, reads a hint: Phase 1 is done, Phase 2 opens, the missed question is due, the runs are in experiments_log.md', {
    timeout: 180_000,
  }, async () => {
    const track = await loadValidTrack(TRACK_DIR);
    const phase1 = track.nodes.filter((node) => node.phase === 'autodiff-fundamentals');
    expect(phase1.map((node) => node.id)).toEqual(['value-objects', 'forward-pass', 'backward-pass', 'visualization']);
    const ws = tmp();
    expect((await trail(['init', ws, '--track', 'nn-first-principles'])).code).toBe(0);

    const hint = await trail(['hint', 'value-objects'], { cwd: ws });
    expect(hint.code, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('Hint 1 of ');

    let missed = '';
    for (const [i, node] of phase1.entries()) {
      const before = await trailJson<ShowJson>(['show', node.id], { cwd: ws });
      expect(['available', 'in_progress'], `${node.id} is open when its turn comes`).toContain(before.node.status);

      // The starter as it comes fails its check; the learner's finished code passes it.
      const starter = await trailJson<CheckJson>(['check', node.id], { cwd: ws });
      expect(starter.runs.map((run: { result: { status: string } }) => run.result.status)).not.toContain('pass');
      cpSync(join(TRACK_DIR, node.dir, 'solution'), join(ws, node.dir), { recursive: true });
      const solved = await trailJson<CheckJson>(['check', node.id], { cwd: ws });
      expect(solved.$code, JSON.stringify(solved.runs?.map((run: { result: { message: string } }) => run.result.message))).toBe(0);

      // The first quiz is taken with one answer wrong (still a pass), the others all right.
      const { answers, questions } = rightAnswers(node);
      if (i === 0) {
        missed = questions[0]!.id;
        answers[missed] = wrongAnswer(questions[0]!);
      }
      const file = join(ws, `answers-${node.id}.json`);
      writeFileSync(file, JSON.stringify(answers));
      const quiz = await trailJson<QuizJson>(['quiz', node.id, '--answers', file], { cwd: ws });
      expect(quiz.$code).toBe(0);
      expect(quiz.passed).toBe(true);
      expect(quiz.points).toBe(i === 0 ? questions.length - 1 : questions.length);
    }

    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    const statusOf = (id: string) => status.nodes.find((node) => node.id === id)!.status;
    for (const node of phase1) expect(statusOf(node.id), node.id).toBe('done');
    expect(statusOf('single-neuron')).toBe('available');
    expect(statusOf('weights-biases')).toBe('locked');

    const review = await trailJson<ReviewJson>(['review'], { cwd: ws });
    expect(review.due.map((card) => card.id)).toEqual([`value-objects#quiz#${missed}`]);

    const runs = await trailJson<RunsJson>(['runs'], { cwd: ws });
    const log = readFileSync(join(ws, 'experiments_log.md'), 'utf8');
    expect(runs.runs.length).toBe(2 * phase1.length);
    for (const run of runs.runs) expect(log).toContain(run.id);
    expect(existsSync(join(ws, 'phase-1', 'section-4-visualization', 'visualizations', 'graph.dot'))).toBe(true);
  });
});
