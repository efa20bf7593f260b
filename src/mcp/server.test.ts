import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { overview, ROOT, TRAIL, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { HintJson, ReviewJson, RunsJson, ShowJson, StatusJson } from '../test-support/cli-json.js';
import { QUIZ, RIGHT } from '../test-support/quiz-track.js';

const tmp = useTmpDir();
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

const TRACK_DIR = join(ROOT, 'tracks', 'nn-first-principles');

async function connect(cwd: string): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  const env = Object.fromEntries(
    Object.entries({ ...process.env, NO_COLOR: '1', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [TRAIL, 'mcp'], cwd, env, stderr: 'pipe' }));
  clients.push(client);
  return client;
}

/** Calls a tool; `T` is what the test reads of its structured answer. */
async function call<T = unknown>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ data: T; isError: boolean; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as {
    content: Array<{ type: string; text: string }>;
    isError?: boolean;
    structuredContent?: unknown;
  };
  const text = result.content.map((c) => c.text).join('\n');
  return { data: (result.structuredContent ?? null) as T, isError: result.isError === true, text };
}

describe('trail mcp: a coding agent tutors with the learner’s real state and tools', () => {
  it('lists its tools, resources and prompts, and every tool acts like the CLI (which agrees afterwards)', { timeout: 120_000 }, async () => {
    const ws = tmp();
    expect((await trail(['init', ws, '--track', 'nn-first-principles'])).code).toBe(0);
    const client = await connect(ws);

    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(
      [
        'add_journal_entry',
        'ask_tutor',
        'check_answer',
        'get_hint',
        'get_node',
        'get_quiz',
        'get_status',
        'grade_review',
        'log_experiment',
        'next_steps',
        'review_due',
        'run_check',
        'search_course',
      ].sort(),
    );
    expect((await client.listPrompts()).prompts.map((p) => p.name).sort()).toEqual(['explain', 'hint', 'quiz']);
    const resources = await client.listResources();
    expect(resources.resources).toHaveLength(16);
    const overview = await client.readResource({ uri: 'trailguide://node/value-objects/overview' });
    expect((overview.contents[0] as { text: string }).text).toContain('# Section 1: Value Objects');

    expect((await call<{ nodes: unknown[] }>(client, 'get_status')).data.nodes[0]).toMatchObject({ id: 'value-objects', status: 'available' });
    expect((await call<{ nodes: unknown[] }>(client, 'next_steps')).data.nodes[0]).toMatchObject({ id: 'value-objects', next: { kind: 'check' } });
    const node = (await call<{ node: { exercise: { hints: unknown } }; overview: string }>(client, 'get_node', { node: 'value-objects' })).data;
    expect(node.node.exercise.hints).toEqual({ total: 3, shown: [] });
    expect(node.overview).toContain('## Your exercise');
    const search = (await call<{ passages: Array<{ node: string }> }>(client, 'search_course', { query: 'causal mask future tokens' })).data;
    expect(search.passages[0]?.node).toBe('attention-mechanisms');

    // A hint, recorded: trail hint sees it.
    expect((await call(client, 'get_hint', { node: 'value-objects' })).data).toMatchObject({ revealed: 1, total: 3 });
    expect((await trailJson<HintJson>(['hint', 'value-objects', '--shown'], { cwd: ws })).hints).toHaveLength(1);

    // The check on the starter fails, then passes on the learner's finished code.
    expect((await call<{ runs: Array<{ status: string }> }>(client, 'run_check', { node: 'value-objects' })).data.runs[0]?.status).toBe('fail');
    cpSync(join(TRACK_DIR, 'phase-1/section-1-value-objects/solution'), join(ws, 'phase-1/section-1-value-objects'), { recursive: true });
    expect((await call<{ runs: Array<{ status: string }> }>(client, 'run_check', { node: 'value-objects' })).data.runs[0]?.status).toBe('pass');

    // The quiz: questions without answers; one question checked (a miss becomes a review card), then a whole attempt.
    const quiz = (await call<{ questions: Array<{ id: string; type: string }> }>(client, 'get_quiz', { node: 'value-objects' })).data;
    expect(JSON.stringify(quiz)).not.toMatch(/"correct"|"explanation"|"value":/);
    const tanh = quiz.questions.find((q) => q.id === 'tanh-local');
    expect(tanh?.type).toBe('text');
    const miss = (await call(client, 'check_answer', { node: 'value-objects', question: 'tanh-local', answer: 'no idea' })).data;
    expect(miss).toMatchObject({ question: 'tanh-local', correct: false, expected: null });
    const due = (await call<{ cards: Array<{ card: string }> }>(client, 'review_due')).data.cards;
    expect(due.map((c) => c.card)).toEqual(['value-objects#quiz#tanh-local']);
    const reviewed = (await call(client, 'grade_review', { card: 'value-objects#quiz#tanh-local', answer: '1 - t**2' })).data;
    expect(reviewed).toMatchObject({ correct: true });

    const journal = (
      await call<{ entry: { path: string } }>(client, 'add_journal_entry', {
        node: 'value-objects',
        text: 'Central differences cancel the even Taylor terms, so their error falls like h squared.',
      })
    ).data;
    expect(journal.entry.path).toMatch(/^journal\//);
    const logged = (await call(client, 'log_experiment', { node: 'value-objects', objective: 'compare step sizes', metrics: { error: [0.01, 0.0001] } })).data;
    expect(logged).toMatchObject({ provenance: 'reported' });
    const tutor = (await call(client, 'ask_tutor', { question: 'why is the central difference better?', node: 'value-objects' })).data;
    expect(tutor).toMatchObject({ llm: false, mode: 'explain' });

    // Bad arguments: an unknown node, a locked node, a missing field — clear errors, nothing recorded.
    const unknown = await call(client, 'get_node', { node: 'nope' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('NODE_NOT_FOUND: no node "nope"');
    const locked = await call(client, 'run_check', { node: 'modern-architectures' });
    expect(locked.text).toContain('NODE_LOCKED');
    const missing = await client.callTool({ name: 'get_hint', arguments: {} });
    expect(missing.isError).toBe(true);
    const notDue = await call(client, 'grade_review', { card: 'value-objects#quiz#central-cubic', answer: 1 });
    expect(notDue.text).toContain('is not due now');

    // The CLI sees everything the agent did.
    const runs = await trailJson<RunsJson>(['runs'], { cwd: ws });
    expect(runs.runs.map((r: { provenance: string }) => r.provenance)).toEqual(['measured', 'measured', 'reported']);
    const shown = await trailJson<ShowJson>(['show', 'value-objects'], { cwd: ws });
    expect(shown.node.criteria.find((c) => c.id === 'experiment')!.state).toBe('met');
  });

  it('answers every bad argument with a clear tool error and records nothing', { timeout: 120_000 }, async () => {
    const ws = await smallTrack();
    const client = await connect(ws);
    const log = join(ws, '.trail', 'events.jsonl');
    const events = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    const before = events();
    // Wrong types and missing fields are refused by the tool's schema before it runs: the
    // protocol's invalid-params code, the tool and the field named.
    const wrongType: Array<[string, Record<string, unknown>, string]> = [
      ['get_node', { node: 5 }, 'node'],
      ['search_course', { query: 3 }, 'query'],
      ['search_course', { query: 'loss', limit: 0 }, 'limit'],
      ['get_quiz', { node: ['a'] }, 'node'],
      ['check_answer', { node: 'a', answers: 'b' }, 'answers'],
      ['get_hint', {}, 'node'],
      ['run_check', { node: 'a', criterion: 7 }, 'criterion'],
      ['add_journal_entry', { text: '' }, 'text'],
      ['add_journal_entry', { text: 'a note', tags: 'one' }, 'tags'],
      ['log_experiment', { node: 'a', objective: 'x', metrics: 'loss=1' }, 'metrics'],
      ['grade_review', { card: 3, answer: 1 }, 'card'],
      ['ask_tutor', { question: 'x', mode: 'poetry' }, 'mode'],
    ];
    for (const [name, args, field] of wrongType) {
      const result = await call(client, name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(result.text).toMatch(new RegExp(`^MCP error -32602: Input validation error: Invalid arguments for tool ${name}: .* at ${field}`));
    }
    // Values of the right type that name nothing: the domain's error code, the message and a hint.
    const unknown: Array<[string, Record<string, unknown>, string]> = [
      ['get_node', { node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['search_course', { query: 'loss', node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['get_quiz', { node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['get_quiz', { node: 'a', criterion: 'nope' }, 'CRITERION_NOT_FOUND: node "a" has no quiz "nope"'],
      ['check_answer', { node: 'nope', question: 'backward', answer: 'b' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['check_answer', { node: 'a', question: 'nope', answer: 'b' }, 'ANSWERS_INVALID: no question "nope" in the quiz of a'],
      ['check_answer', { node: 'a', answers: { nope: 1 } }, 'ANSWERS_INVALID: no question "nope" in the quiz of a'],
      ['check_answer', { node: 'b', question: 'x', answer: 1 }, 'NODE_LOCKED'],
      ['get_hint', { node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['run_check', { node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['run_check', { node: 'a', criterion: 'nope' }, 'CRITERION_NOT_FOUND'],
      ['add_journal_entry', { node: 'nope', text: 'a note' }, 'NODE_NOT_FOUND: no node "nope"'],
      ['log_experiment', { node: 'nope', objective: 'x', metrics: { loss: 1 } }, 'NODE_NOT_FOUND: no node "nope"'],
      ['log_experiment', { node: 'b', objective: 'x', metrics: { loss: 1 } }, 'NODE_LOCKED'],
      ['grade_review', { card: 'a#quiz#nope', answer: 1 }, 'ANSWERS_INVALID: card "a#quiz#nope" is not due now'],
      ['ask_tutor', { question: 'x', node: 'nope' }, 'NODE_NOT_FOUND: no node "nope"'],
    ];
    for (const [name, args, text] of unknown) {
      const result = await call(client, name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(result.text).toContain(text);
      expect(result.text).toMatch(/\nhint: \S/);
    }
    // The tools without arguments have none to get wrong: they still answer.
    for (const name of ['get_status', 'next_steps', 'review_due']) expect((await call(client, name)).isError).toBe(false);
    expect(events()).toBe(before);
  });

  it('records through the same code as the CLI: trail status agrees after every tool that records', { timeout: 120_000 }, async () => {
    const ws = await smallTrack();
    const client = await connect(ws);
    const criteria = async () => {
      const status = await trailJson<StatusJson>(['status'], { cwd: ws });
      const a = status.nodes.find((n) => n.id === 'a')!;
      return { a: a.status, b: status.nodes.find((n) => n.id === 'b')!.status, ...Object.fromEntries(a.criteria.map((c) => [c.id, c.state])) };
    };
    expect(await criteria()).toEqual({ a: 'available', b: 'locked', notes: 'unmet', trial: 'unmet', quiz: 'unmet', run: 'unmet' });

    const journal = await call<{ status: string }>(client, 'add_journal_entry', {
      node: 'a',
      text: 'Backward walks the graph in reverse order and adds each local gradient.',
    });
    expect(journal.data.status).toBe('in_progress');
    expect(await criteria()).toMatchObject({ a: 'in_progress', notes: 'met', trial: 'unmet' });

    const logged = await call<{ status: string }>(client, 'log_experiment', { node: 'a', objective: 'a smaller step', metrics: { loss: [2, 0.5] } });
    expect(logged.data.status).toBe('in_progress');
    expect(await criteria()).toMatchObject({ notes: 'met', trial: 'met', quiz: 'unmet' });

    // One question missed: a review card the CLI lists; answered right with grade_review, it is no longer due.
    expect((await call(client, 'check_answer', { node: 'a', question: 'derivative', answer: 5 })).data).toMatchObject({ correct: false });
    expect((await trailJson<ReviewJson>(['review'], { cwd: ws })).due.map((c) => c.id)).toEqual(['a#quiz#derivative']);
    expect((await call(client, 'grade_review', { card: 'a#quiz#derivative', answer: 6 })).data).toMatchObject({ correct: true });
    const review = await trailJson<ReviewJson>(['review'], { cwd: ws });
    expect(review).toMatchObject({ cards: 1, due: [] });
    expect(review.nextDue).not.toBeNull();
    // A whole attempt passes the quiz criterion.
    expect((await call(client, 'check_answer', { node: 'a', answers: RIGHT })).data).toMatchObject({ passed: true });
    expect(await criteria()).toMatchObject({ quiz: 'met', run: 'unmet' });

    // The check fails, then passes: the last run decides, the node is done and the next opens.
    const failed = await call<{ runs: Array<{ status: string }>; status: string }>(client, 'run_check', { node: 'a' });
    expect(failed.data.runs[0]!.status).toBe('fail');
    expect(await criteria()).toMatchObject({ a: 'in_progress', run: 'unmet' });
    writeFileSync(join(ws, 'a', 'done.txt'), 'done\n');
    const passed = await call<{ runs: Array<{ status: string }>; status: string; unlocked: string[] }>(client, 'run_check', { node: 'a' });
    expect(passed.data).toMatchObject({ status: 'done', unlocked: [{ id: 'b', title: 'Beta' }] });
    expect(await criteria()).toEqual({ a: 'done', b: 'available', notes: 'met', trial: 'met', quiz: 'met', run: 'met' });
    const runs = await trailJson<RunsJson>(['runs'], { cwd: ws });
    expect(runs.runs.map((r: { provenance: string }) => r.provenance).sort()).toEqual(['measured', 'measured', 'reported']);
  });

  it('refuses to start outside a workspace, with the fix', async () => {
    const run = await trail(['mcp'], { cwd: tmp() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no Trailguide workspace at');
  });
});

// A node "a" with one criterion of each kind a tool records (journal, experiment, quiz, check),
// and a node "b" after it; and a workspace on them.
async function smallTrack(): Promise<string> {
  const root = tmp();
  writeTree(root, {
    'track/track.yaml': 'id: mt\ntitle: Tools track\n',
    'track/a/overview.md': overview(
      [
        'id: a',
        'title: Alpha',
        'criteria:',
        '  - kind: journal',
        '    id: notes',
        '    minWords: 10',
        '  - kind: experiment',
        '    id: trial',
        '    metrics:',
        '      - { metric: loss, op: "<", value: 1 }',
        '  - kind: quiz',
        '    id: quiz',
        '  - kind: check',
        '    id: run',
        '    run: test -f done.txt',
      ].join('\n'),
    ),
    'track/a/quiz.md': QUIZ,
    'track/b/overview.md': overview('id: b\ntitle: Beta\nrequires: [a]\ncriteria:\n  - kind: attest\n    id: did\n    text: I did it\n    minLength: 10'),
  });
  const ws = join(root, 'ws');
  expect((await trail(['init', ws, '--track', join(root, 'track')])).code).toBe(0);
  return ws;
}
