import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overview, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import { QUIZ, quizWorkspace, RIGHT } from '../test-support/quiz-track.js';
import type { TrailEvent } from '../core/events.js';
import type { JsonError, NextJson, QuizJson, ShowJson, StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const NOW = { TRAIL_NOW: '2020-03-02T10:00:00.000Z' };

function answers(ws: string, content: unknown, name = 'answers.json'): string {
  writeFileSync(join(ws, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

function events(ws: string): TrailEvent[] {
  return readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('trail quiz with an answers file', () => {
  it('grades every question, records the attempt, and the quiz criterion is met; the node is done when it was the last', async () => {
    const ws = await quizWorkspace(tmp());
    const before = await trailJson<ShowJson>(['show', 'a'], { cwd: ws });
    expect(before.node.criteria[1]).toMatchObject({ id: 'quiz-1', state: 'unmet', detail: 'not taken yet (pass 80%)', action: 'trail quiz a' });
    await trail(['attest', 'a', '--text', 'I traced the graph of a tiny MLP by hand'], { cwd: ws });

    const run = await trailJson<QuizJson>(['quiz', 'a', '--answers', answers(ws, RIGHT)], { cwd: ws, env: NOW });
    expect(run.$code).toBe(0);
    expect(run).toMatchObject({
      node: 'a',
      criterion: 'quiz-1',
      score: 1,
      points: 5,
      total: 5,
      passed: true,
      pass: 0.8,
      status: 'done',
      unlocked: [{ id: 'b', title: 'Networks' }],
    });
    expect(run.questions).toEqual([
      {
        id: 'backward',
        type: 'single',
        prompt: 'What does backward() compute?',
        correct: true,
        expected: 'Gradients of the output with respect to every node',
        given: 'b',
        explanation: 'It walks the graph in reverse topological order, applying the chain rule.',
      },
      {
        id: 'activations',
        type: 'multiple',
        prompt: 'Which of these are activation functions?',
        correct: true,
        expected: ['ReLU', 'tanh'],
        given: ['ReLU', 2],
        explanation: null,
      },
      {
        id: 'derivative',
        type: 'numeric',
        prompt: 'What is the derivative of x² at x = 3?',
        correct: true,
        expected: { value: 6, tolerance: 0.01 },
        given: '6.005',
        explanation: 'd/dx x² = 2x, and 2 · 3 = 6.',
      },
      {
        id: 'algorithm',
        type: 'text',
        prompt: 'Which algorithm computes gradients with the chain rule?',
        correct: true,
        expected: ['backpropagation', 'backprop', '/^back-?prop(agation)?$/i'],
        given: 'Back-Prop',
        explanation: null,
      },
      {
        id: 'steps',
        type: 'ordering',
        prompt: 'Put the steps of a training step in order.',
        correct: true,
        expected: ['Forward pass', 'Compute the loss', 'Backward pass', 'Optimizer step'],
        given: [1, 2, 3, 4],
        explanation: null,
      },
    ]);

    const log = events(ws).filter((event) => event.timestamp === NOW.TRAIL_NOW);
    expect(log.map((event) => [event.verb, event.object])).toEqual([
      ...['backward', 'activations', 'derivative', 'algorithm', 'steps'].map((question) => [
        'answered',
        { type: 'question', node: 'a', criterion: 'quiz-1', question },
      ]),
      ['completed-quiz', { type: 'criterion', node: 'a', criterion: 'quiz-1' }],
    ]);
    expect(log[0]!.result).toEqual({ response: 'b', success: true, durationMs: null, hinted: false });
    expect(log[5]!.result).toEqual({ score: { scaled: 1, raw: 5, min: 0, max: 5 }, success: true, completion: true });
    expect(new Set(log.map((event) => event.context?.attempt))).toEqual(new Set([run.attempt]));

    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.nodes.map((node: { id: string; status: string }) => [node.id, node.status])).toEqual([
      ['a', 'done'],
      ['b', 'available'],
      ['c', 'available'],
    ]);
    expect(status.nodes[0]!.criteria[1]).toMatchObject({ id: 'quiz-1', kind: 'quiz', state: 'met', detail: 'passed, best score 100%' });
  });

  it("has one pass mark: the quiz file's, shown the same in status and in the quiz; a second one in the criterion is a warning", async () => {
    const root = tmp();
    writeTree(root, {
      'track/track.yaml': 'id: qt\ntitle: Quiz track\n',
      'track/a/overview.md': overview('id: a\ntitle: Autograd\ncriteria:\n  - kind: quiz\n    pass: 0.75'),
      'track/a/quiz.md': QUIZ,
    });
    const lint = await trail(['validate', join(root, 'track')]);
    expect(lint.code).toBe(0);
    expect(lint.stdout + lint.stderr).toContain('QUIZ_PASS_TWICE (warning) this criterion passes at 0.75, but quiz.md says "pass: 0.8", which is the one used');
    const ws = join(root, 'ws');
    expect((await trail(['init', ws, '--track', join(root, 'track')])).code).toBe(0);
    const { node } = await trailJson<ShowJson>(['show', 'a'], { cwd: ws });
    expect(node.criteria[0]!.detail).toBe('not taken yet (pass 80%)');
    const run = await trailJson<QuizJson>(['quiz', 'a', '--answers', answers(ws, { ...RIGHT, steps: [2, 1, 3, 4] })], { cwd: ws });
    // 4 of 5 is exactly 80%: passed, as both the status and the quiz say.
    expect(run).toMatchObject({ score: 0.8, pass: 0.8, passed: true });
  });

  it('a failing attempt after a pass says that the pass still counts, and that the node stays done', async () => {
    const ws = await quizWorkspace(tmp());
    await trail(['attest', 'a', '--text', 'I traced the graph of a tiny MLP by hand'], { cwd: ws });
    expect((await trail(['quiz', 'a', '--answers', answers(ws, RIGHT)], { cwd: ws })).stdout).toContain('a is now done.');
    const again = await trail(['quiz', 'a', '--answers', answers(ws, { ...RIGHT, backward: 'The loss', derivative: 7 }, 'worse.json')], { cwd: ws });
    expect(again.stdout).toContain('Quiz a › quiz-1: 3 of 5 right (60%); pass needs 80%: not passed.');
    expect(again.stdout).toContain('An earlier attempt passed this quiz; it still counts.\na stays done.\n');
    expect(again.stdout).not.toContain('is now');
  });

  it('a failing attempt exits 0, lists each missed question with its explanation, and leaves the criterion unmet', async () => {
    const ws = await quizWorkspace(tmp());
    const file = answers(ws, { ...RIGHT, backward: 'The loss', derivative: 7, steps: ['Forward pass', 'Backward pass', 'Compute the loss', 'Optimizer step'] });
    const run = await trail(['quiz', 'a', '--answers', file], { cwd: ws, env: NOW });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Quiz a › quiz-1: 2 of 5 right (40%); pass needs 80%: not passed.',
        '',
        'Missed:',
        '  ✗ What does backward() compute? [backward]',
        '      your answer: The loss',
        '      the answer:  Gradients of the output with respect to every node',
        '      It walks the graph in reverse topological order, applying the chain rule.',
        '  ✗ What is the derivative of x² at x = 3? [derivative]',
        '      your answer: 7',
        '      the answer:  6 ± 0.01',
        '      d/dx x² = 2x, and 2 · 3 = 6.',
        '  ✗ Put the steps of a training step in order. [steps]',
        '      your answer: Forward pass; Backward pass; Compute the loss; Optimizer step',
        '      the answer:  1. Forward pass  2. Compute the loss  3. Backward pass  4. Optimizer step',
        '',
        'Missed questions are now review cards: `trail review` asks them again when they are due.',
        'a is now in progress.',
        '',
      ].join('\n'),
    );
    const { node } = await trailJson<ShowJson>(['show', 'a'], { cwd: ws });
    expect(node.status).toBe('in_progress');
    expect(node.criteria[1]).toMatchObject({ state: 'unmet', detail: 'best score 40%, not passed yet' });
    expect(events(ws).at(-1)).toMatchObject({ verb: 'completed-quiz', result: { score: { scaled: 0.4 }, success: false } });
  });

  it('counts a question missing from the file as wrong, and the best attempt counts', async () => {
    const ws = await quizWorkspace(tmp());
    const partial = await trailJson<QuizJson>(['quiz', 'a', '--answers', answers(ws, { backward: 2 })], { cwd: ws, env: NOW });
    expect(partial).toMatchObject({ score: 0.2, passed: false });
    expect(partial.questions[1]).toMatchObject({ id: 'activations', correct: false, given: null });
    await trailJson<QuizJson>(['quiz', 'a', '--answers', answers(ws, RIGHT)], { cwd: ws, env: { TRAIL_NOW: '2020-03-02T11:00:00Z' } });
    await trailJson<QuizJson>(['quiz', 'a', '--answers', answers(ws, {})], { cwd: ws, env: { TRAIL_NOW: '2020-03-02T12:00:00Z' } });
    const { node } = await trailJson<ShowJson>(['show', 'a'], { cwd: ws });
    expect(node.criteria[1]).toMatchObject({ state: 'met', detail: 'passed, best score 100%' });
  });

  it('refuses a locked node, unless practice mode is on', async () => {
    const ws = await quizWorkspace(tmp());
    const run = await trail(['quiz', 'b', '--answers', answers(ws, { one: 1 })], { cwd: ws });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('error: "b" is locked: it waits for a');
    expect(existsSync(join(ws, '.trail/events.jsonl'))).toBe(false);
    await trail(['practice', 'on'], { cwd: ws });
    const practice = await trailJson<QuizJson>(['quiz', 'b', '--answers', answers(ws, { one: 1 })], { cwd: ws });
    expect(practice).toMatchObject({ $code: 0, passed: true, status: 'done' });
  });

  it('stops at a malformed answers file (exit 4) and records nothing', async () => {
    const ws = await quizWorkspace(tmp());
    const cases: Array<[unknown, string, string]> = [
      [
        '{\n  "backward": 2,\n  "steps" [1, 2]\n}',
        'bad.json:3:11: not valid JSON: expected ":" after a key',
        'the file must be a JSON object { "<question id>": <answer>, … }',
      ],
      ['[1, 2]', 'bad.json: the answers are a list, not an object', 'the file must be a JSON object { "<question id>": <answer>, … }'],
      [
        { backwards: 2 },
        'bad.json: no question "backwards" in quiz a › quiz-1',
        'did you mean "backward"? ids: backward, activations, derivative, algorithm, steps',
      ],
    ];
    for (const [content, message, hint] of cases) {
      const run = await trail(['quiz', 'a', '--answers', answers(ws, content, 'bad.json')], { cwd: ws });
      expect(run.code).toBe(4);
      expect(run.stderr).toBe(`error: ${message}\n  hint: ${hint}\n`);
    }
    const json = await trailJson<JsonError>(['quiz', 'a', '--answers', answers(ws, 'null', 'bad.json')], { cwd: ws });
    expect(json.error).toMatchObject({ code: 'ANSWERS_INVALID', message: 'bad.json: the answers are null, not an object' });
    const missing = await trail(['quiz', 'a', '--answers', 'nope.json'], { cwd: ws });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('error: no answers file nope.json');
    expect(existsSync(join(ws, '.trail/events.jsonl'))).toBe(false);
  });

  it('reports a broken quiz file as file:line (exit 4)', async () => {
    const ws = await quizWorkspace(tmp());
    const trackQuiz = join(ws, '..', 'track/a/quiz.md');
    writeFileSync(trackQuiz, '## One\nAnswer: 6 ± x\n\n## Two\nType: essay\n');
    answers(ws, {});
    const run = await trail(['--workspace', 'ws', 'quiz', 'a', '--answers', 'ws/answers.json'], { cwd: join(ws, '..') });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(
      'error: track/a/quiz.md:2: numeric answer "6 ± x" is not a number: write it like "Answer: 6" or "Answer: 6 ± 0.01"\ntrack/a/quiz.md:5: unknown Type "essay": use single, multiple, numeric, text, ordering\n  hint: fix the quiz file; docs/quizzes.md describes the format\n',
    );
  });

  it('picks the quiz of a node with several: the one not passed yet, or the one named', async () => {
    const ws = await quizWorkspace(tmp());
    const ambiguous = await trail(['quiz', 'c', '--answers', answers(ws, {})], { cwd: ws });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toBe('error: node "c" has 2 quizzes; say which one\n  hint: e.g. `trail quiz c --criterion first`; quizzes: first, second\n');
    const next = await trailJson<NextJson>(['next'], { cwd: ws });
    expect(next.nodes.find((node) => node.id === 'c')!.next).toMatchObject({
      criterion: 'first',
      kind: 'quiz',
      action: 'trail quiz c --criterion first',
    });
    expect(await trailJson<QuizJson>(['quiz', 'c', '-c', 'first', '--answers', answers(ws, { one: '1' })], { cwd: ws })).toMatchObject({
      criterion: 'first',
      passed: true,
    });
    expect(await trailJson<QuizJson>(['quiz', 'c', '--answers', answers(ws, { two: 'two' })], { cwd: ws })).toMatchObject({
      criterion: 'second',
      passed: false,
    });
    const unknown = await trail(['quiz', 'c', '--criterion', 'third'], { cwd: ws });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('error: node "c" has no quiz "third"\n  hint: its quizzes: first, second');
  });

  it('needs an answers file without a terminal, and a whole-number seed', async () => {
    const ws = await quizWorkspace(tmp());
    const run = await trail(['quiz', 'a'], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: no answers given, and no terminal to ask on');
    const seed = await trail(['quiz', 'a', '--seed', 'abc'], { cwd: ws });
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('error: "abc" is not a seed');
  });

  it('keeps quiz files in the track, whatever their name', async () => {
    const ws = await quizWorkspace(tmp());
    expect(existsSync(join(ws, 'a/quiz.md'))).toBe(false);
    expect(existsSync(join(ws, 'c/second.md'))).toBe(false);
  });
});
