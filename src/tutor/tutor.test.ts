import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ModelScript, type ScriptedModel } from '../runner/scripted-model.js';
import { overview, ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { AskJson, TutorStatsJson } from '../test-support/cli-json.js';
import { QUIZ, RIGHT } from '../test-support/quiz-track.js';
import { tutorConfig, tutorModel } from './provider.js';

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
    // The learner is told the model failed (and how), not that there is none, and whose answer follows.
    expect(broken.answer).toMatch(
      /^The tutor's model failed: the model server answered HTTP 500: .*\. The answer below comes from the course itself, not from the model\./,
    );
    expect(broken.answer).not.toContain('No model is configured');
    expect(broken.citations.length).toBeGreaterThan(0);
    const slow = await model({ replies: [{ delayMs: 3000, reply: 'late' }] });
    writeFileSync(join(ws, '.trail', 'tutor.json'), JSON.stringify({ timeoutMs: 400 }));
    const late = await trail(['ask', 'what is a leaf Value?'], { cwd: ws, env: slow.env });
    expect(late.stdout).toMatch(
      /^The tutor's model failed: the model did not answer within 0\.4 s \(scripted at http:\/\/127\.0\.0\.1:\d+\/v1\)\. The answer below comes from the course itself/,
    );
    expect(late.stdout).not.toContain('No model is configured');
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

describe('the tutor with Anthropic (the messages format, streamed)', () => {
  const anthropicEnv = (server: ScriptedModel) => ({
    ANTHROPIC_API_KEY: 'scripted',
    ANTHROPIC_MODEL: 'scripted-claude',
    ANTHROPIC_BASE_URL: server.url,
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: '',
  });

  it('streams the reply in several deltas, in order, to the terminal', async () => {
    const ws = await workspace();
    const text = 'Queries ask, keys answer, and values are what is passed on [attention-mechanisms].';
    const server = await model({ replies: [{ reply: text }] });
    const model_ = await tutorModel(tutorConfig(ws, anthropicEnv(server)));
    const pieces: string[] = [];
    const reply = model_!.chat({ system: 'Be brief.', messages: [{ role: 'user', content: 'what are queries and keys for?' }] });
    for await (const piece of reply.textStream) pieces.push(piece);
    // The scripted server sends one delta a word: they arrive one by one, and in order.
    expect(pieces).toEqual(text.match(/\S+\s*/g));
    expect(await reply.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    const request = server.received.find((r) => r.path === '/messages')!.body as { stream: boolean; system: unknown };
    expect(request.stream).toBe(true);
    const human = await trail(['ask', 'what are queries and keys for?', '--node', 'attention-mechanisms'], { cwd: ws, env: anthropicEnv(server) });
    expect(human.stdout).toContain(`${text}\n\nSources:`);
  });

  it('says so when Anthropic refuses the key (401), fails (500) or is too slow, and answers from the course', async () => {
    const ws = await workspace();
    const refused = await model({ replies: [{ status: 401 }] });
    const a = await trailJson<AskJson>(['ask', 'what is a leaf Value?'], { cwd: ws, env: anthropicEnv(refused) });
    expect(a).toMatchObject({ llm: false, error: 'the model server refused the key (HTTP 401): check ANTHROPIC_API_KEY' });
    expect(a.answer).toMatch(
      /^The tutor's model failed: the model server refused the key \(HTTP 401\): check ANTHROPIC_API_KEY\. The answer below comes from the course/,
    );
    const failing = await model({ replies: [{ status: 500 }] });
    const b = await trailJson<AskJson>(['ask', 'what is a leaf Value?'], { cwd: ws, env: anthropicEnv(failing) });
    expect(b.error).toMatch(/^the model server answered HTTP 500: .*scripted error 500/);
    const slow = await model({ replies: [{ delayMs: 3000, reply: 'late' }] });
    writeFileSync(join(ws, '.trail', 'tutor.json'), JSON.stringify({ timeoutMs: 400 }));
    const c = await trail(['ask', 'what is a leaf Value?'], { cwd: ws, env: anthropicEnv(slow) });
    expect(c.stdout).toMatch(/^The tutor's model failed: the model did not answer within 0\.4 s \(scripted-claude at http:\/\/127\.0\.0\.1:\d+\/v1\)\./);
    expect(c.stdout).not.toContain('late');
    const stats = await trailJson<TutorStatsJson>(['tutor', '--stats'], { cwd: ws });
    expect(stats.total).toMatchObject({ calls: 3, errors: 3 });
  });
});

describe('what the tutor sends and counts', () => {
  function systemOf(server: ScriptedModel, i = -1): string {
    const chat = server.received.filter((r) => r.path === '/chat/completions').at(i)!.body as { messages: Array<{ role: string; content: string }> };
    return chat.messages[0]!.content;
  }

  it('puts the explain level in the system prompt the model receives', async () => {
    const ws = await workspace();
    const server = await model({ replies: [{ system: 'five-year-old', reply: 'It is like asking a friend who knows.' }], fallback: 'plain' });
    const five = await trailJson<AskJson>(['ask', 'explain attention', '--level', 'five', '--node', 'attention-mechanisms'], { cwd: ws, env: server.env });
    expect(five.answer).toBe('It is like asking a friend who knows.');
    expect(systemOf(server)).toContain('Explain it like to a curious five-year-old: one everyday analogy, no jargon, no formulas.');
    await trailJson<AskJson>(['ask', 'explain attention', '--level', 'expert', '--node', 'attention-mechanisms'], { cwd: ws, env: server.env });
    expect(systemOf(server)).toContain('Explain it to an expert: precise, with the math and the trade-offs, no basics.');
    expect(systemOf(server)).not.toContain('five-year-old');
    await trailJson<AskJson>(['ask', 'explain attention', '--node', 'attention-mechanisms'], { cwd: ws, env: server.env });
    expect(systemOf(server)).toContain('Explain it to an engineer who knows the basics');
    // The level is for explain only.
    await trailJson<AskJson>(['ask', 'explain attention', '--level', 'five', '--mode', 'code', '--node', 'attention-mechanisms'], { cwd: ws, env: server.env });
    expect(systemOf(server)).not.toContain('five-year-old');
  });

  it('debug mode sends the learner’s latest failing check to the model', { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const check = await trail(['check', 'value-objects'], { cwd: ws });
    expect(check.code).not.toBe(0);
    const dir = join(ws, '.trail', 'checks', 'value-objects');
    const result = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!), 'utf8')) as {
      status: string;
      tests: Array<{ name: string; status: string }>;
    };
    const failing = result.tests.find((t) => t.status === 'fail' || t.status === 'error')!;
    const server = await model({ fallback: 'Look at what __add__ returns.' });
    const answer = await trailJson<AskJson>(['ask', 'why does my check fail?', '--mode', 'debug', '--node', 'value-objects'], { cwd: ws, env: server.env });
    expect(answer).toMatchObject({ mode: 'debug', llm: true, answer: 'Look at what __add__ returns.' });
    const system = systemOf(server);
    expect(system).toContain('### The learner’s latest failing check');
    expect(system).toContain(`: ${result.status} — `);
    expect(system).toContain(`First failing test: ${failing.name}`);
  });

  it('trail tutor --stats prices the calls from the table in .trail/tutor.json', async () => {
    const ws = await workspace();
    const server = await model({ fallback: 'A short answer.' });
    writeFileSync(join(ws, '.trail', 'tutor.json'), JSON.stringify({ prices: { scripted: { input: 3, output: 15 } } }));
    await trailJson<AskJson>(['ask', 'what is a leaf Value?'], { cwd: ws, env: server.env });
    await trailJson<AskJson>(['ask', 'show me an example of __radd__', '--mode', 'code'], { cwd: ws, env: server.env });
    const traces = readFileSync(join(ws, '.trail', 'tutor', 'traces.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { inputTokens: number; outputTokens: number; costUsd: number });
    const expected = traces.map((t) => (t.inputTokens * 3 + t.outputTokens * 15) / 1_000_000);
    expect(traces.map((t) => t.costUsd)).toEqual(expected);
    expect(expected.every((cost) => cost > 0)).toBe(true);
    const stats = await trailJson<TutorStatsJson>(['tutor', '--stats'], { cwd: ws });
    expect(stats.total.unpriced).toBe(0);
    expect(stats.total.costUsd).toBeCloseTo(expected[0]! + expected[1]!, 12);
    expect(stats.byMode.code!.costUsd).toBeCloseTo(expected[1]!, 12);
    const human = await trail(['tutor', '--stats'], { cwd: ws, env: { NO_COLOR: '1' } });
    expect(human.stdout).toMatch(new RegExp(`^all .* \\$${(expected[0]! + expected[1]!).toFixed(4).replace('.', '\\.')}$`, 'm'));
  });
});

describe('resources and quiz with a model: the course first, the model marked', () => {
  it('prints the course’s own resources first on the terminal, then the model’s, labelled (ask and tutor alike)', async () => {
    const ws = await workspace();
    const suggestion = 'Try the CS231n notes on backpropagation.';
    const server = await model({ fallback: suggestion });
    const own = "The course's resources for Value Objects:\n- Micrograd repo — https://github.com/karpathy/micrograd (repo)";
    const label = 'From the model (suggestions, not checked by the course):';
    const json = await trailJson<AskJson>(['ask', 'where can I read more?', '--node', 'value-objects', '--mode', 'resources'], { cwd: ws, env: server.env });
    expect(json.answer).toMatch(new RegExp(`^${escapeRegExp(own)}[^]*\\n\\n${escapeRegExp(label)}\\n\\n${escapeRegExp(suggestion)}$`));
    for (const run of [
      await trail(['ask', 'where can I read more?', '--node', 'value-objects', '--mode', 'resources'], { cwd: ws, env: server.env }),
      await trail(['tutor', '--node', 'value-objects', '--mode', 'resources'], { cwd: ws, env: server.env, input: 'where can I read more?\n\n' }),
    ]) {
      expect(run.code).toBe(0);
      // What the terminal shows is the answer itself, in the same order.
      expect(run.stdout).toContain(json.answer);
      expect(run.stdout.indexOf(own)).toBeLessThan(run.stdout.indexOf(label));
    }
  });

  // A track with a quiz node (one question of each type) and a node without a quiz.
  async function quizTrack(): Promise<string> {
    const root = tmp();
    writeTree(root, {
      'track/track.yaml': 'id: qt\ntitle: Quiz track\n',
      'track/a/overview.md': overview('id: a\ntitle: Autograd\ncriteria:\n  - kind: quiz'),
      'track/a/quiz.md': QUIZ,
      'track/n/overview.md': overview('id: n\ntitle: Notes\ncriteria:\n  - kind: attest\n    id: did\n    text: I wrote notes\n    minLength: 10'),
      'right.json': JSON.stringify(RIGHT),
    });
    expect((await trail(['init', join(root, 'ws'), '--track', join(root, 'track')])).code).toBe(0);
    return root;
  }

  it('asks the course’s questions with their options, one not answered right at a time; then a labelled model question, or review', async () => {
    const root = await quizTrack();
    const ws = join(root, 'ws');
    const none = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
    const first = await trail(['ask', 'quiz me', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: none });
    expect(first.stdout).toContain(
      "From the course's quiz (Autograd):\n\n**What does backward() compute?**\n\nChoose one:\na) The forward pass\nb) Gradients of the output with respect to every node\nc) The loss\n\nAnswer it with `trail quiz a`.",
    );
    expect(first.stdout).not.toContain('[x]');
    // In a chat, each question is asked once; a multiple choice says so, an ordering lists its items.
    const chat = await trail(['tutor', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: none, input: 'quiz me\n'.repeat(6) });
    const asked = [...chat.stdout.matchAll(/^\*\*(.+)\*\*$/gm)].map((m) => m[1]);
    expect(asked).toEqual([
      'What does backward() compute?',
      'Which of these are activation functions?',
      'What is the derivative of x² at x = 3?',
      'Which algorithm computes gradients with the chain rule?',
      'Put the steps of a training step in order.',
    ]);
    expect(chat.stdout).toContain('Choose every option that is right:\na) ReLU\nb) tanh\nc) Cross-entropy');
    expect(chat.stdout).toMatch(/Put these in order:\n(- (Forward pass|Compute the loss|Backward pass|Optimizer step)\n){4}/);
    expect(chat.stdout).toContain(
      "Every question of Autograd's quiz that is not answered right yet was asked above: the course's question bank is used up. Review what you have learnt with `trail review`",
    );

    // All answered right: the bank is used up.
    expect((await trail(['quiz', 'a', '--answers', join(root, 'right.json')], { cwd: ws })).code).toBe(0);
    const usedUp = await trailJson<AskJson>(['ask', 'quiz me', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: none });
    expect(usedUp).toMatchObject({ llm: false });
    expect(usedUp.answer).toBe(
      "Every question of Autograd's quiz is answered right: the course's question bank is used up. Review what you have learnt with `trail review` (it asks again the questions that are due).",
    );
    const server = await model({ replies: [{ system: 'Write one new question', reply: 'What does a leaf node’s grad start at?\n\nAnswer: 0' }] });
    const written = await trailJson<AskJson>(['ask', 'quiz me', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: server.env });
    expect(written).toMatchObject({ mode: 'quiz', llm: true, error: null });
    expect(written.answer).toBe(
      "Every question of Autograd's quiz is answered right, so this question was written by the model (not from the course, not checked by it):\n\nWhat does a leaf node’s grad start at?\n\nAnswer: 0",
    );
    const human = await trail(['ask', 'quiz me', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: server.env });
    expect(human.stdout).toContain(written.answer);

    // A node without a quiz: the model's question, labelled; without a model, review.
    const noQuiz = await trailJson<AskJson>(['ask', 'quiz me', '--mode', 'quiz', '--node', 'n'], { cwd: ws, env: server.env });
    expect(noQuiz.answer).toMatch(
      /^Notes has no quiz questions of its own, so this question was written by the model \(not from the course, not checked by it\):\n\nWhat does/,
    );
    const noQuizNoModel = await trailJson<AskJson>(['ask', 'quiz me', '--mode', 'quiz', '--node', 'n'], { cwd: ws, env: none });
    expect(noQuizNoModel.answer).toBe(
      'Notes has no quiz questions of its own. Review what you have learnt with `trail review` (it asks again the questions that are due).',
    );
    // The model fails: it says so, and that the bank is used up.
    const failing = await model({ replies: [{ status: 500 }] });
    const failed = await trailJson<AskJson>(['ask', 'quiz me', '--mode', 'quiz', '--node', 'a'], { cwd: ws, env: failing.env });
    expect(failed.answer).toMatch(
      /^The tutor's model failed: the model server answered HTTP 500[\s\S]*\n\nEvery question of Autograd's quiz is answered right: the course's question bank is used up\./,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
