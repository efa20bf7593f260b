import { describe, expect, it } from 'vitest';
import { trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { EstimateJson, ShowJson, StatusJson, TracksJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();

async function freshStatuses(track: string): Promise<Record<string, string>> {
  const dir = tmp();
  const init = await trail(['init', dir, '--track', track]);
  expect(init.code, init.stderr).toBe(0);
  const status = await trailJson<StatusJson>(['status'], { cwd: dir });
  return Object.fromEntries(status.nodes.map((node: { id: string; status: string }) => [node.id, node.status]));
}

describe('built-in tracks', () => {
  it('lists the five seed tracks with id, title and node count', async () => {
    const { tracks } = await trailJson<TracksJson>(['tracks']);
    expect(tracks.map((t: { id: string; nodes: number }) => [t.id, t.nodes])).toEqual([
      ['first-principles-to-agents', 22],
      ['learning-path', 15],
      ['llm-engineering-mastery', 14],
      ['llm-roadmap', 13],
      ['nn-first-principles', 16],
    ]);
    expect(tracks.every((t: { valid: boolean; title: string }) => t.valid && t.title.length > 0)).toBe(true);
  });

  it.each(['first-principles-to-agents', 'learning-path', 'llm-engineering-mastery', 'llm-roadmap', 'nn-first-principles'])(
    '%s passes trail validate',
    async (id) => {
      const run = await trail(['validate', `tracks/${id}`]);
      expect(run.stdout).toMatch(/^✓ tracks\/.+: a valid track of \d+ nodes\n$/);
      expect(run.code).toBe(0);
    },
  );

  it('learning-path: stages 01 and 15 open, the rest locked; prerequisites as written', async () => {
    const s = await freshStatuses('learning-path');
    expect(s['math-foundations']).toBe('available');
    expect(s['engineering-career']).toBe('available');
    expect(Object.values(s).filter((x) => x === 'available')).toHaveLength(2);
    expect(s['ml-fundamentals']).toBe('locked');
    const show = await trailJson<ShowJson>(['show', 'transformers'], { cwd: await workspaceOf('learning-path') });
    expect(show.node.requires).toEqual(['neural-networks', 'language-modeling', 'tokens-embeddings']);
    expect(show.node.mvu).toBe('You can draw the transformer block on a whiteboard from memory and explain every arrow.');
  });

  it('first-principles-to-agents: section 1 open, section 3 optional, projects behind the whole roadmap (evals included) and held to evals', async () => {
    const s = await freshStatuses('first-principles-to-agents');
    expect(s['history-foundations']).toBe('available');
    expect(s['neural-networks']).toBe('locked');
    expect(['agent-framework', 'rl-fine-tuning-evals', 'devin-style-agent', 'memory-framework'].map((id) => s[id])).toEqual([
      'locked',
      'locked',
      'locked',
      'locked',
    ]);
    const ws = await workspaceOf('first-principles-to-agents');
    const classic = await trailJson<ShowJson>(['show', 'classic-architectures'], { cwd: ws });
    expect(classic.node.optional).toBe(true);
    for (const project of ['agent-framework', 'rl-fine-tuning-evals', 'devin-style-agent', 'memory-framework']) {
      const { node } = await trailJson<ShowJson>(['show', project], { cwd: ws });
      expect(node.waitingFor).toContain('phase:roadmap');
      expect(node.criteria.find((c: { kind: string }) => c.kind === 'experiment')).toMatchObject({ state: 'unmet', action: `trail check ${project}` });
    }
  });

  it("llm-roadmap: a project a node, the first of step 1 open, the rest locked; the steps' durations give an estimate", async () => {
    const s = await freshStatuses('llm-roadmap');
    expect(Object.keys(s)).toHaveLength(13);
    expect(s['house-price-predictor']).toBe('available');
    expect(Object.values(s).filter((x) => x === 'available')).toHaveLength(1);
    const estimate = await trailJson<EstimateJson>(['estimate', '--hours-per-week', '8'], { cwd: await workspaceOf('llm-roadmap') });
    expect(estimate.criticalPath.nodes[0]).toBe('house-price-predictor');
    expect(estimate.criticalPath.nodes.at(-1)).toBe('tool-agent');
  });

  it('llm-engineering-mastery: M1 open, M2 locked by sequence, M5 locked by the phase gate', async () => {
    const s = await freshStatuses('llm-engineering-mastery');
    expect(s.m1).toBe('available');
    expect(s.m2).toBe('locked');
    expect(s.m5).toBe('locked');
    const status = await trailJson<StatusJson>(['status'], { cwd: await workspaceOf('llm-engineering-mastery') });
    expect(status.nodes.find((n) => n.id === 'm5')!.waitingFor).toEqual(['phase:foundations']);
  });

  it('nn-first-principles: 4 phases of 4 sections, the first open', async () => {
    const s = await freshStatuses('nn-first-principles');
    expect(Object.keys(s)).toHaveLength(16);
    expect(s['value-objects']).toBe('available');
    expect(s['forward-pass']).toBe('locked');
    expect(s['single-neuron']).toBe('locked');
  });

  async function workspaceOf(track: string): Promise<string> {
    const dir = tmp();
    await trail(['init', dir, '--track', track]);
    return dir;
  }
});
