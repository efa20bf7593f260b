import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { ReviewAnswersJson, ReviewJson } from '../test-support/cli-json.js';
import { quizWorkspace, RIGHT } from '../test-support/quiz-track.js';

const tmp = useTmpDir();
const at = (minutes: number) => ({ TRAIL_NOW: new Date(Date.UTC(2020, 2, 2, 10, 0) + minutes * 60_000).toISOString() });
const card = (question: string) => `a#quiz-1#${question}`;

function file(ws: string, name: string, content: unknown): string {
  writeFileSync(join(ws, name), JSON.stringify(content));
  return name;
}

/** A workspace where quiz "a" was taken at minute 0 with two questions missed: derivative and steps. */
async function missedTwo(): Promise<string> {
  const ws = await quizWorkspace(tmp());
  const run = await trail(['quiz', 'a', '--answers', file(ws, 'quiz.json', { ...RIGHT, derivative: 5, steps: [2, 1, 3, 4] })], { cwd: ws, env: at(0) });
  expect(run.code, run.stderr).toBe(0);
  return ws;
}

describe('trail review', () => {
  it('lists a missed question as due right away, with its FSRS state', async () => {
    const ws = await missedTwo();
    const list = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(0) });
    expect(list).toMatchObject({ now: at(0).TRAIL_NOW, cards: 2, nextDue: null, warnings: [] });
    expect(list.due).toEqual([
      {
        id: card('derivative'),
        node: 'a',
        criterion: 'quiz-1',
        question: 'derivative',
        prompt: 'What is the derivative of x² at x = 3?',
        due: at(0).TRAIL_NOW,
        state: 'new',
        stability: 0,
        difficulty: 0,
        reps: 0,
        lapses: 0,
        lastReview: null,
      },
      {
        id: card('steps'),
        node: 'a',
        criterion: 'quiz-1',
        question: 'steps',
        prompt: 'Put the steps of a training step in order.',
        due: at(0).TRAIL_NOW,
        state: 'new',
        stability: 0,
        difficulty: 0,
        reps: 0,
        lapses: 0,
        lastReview: null,
      },
    ]);
    const people = await trail(['review'], { cwd: ws, env: at(0) });
    expect(people.stdout).toBe(
      '2 card(s) due for review:\n  a#quiz-1#derivative  What is the derivative of x² at x = 3?\n  a#quiz-1#steps  Put the steps of a training step in order.\nAnswer them in a terminal with `trail review`, or from a file with `trail review --answers answers.json` ({ "<card id>": <answer> }).\n',
    );
  });

  it('answering a card right moves its due date forward; a wrong one stays close; both are recorded', async () => {
    const ws = await missedTwo();
    const answers = file(ws, 'review.json', { [card('derivative')]: 6, [card('steps')]: [1, 3, 2, 4] });
    const run = await trailJson<ReviewAnswersJson>(['review', '--answers', answers], { cwd: ws, env: at(1) });
    expect(run.$code).toBe(0);
    expect(run.results.map((r) => [r.id, r.correct, r.rating])).toEqual([
      [card('derivative'), true, 'good'],
      [card('steps'), false, 'again'],
    ]);
    const derivativeDue = Date.parse(run.results[0]!.due);
    expect(derivativeDue).toBeGreaterThan(Date.parse(at(1).TRAIL_NOW));
    expect(run.results[0]).toMatchObject({ expected: { value: 6, tolerance: 0.01 }, given: 6, explanation: 'd/dx x² = 2x, and 2 · 3 = 6.' });

    const later = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(2) });
    expect(later.due.map((c) => c.id)).toEqual([card('steps')]);
    const afterDue = await trailJson<ReviewJson>(['review'], { cwd: ws, env: { TRAIL_NOW: run.results[0]!.due } });
    expect(afterDue.due.find((c) => c.id === card('derivative'))).toMatchObject({ state: 'learning', reps: 1, lastReview: at(1).TRAIL_NOW });

    const log = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.filter((e) => e.verb === 'reviewed-card').map((e) => [e.timestamp, e.object, e.result])).toEqual([
      [
        at(1).TRAIL_NOW,
        { type: 'question', node: 'a', criterion: 'quiz-1', question: 'derivative' },
        { response: 6, success: true, durationMs: null, rating: 'good' },
      ],
      [
        at(1).TRAIL_NOW,
        { type: 'question', node: 'a', criterion: 'quiz-1', question: 'steps' },
        { response: [1, 3, 2, 4], success: false, durationMs: null, rating: 'again' },
      ],
    ]);
  });

  it('says when the next card is due when nothing is', async () => {
    const ws = await missedTwo();
    await trail(['review', '--answers', file(ws, 'review.json', { [card('derivative')]: '6', [card('steps')]: [1, 2, 3, 4] })], { cwd: ws, env: at(1) });
    const run = await trail(['review'], { cwd: ws, env: at(2) });
    expect(run.stdout).toBe('Nothing to review now. The next card is due 2020-03-02 10:11 UTC (in 9 min).\n');
    const json = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(2) });
    expect(json).toMatchObject({ cards: 2, due: [], nextDue: '2020-03-02T10:11:00.000Z' });
  });

  it('records only due cards from a file, and refuses ids that are not cards (exit 4)', async () => {
    const ws = await missedTwo();
    await trail(['review', '--answers', file(ws, 'one.json', { [card('derivative')]: 6 })], { cwd: ws, env: at(1) });
    const again = await trail(['review', '--answers', file(ws, 'one.json', { [card('derivative')]: 6 })], { cwd: ws, env: at(2) });
    expect(again.stdout).toBe(
      'No due card was answered in the file.\nNot due now, so not recorded: a#quiz-1#derivative\n1 card(s) still due: run `trail review` again.\n',
    );
    const unknown = await trail(['review', '--answers', file(ws, 'bad.json', { [card('backward')]: 2 })], { cwd: ws, env: at(2) });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toBe('error: bad.json: no card "a#quiz-1#backward" among your review cards\n  hint: ids: a#quiz-1#derivative, a#quiz-1#steps\n');
  });

  it('drops the cards of a node that is reset', async () => {
    const ws = await missedTwo();
    expect((await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(0) })).cards).toBe(2);
    await trail(['reset', 'a', '--yes'], { cwd: ws });
    const after = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(0) });
    expect(after).toMatchObject({ cards: 0, due: [], nextDue: null });
    expect((await trail(['review'], { cwd: ws, env: at(0) })).stdout).toBe('No review cards yet: questions you miss in a quiz become cards.\n');
  });

  it('adds questions answered right once the learner opts in, and takes them out on opting out', async () => {
    const ws = await missedTwo();
    const on = await trailJson(['review', '--include-correct', 'on'], { cwd: ws, env: at(1) });
    expect(on).toMatchObject({
      includeCorrect: true,
      cards: 5,
      due: 5,
      event: { verb: 'review-settings', object: { type: 'track', track: 'qt' }, result: { includeCorrect: true } },
    });
    const list = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(1) });
    expect(list.due.map((c) => c.question).sort()).toEqual(['activations', 'algorithm', 'backward', 'derivative', 'steps']);
    const off = await trail(['review', '--include-correct', 'off'], { cwd: ws, env: at(2) });
    expect(off.stdout).toBe('Only questions you missed are review cards now.\n2 card(s), 2 due now.\n');
    const bad = await trail(['review', '--include-correct', 'yes'], { cwd: ws });
    expect(bad.code).toBe(2);
  });

  it('leaves out the cards of a quiz file that broke, with a warning', async () => {
    const ws = await missedTwo();
    writeFileSync(join(ws, '..', 'track/a/quiz.md'), '# nothing\n');
    const json = await trailJson<ReviewJson>(['review'], { cwd: ws, env: at(0) });
    expect(json).toMatchObject({ cards: 0, due: [] });
    expect(json.warnings).toEqual([
      expect.stringMatching(/quiz\.md:1: the quiz has no questions: start each question with a "##" heading \(its review cards are left out\)$/),
    ]);
  });
});
