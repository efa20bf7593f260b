import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TRAIL, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { HintJson, RunsJson, ShowJson } from '../test-support/cli-json.js';

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

  it('refuses to start outside a workspace, with the fix', async () => {
    const run = await trail(['mcp'], { cwd: tmp() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no Trailguide workspace at');
  });
});
