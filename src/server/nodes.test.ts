import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from './api/types.js';
import { homeApp, workspaceApp } from '../test-support/api.js';
import { ROOT, shellWords, trail, useTmpDir } from '../test-support/cli.js';
import { quizWorkspace, RIGHT } from '../test-support/quiz-track.js';

const tmp = useTmpDir();
const TRACK = 'llm-engineering-mastery';
const M1 = `/api/tracks/${TRACK}/nodes/m1`;
const REFLECTION = Array.from({ length: 55 }, (_, i) => `word${i}`).join(' ');

// A workspace on the engine's fixture of milestones proven by statements and journal entries.
async function followed() {
  const ws = tmp();
  expect((await trail(['init', ws, '--track', join(ROOT, 'src/test-support/fixtures/milestones')])).code).toBe(0);
  return { api: await workspaceApp(ws), ws };
}

describe('a node page and the actions on it', () => {
  it('prints terminal commands that work as printed from any folder when it serves a home', async () => {
    const home = join(tmp(), 'my home');
    const api = homeApp(home);
    expect((await api.post('/api/tracks', { track: TRACK })).status).toBe(201);
    const { body } = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(M1);
    const action = (kind: string) => body.node.criteria.find((c) => c.kind === kind)!.action;
    const root = join(home, TRACK);
    expect(action('journal')).toBe(`trail --workspace "${root}" journal add --node m1`);
    // The learner's editor writes the entry (the draft file is its argument).
    const entry = Array.from({ length: 160 }, (_, i) => `thought${i}`).join(' ');
    const editor = `"${process.execPath}" -e "require('fs').writeFileSync(process.argv[1], process.env.ENTRY)"`;
    const elsewhere = tmp();
    const journal = await trail(shellWords(action('journal')).slice(1), { cwd: elsewhere, env: { EDITOR: editor, VISUAL: '', ENTRY: entry } });
    expect(journal.code, journal.stderr).toBe(0);
    const after = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(M1);
    expect(after.body.journal).toHaveLength(1);
    // A check runs there too: the starter fails it (exit 1), it is not a missing workspace (exit 3).
    const check = await trail(shellWords(action('check')).slice(1), { cwd: elsewhere });
    expect([check.code, check.stdout]).toEqual([1, expect.stringContaining('✗ fail core')]);
    // Without naming the workspace, the same command finds none from there.
    expect((await trail(['check', 'm1'], { cwd: elsewhere })).code).toBe(3);
  });

  it('gives the node with its criteria, their spec and the Markdown body', async () => {
    const { api } = await followed();
    const { status, body } = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(M1);
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: 'm1', title: 'Logistic Regression', status: 'available', phase: 'foundations' });
    expect(body.node.criteria.map((c) => `${c.kind}:${c.id}:${c.state}`)).toEqual(['attest:exit-1:unmet', 'attest:exit-2:unmet', 'journal:reflection:unmet']);
    expect(body.node.criteria[0]?.spec).toEqual({ minLength: 30 });
    expect(body.node.criteria[2]?.spec).toEqual({ minWords: 50 });
    expect(body.body).toContain('# M1: Logistic Regression');
    expect(await api.get(`/api/tracks/${TRACK}/nodes/m99`)).toMatchObject({ status: 404, body: { error: { code: 'NODE_NOT_FOUND' } } });
  });

  it('satisfies M1 by attesting and a journal entry, which unlocks M2 — the same events the CLI records', async () => {
    const { api, ws } = await followed();
    const first = await api.post(`${M1}/attest`, { criterion: 'exit-1', text: 'I trained logistic regression on a binary dataset and reached 92% accuracy.' });
    expect(first).toMatchObject({ status: 200, body: { node: { id: 'm1', status: 'in_progress' }, unlocked: [] } });
    await api.post(`${M1}/attest`, { criterion: 'exit-2', text: 'I derived the gradient of the log loss by hand and checked it numerically.' });
    const entry = await api.post<Reply<'POST /tracks/:track/journal'>>(`/api/tracks/${TRACK}/journal`, {
      node: 'm1',
      title: 'M1 reflection',
      tags: ['m1'],
      body: REFLECTION,
    });
    expect(entry).toMatchObject({ status: 201, body: { node: { id: 'm1', status: 'done' }, unlocked: [{ id: 'm2' }], warning: null } });
    expect(entry.body.entry.path).toMatch(/^journal\/.+\.md$/);
    expect(readFileSync(join(ws, entry.body.entry.path), 'utf8')).toContain(REFLECTION);
    const status = JSON.parse((await trail(['status', '--json'], { cwd: ws })).stdout);
    expect(status.nodes.slice(0, 2).map((n: { status: string }) => n.status)).toEqual(['done', 'available']);
  });

  it('refuses bad attestations, locked nodes and unknown criteria without recording anything', async () => {
    const { api, ws } = await followed();
    expect(await api.post(`${M1}/attest`, { criterion: 'exit-1', text: 'too short' })).toMatchObject({
      status: 400,
      body: { error: { code: 'STATEMENT_TOO_SHORT' } },
    });
    expect(await api.post(`${M1}/attest`, { criterion: 'exit-1', text: 'Logistic regression trained on binary classification' })).toMatchObject({
      status: 400,
      body: { error: { code: 'STATEMENT_TOO_SHORT', message: 'your statement repeats the criterion word for word' } },
    });
    expect(await api.post(`${M1}/attest`, { criterion: 'nope', text: 'x'.repeat(40) })).toMatchObject({
      status: 404,
      body: { error: { code: 'CRITERION_NOT_FOUND' } },
    });
    expect(await api.post(`${M1}/attest`, { text: 'x'.repeat(40) })).toMatchObject({ status: 400, body: { error: { code: 'USAGE' } } });
    expect(await api.post(`${M1}/attest`, { criterion: 'exit-1', text: 42 })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'body.text: Invalid input: expected string, received number' } },
    });
    expect(await api.post(`/api/tracks/${TRACK}/nodes/m2/attest`, { criterion: 'exit-1', text: 'x'.repeat(40) })).toMatchObject({
      status: 409,
      body: { error: { code: 'NODE_LOCKED' } },
    });
    expect(await api.post(`${M1}/skip`)).toMatchObject({ status: 409, body: { error: { code: 'NOT_OPTIONAL' } } });
    const log = join(ws, '.trail/events.jsonl');
    expect(existsSync(log) ? readFileSync(log, 'utf8').trim() : '').toBe('');
  });

  it('refuses bad journal entries', async () => {
    const { api } = await followed();
    const journal = `/api/tracks/${TRACK}/journal`;
    expect(await api.post(journal, { body: '   ' })).toMatchObject({ status: 400, body: { error: { code: 'ENTRY_TOO_SHORT' } } });
    expect(await api.post(journal, { node: 'm9', body: 'text' })).toMatchObject({ status: 409, body: { error: { code: 'NODE_LOCKED' } } });
    expect(await api.post(journal, { node: 'zz', body: 'text' })).toMatchObject({ status: 404, body: { error: { code: 'NODE_NOT_FOUND' } } });
    expect(await api.post(journal, { body: 'text', tags: ['a,b'] })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'body.tags.0: a tag is one line without commas' } },
    });
    expect(await api.post(journal, { text: 'wrong field' })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await api.post(journal, { node: 'm1', body: 'Loss went down.' })).toMatchObject({
      status: 400,
      body: { error: { code: 'ENTRY_TOO_SHORT', message: expect.stringContaining('"m1" asks for 50') } },
    });
    expect((await api.get<Reply<'GET /tracks/:track/journal'>>(journal)).body.entries).toEqual([]);
    expect(await api.post(journal, { node: 'm1', body: 'Loss went down.', allowShort: true })).toMatchObject({ status: 201, body: { entry: { words: 3 } } });
  });

  it('lists and shows journal entries, including ones written by hand', async () => {
    const { api, ws } = await followed();
    await trail(['journal', 'add', '--node', 'm1', '--title', 'By hand', '--allow-short', '--text', 'Written from the terminal.'], { cwd: ws });
    const { body } = await api.get<Reply<'GET /tracks/:track/journal'>>(`/api/tracks/${TRACK}/journal?node=m1`);
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ node: 'm1', title: 'By hand', words: 4 });
    const one = await api.get<Reply<'GET /tracks/:track/journal/entry'>>(
      `/api/tracks/${TRACK}/journal/entry?path=${encodeURIComponent(body.entries[0]!.path)}`,
    );
    expect(one.body.entry.body.trim()).toBe('Written from the terminal.');
    expect(await api.get(`/api/tracks/${TRACK}/journal/entry?path=journal/none.md`)).toMatchObject({ status: 404 });
  });

  it('keeps an entry private unless the learner shares it, from the terminal or the app', async () => {
    const { api, ws } = await followed();
    await trail(['journal', 'add', '--title', 'Private', '--allow-short', '--text', 'Only for me.'], { cwd: ws });
    await trail(['journal', 'add', '--title', 'For my mentor', '--share', '--allow-short', '--text', 'Please read this.'], { cwd: ws });
    expect((await api.post(`/api/tracks/${TRACK}/journal`, { title: 'Shared here', shared: true, allowShort: true, body: 'From the app.' })).status).toBe(201);
    const { body } = await api.get<Reply<'GET /tracks/:track/journal'>>(`/api/tracks/${TRACK}/journal`);
    expect(Object.fromEntries(body.entries.map((entry) => [entry.title, entry.shared]))).toEqual({
      Private: false,
      'For my mentor': true,
      'Shared here': true,
    });
    const file = body.entries.find((entry) => entry.title === 'For my mentor')!.path;
    expect(readFileSync(join(ws, file), 'utf8')).toMatch(/^shared: true$/m);
  });
});

