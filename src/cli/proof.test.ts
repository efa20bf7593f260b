import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidTrack } from '../workspace/track-cache.js';
import { ROOT, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import { completeNode } from '../test-support/learner.js';
import type { ShowJson, StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const tracks = (id: string) => join(ROOT, 'tracks', id);

async function follow(id: string): Promise<string> {
  const ws = tmp();
  expect((await trail(['init', ws, '--track', id])).code).toBe(0);
  return ws;
}

const statusOf = async (ws: string) =>
  Object.fromEntries(((await trailJson<StatusJson>(['status'], { cwd: ws })).nodes as Array<{ id: string; status: string }>).map((n) => [n.id, n.status]));

describe('exit criteria proven by code: llm-engineering-mastery', () => {
  it('leaves M1 open after statements, a journal of one word repeated and a number typed by hand', async () => {
    const ws = await follow('llm-engineering-mastery');
    // M1 has no attest criterion: a statement, with or without a criterion named, is refused and nothing is recorded.
    const claims = [
      ['attest', 'm1', '--text', 'I did it, trust me: I trained logistic regression and it works great'],
      ['attest', 'm1', 'exit-1', '--text', 'I did it, trust me: I trained logistic regression and it works great'],
    ];
    for (const claim of claims) {
      const refused = await trail(claim, { cwd: ws });
      expect(refused.code, refused.stdout).toBe(3);
      expect(refused.stderr).toContain(claim.length === 4 ? 'node "m1" has no attest criteria' : 'node "m1" has no attest criterion "exit-1"');
      expect(refused.stderr).toContain('`trail show m1` lists what it needs');
    }
    const typed = await trail(['log', '--node', 'm1', '--objective', 'trust me', '--metric', 'test_accuracy=0.99', '--metric', 'grad_max_rel_error=0'], {
      cwd: ws,
    });
    expect(typed.code, typed.stderr).toBe(0);
    const journal = await trail(['journal', 'add', '--node', 'm1', '--text', Array.from({ length: 200 }, () => 'word').join(' ')], { cwd: ws });
    expect(journal.stdout).toContain('This entry repeats itself: 200 words but only 1 different ones');
    const { node } = await trailJson<ShowJson>(['show', 'm1'], { cwd: ws });
    expect(node.status).toBe('in_progress');
    expect(node.criteria.map((c: { kind: string }) => c.kind)).not.toContain('attest');
    const trained = node.criteria.find((c: { kind: string; state: string }) => c.kind === 'experiment')!;
    expect(trained.state).toBe('unmet');
    expect(trained.detail).toContain('reported by hand, which do not count here');
    expect(node.criteria.find((c) => c.kind === 'journal')!.detail).toMatch(/has 200 words but only 1 different ones/);
    expect((await statusOf(ws)).m2).toBe('locked');
    // The refused statements left no trace: the log holds the typed run and the journal's work only.
    const verbs = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { verb: string }).verb);
    expect(verbs).toContain('experimented');
    expect(verbs).not.toContain('attested');
  });

  it('opens M3 once M1 and M2 are proven, and Phase 2 only when every exit criterion of Phase 1 holds', { timeout: 300_000 }, async () => {
    const track = await loadValidTrack(tracks('llm-engineering-mastery'));
    const ws = await follow('llm-engineering-mastery');
    const node = (id: string) => track.nodes.find((n) => n.id === id)!;
    expect(await completeNode(tracks('llm-engineering-mastery'), node('m1'), ws)).toBe('done');
    expect((await statusOf(ws)).m2).toBe('available');
    expect(await completeNode(tracks('llm-engineering-mastery'), node('m2'), ws)).toBe('done');
    let status = await statusOf(ws);
    expect(status.m3).toBe('available');
    expect(status.m5).toBe('locked');
    expect(await completeNode(tracks('llm-engineering-mastery'), node('m3'), ws)).toBe('done');
    // M4 all but one criterion: the phase gate holds Phase 2 shut.
    const m4 = node('m4');
    const last = m4.criteria.filter((c) => !c.optional).at(-1)!;
    await completeNode(tracks('llm-engineering-mastery'), { ...m4, criteria: m4.criteria.filter((c) => c !== last) }, ws);
    status = await statusOf(ws);
    expect(status.m4).toBe('in_progress');
    expect(status.m5).toBe('locked');
    expect(await completeNode(tracks('llm-engineering-mastery'), m4, ws)).toBe('done');
    expect((await statusOf(ws)).m5).toBe('available');
  });
});

describe('a learner through the first two nodes of each built-in track, from the command line', () => {
  it.each([
    ['learning-path', 'math-foundations', 'ml-fundamentals', 'neural-networks'],
    ['llm-roadmap', 'house-price-predictor', 'linear-regression-from-scratch', 'digit-classifier'],
    ['first-principles-to-agents', 'history-foundations', 'neural-networks', 'classic-architectures'],
  ])('%s: %s and %s done open %s', { timeout: 180_000 }, async (id, first, second, next) => {
    const track = await loadValidTrack(tracks(id));
    const ws = await follow(id);
    const node = (nodeId: string) => track.nodes.find((n) => n.id === nodeId)!;
    expect((await statusOf(ws))[second]).toBe('locked');
    expect(await completeNode(tracks(id), node(first), ws)).toBe('done');
    let status = await statusOf(ws);
    expect(status[second]).toBe('available');
    expect(status[next]).toBe('locked');
    expect(await completeNode(tracks(id), node(second), ws)).toBe('done');
    status = await statusOf(ws);
    expect(status[next]).toBe('available');
  });
});

describe('evals are mandatory: first-principles-to-agents', () => {
  it('leaves a project open after a pass rate typed by hand', async () => {
    const ws = await follow('first-principles-to-agents');
    expect((await trail(['practice', 'on'], { cwd: ws })).code).toBe(0);
    const typed = await trail(['log', '--node', 'agent-framework', '--objective', 'evals', '--metric', 'eval_pass_rate=0.8', '--metric', 'pass_rate=1'], {
      cwd: ws,
    });
    expect(typed.code, typed.stderr).toBe(0);
    const { node } = await trailJson<ShowJson>(['show', 'agent-framework'], { cwd: ws });
    expect(node.status).not.toBe('done');
    const experiment = node.criteria.find((c: { kind: string }) => c.kind === 'experiment')!;
    expect(experiment.state).toBe('unmet');
    expect(experiment.detail).toContain('reported by hand, which do not count here');
  });
});
