import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ModelScript, type ScriptedModel } from '../runner/scripted-model.js';
import { ROOT, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { AskJson, TutorStatsJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const servers: ScriptedModel[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const SECTION = join(ROOT, 'tracks', 'nn-first-principles', 'phase-1', 'section-1-value-objects');
// Lines of the reference solution that the starter does not have: they must never reach a model.
const SOLUTION_ONLY = readFileSync(join(SECTION, 'solution', 'experiment.py'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 25 && !readFileSync(join(SECTION, 'experiment.py'), 'utf8').includes(line));

async function workspace(): Promise<string> {
  const ws = tmp();
  expect((await trail(['init', ws, '--track', 'nn-first-principles'])).code).toBe(0);
  return ws;
}

async function model(script: ModelScript): Promise<ScriptedModel> {
  const server = await startScriptedModel(script);
  servers.push(server);
  return server;
}

function sentText(server: ScriptedModel): string {
  return server.received.map((request) => JSON.stringify(request.body)).join('\n');
}

describe('the tutor with a model (a scripted OpenAI-compatible server, the real SDK over HTTP)', () => {
  it('answers in a mode with the course cited, streams the reply, and keeps a trace of the call', async () => {
    const ws = await workspace();
    const server = await model({ replies: [{ match: 'central difference', reply: 'Because the even terms of the Taylor series cancel [value-objects].' }] });
    const answer = await trailJson<AskJson>(['ask', 'why is the central difference better?', '--node', 'value-objects'], { cwd: ws, env: server.env });
    expect(answer).toMatchObject({
      mode: 'explain',
      llm: true,
      answer: 'Because the even terms of the Taylor series cancel [value-objects].',
      guarded: false,
      error: null,
    });
    expect(answer.citations[0]).toMatchObject({ node: 'value-objects' });
    const chat = server.received.find((r) => r.path === '/chat/completions')!.body as { stream: boolean; messages: Array<{ role: string; content: string }> };
    expect(chat.stream).toBe(true);
    // The course's passages are in the prompt, with the node the learner is on.
    expect(chat.messages[0]!.content).toContain('The learner is on: Value Objects [value-objects]');
    expect(chat.messages[0]!.content).toMatch(/Course passage \[value-objects\]/);
    const human = await trail(['ask', 'why is the central difference better?'], { cwd: ws, env: server.env });
    expect(human.stdout).toContain('Because the even terms of the Taylor series cancel [value-objects].\n\nSources:\n  [value-objects]');
    const traces = readFileSync(join(ws, '.trail', 'tutor', 'traces.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(traces).toHaveLength(2);
    expect(traces[0]).toMatchObject({
      mode: 'explain',
      node: 'value-objects',
      model: 'openai-compatible:scripted',
      guarded: false,
      error: null,
      contextBudget: 3000,
    });
    expect(traces[0].inputTokens).toBeGreaterThan(0);
    expect(traces[0].outputTokens).toBeGreaterThan(0);
    expect(traces[0].promptTokens).toBeLessThanOrEqual(3000 + 200);
    const stats = await trailJson<TutorStatsJson>(['tutor', '--stats'], { cwd: ws });
    expect(stats.total).toMatchObject({ calls: 2, errors: 0, guarded: 0, costUsd: null, unpriced: 2 });
  });

  it('chats on the terminal: each line a question, the earlier turns sent along', async () => {
    const ws = await workspace();
    const server = await model({
      replies: [
        { match: 'leaf', reply: 'A leaf has no operands.' },
        { match: 'and a root', reply: 'The root is the output.' },
      ],
    });
    const chat = await trail(['tutor', '--node', 'value-objects'], { cwd: ws, env: server.env, input: 'what is a leaf?\nand a root?\n\n' });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('A leaf has no operands.');
    expect(chat.stdout).toContain('The root is the output.');
    const second = server.received.filter((r) => r.path === '/chat/completions')[1]!.body as { messages: Array<{ role: string; content: string }> };
    expect(second.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second.messages[2]!.content).toBe('A leaf has no operands.');
  });

  it('speaks the Anthropic messages format too', async () => {
    const ws = await workspace();
    const server = await model({ replies: [{ reply: 'Attention is a soft lookup [attention-mechanisms].' }] });
    const env = { ANTHROPIC_API_KEY: 'scripted', ANTHROPIC_MODEL: 'scripted-claude', ANTHROPIC_BASE_URL: server.url, OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };
    const answer = await trailJson<AskJson>(['ask', 'what are queries and keys for?'], { cwd: ws, env });
    expect(answer).toMatchObject({ llm: true, answer: 'Attention is a soft lookup [attention-mechanisms].', error: null });
    expect(server.received.map((r) => r.path)).toContain('/messages');
  });

  it('says what went wrong when the model fails or is too slow, and answers from the course instead', async () => {
    const ws = await workspace();
    const failing = await model({ replies: [{ status: 500 }] });
    const broken = await trailJson<AskJson>(['ask', 'what is a leaf Value?'], { cwd: ws, env: failing.env });
    expect(broken).toMatchObject({ llm: false, error: expect.stringContaining('HTTP 500') });
    expect(broken.answer).toContain('No model is configured, so this is the course itself');
    const slow = await model({ replies: [{ delayMs: 3000, reply: 'late' }] });
    writeFileSync(join(ws, '.trail', 'tutor.json'), JSON.stringify({ timeoutMs: 400 }));
    const late = await trailJson<AskJson>(['ask', 'what is a leaf Value?'], { cwd: ws, env: slow.env });
    expect(late.error).toContain('did not answer within 0.4 s');
    const stats = await trailJson<TutorStatsJson>(['tutor', '--stats'], { cwd: ws });
    expect(stats.total.errors).toBe(2);
  });

  it('never sends a solution file or a quiz answer, and replaces a reply that reproduces the solution by a hint (logged)', async () => {
    const ws = await workspace();
    const solution = readFileSync(join(SECTION, 'solution', 'experiment.py'), 'utf8');
    const server = await model({ replies: [{ reply: `Sure, here it is:\n\n\`\`\`python\n${solution}\n\`\`\`\n` }] });
    const human = await trail(['ask', 'how do I write __mul__ for my Value?', '--node', 'value-objects', '--mode', 'explain'], { cwd: ws, env: server.env });
    expect(human.stdout).toContain("(The model's answer gave away the exercise's solution, so it is not shown.)");
    expect(human.stdout).toContain('Hint 1 of 3 (Value Objects)');
    // The code block was held back while it was checked: none of the solution reached the learner.
    for (const line of SOLUTION_ONLY) expect(human.stdout).not.toContain(line);
    const events = readFileSync(join(ws, '.trail', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.find((e) => e.verb === 'tutor-guarded')).toMatchObject({ object: { node: 'value-objects' }, result: { mode: 'explain' } });
    expect(events.find((e) => e.verb === 'hinted')).toMatchObject({ result: { hint: 1 } });
    // Whatever was asked, no request carried the solution, and no quiz answer was sent before it was answered.
    await trailJson<AskJson>(['ask', 'debug my code please', '--node', 'value-objects', '--mode', 'debug'], { cwd: ws, env: server.env });
    await trailJson<AskJson>(['ask', 'show me an example of __rsub__', '--node', 'value-objects', '--mode', 'code'], { cwd: ws, env: server.env });
    const sent = sentText(server);
    for (const line of SOLUTION_ONLY) expect(sent).not.toContain(JSON.stringify(line).slice(1, -1));
    expect(sent).not.toContain('Answer:');
    expect(sent).not.toMatch(/\[x\]/);
  });

  it('takes authored hints in order and the quiz bank first; asked for the answer, it gives a hint (Socratic by default)', async () => {
    const ws = await workspace();
    const server = await model({ fallback: 'What does the chain rule say about this node?' });
    const plea = await trailJson<AskJson>(['ask', 'just give me the solution', '--node', 'backward-pass'], { cwd: ws, env: server.env });
    expect(plea).toMatchObject({ mode: 'hint', llm: false });
    expect(plea.answer).toMatch(/^I won't give you the answer, but here is a hint\. Hint 1 of 3 \(Backward Pass\)/);
    const quiz = await trailJson<AskJson>(['ask', 'quiz me', '--node', 'backward-pass', '--mode', 'quiz'], { cwd: ws, env: server.env });
    expect(quiz).toMatchObject({ mode: 'quiz', llm: false });
    expect(quiz.answer).toContain("From the course's quiz (Backward Pass)");
    expect(server.received.filter((r) => r.path === '/chat/completions')).toHaveLength(0);
    // Once the authored hints are used up, the model asks questions.
    await trail(['hint', 'backward-pass'], { cwd: ws });
    await trail(['hint', 'backward-pass'], { cwd: ws });
    const socratic = await trailJson<AskJson>(['ask', 'still stuck', '--node', 'backward-pass', '--mode', 'hint'], { cwd: ws, env: server.env });
    expect(socratic).toMatchObject({ mode: 'hint', llm: true, answer: 'What does the chain rule say about this node?' });
  });

  it('fuses embeddings with BM25 when an embedding model is configured', async () => {
    const ws = await workspace();
    const server = await model({ fallback: 'ok' });
    writeFileSync(join(ws, '.trail', 'tutor.json'), JSON.stringify({ embeddingModel: 'scripted-embed' }));
    const answer = await trailJson<AskJson>(['ask', 'what does the causal mask do?'], { cwd: ws, env: server.env });
    expect(answer.citations.some((c) => c.node === 'attention-mechanisms')).toBe(true);
    expect(server.received.filter((r) => r.path === '/embeddings').length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(ws, '.trail', 'tutor'))).toBe(true);
  });
});

describe('the tutor without a model', () => {
  it('answers from the course, cited, in every mode, and says that no model is configured', async () => {
    const ws = await workspace();
    const env = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
    const explain = await trailJson<AskJson>(['ask', 'why must gradients accumulate with +=?'], { cwd: ws, env });
    expect(explain).toMatchObject({ mode: 'explain', llm: false, error: null });
    expect(explain.answer).toMatch(/^No model is configured, so this is the course itself/);
    expect(explain.citations.map((c) => c.node)).toContain('backward-pass');
    const resources = await trailJson<AskJson>(['ask', 'where can I read more?', '--node', 'value-objects', '--mode', 'resources'], { cwd: ws, env });
    expect(resources.answer).toContain("The course's resources for Value Objects:\n- Micrograd repo — https://github.com/karpathy/micrograd (repo)");
    // The learner's own journal is searched too, and cited as theirs.
    await trail(
      [
        'journal',
        'add',
        '--node',
        'value-objects',
        '--text',
        'Zanzibar experiment: my numerical derivative drifted with a tiny step size, rounding error won.',
      ],
      { cwd: ws },
    );
    const mine = await trailJson<AskJson>(['ask', 'what happened in my zanzibar experiment?'], { cwd: ws, env });
    expect(mine.citations).toContainEqual(expect.objectContaining({ kind: 'journal', title: 'Your journal', node: 'value-objects' }));
    const bad = await trail(['ask', 'x', '--mode', 'poetry'], { cwd: ws, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: no tutor mode "poetry"');
    writeFileSync(join(ws, '.trail', 'tutor.json'), '{ "provider": "openai-compatible" ');
    const broken = await trail(['ask', 'x'], { cwd: ws, env });
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain('error: .trail/tutor.json is not valid JSON');
  });
});