describe('quizzes and review over the API', () => {
  it('sends a quiz without its answers, grades an attempt, and makes the misses review cards', async () => {
    const root = tmp();
    const ws = await quizWorkspace(root);
    const api = await workspaceApp(ws);
    const quiz = await api.get<Reply<'GET /tracks/:track/nodes/:node/quiz'>>('/api/tracks/qt/nodes/a/quiz?seed=7');
    expect(quiz.status).toBe(200);
    expect(JSON.stringify(quiz.body)).not.toMatch(/"correct"|"accept"|"value"/);
    expect(quiz.body.questions.map((q) => `${q.id}:${q.type}`)).toEqual([
      'backward:single',
      'activations:multiple',
      'derivative:numeric',
      'algorithm:text',
      'steps:ordering',
    ]);
    expect(await api.post('/api/tracks/qt/nodes/a/quiz', { answers: { nope: 1 } })).toMatchObject({
      status: 400,
      body: { error: { code: 'ANSWERS_INVALID' } },
    });
    expect(await api.post('/api/tracks/qt/nodes/a/quiz', { answers: [] })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await api.post('/api/tracks/qt/nodes/b/quiz', { answers: {} })).toMatchObject({ status: 409, body: { error: { code: 'NODE_LOCKED' } } });

    const missed = await api.post<Reply<'POST /tracks/:track/nodes/:node/quiz'>>('/api/tracks/qt/nodes/a/quiz', {
      answers: { ...RIGHT, derivative: 1, algorithm: 'guess' },
      durations: { backward: 3000 },
    });
    expect(missed.body).toMatchObject({ points: 3, total: 5, passed: false });
    expect(missed.body.questions.find((q) => q.id === 'derivative')).toMatchObject({ correct: false, given: 1 });

    const review = await api.get<Reply<'GET /tracks/:track/review'>>('/api/tracks/qt/review');
    expect(review.body.due.map((card) => card.question.id)).toEqual(['algorithm', 'derivative']);
    const card = review.body.due[1]!;
    expect(card.question).not.toHaveProperty('value');
    expect(await api.post('/api/tracks/qt/review', { card: 'nope', response: 1 })).toMatchObject({ status: 404 });
    expect(await api.post('/api/tracks/qt/review', { response: 1 })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    const answered = await api.post('/api/tracks/qt/review', { card: card.id, response: 6.005, durationMs: 15_000 });
    expect(answered.body).toMatchObject({ id: card.id, correct: true, rating: 'good' });
    expect(await api.post('/api/tracks/qt/review', { card: card.id, response: 6.005 })).toMatchObject({ status: 409, body: { error: { code: 'NOT_DUE' } } });
    expect((await api.get<Reply<'GET /tracks/:track/review'>>('/api/tracks/qt/review')).body.due).toHaveLength(1);

    const passed = await api.post('/api/tracks/qt/nodes/a/quiz', { answers: RIGHT });
    expect(passed.body).toMatchObject({ passed: true, score: 1 });
  });
});
