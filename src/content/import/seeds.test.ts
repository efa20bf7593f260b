import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../core/graph.js';
import type { Track } from '../../core/track.js';
import { ROOT, trail, useTmpDir } from '../../test-support/cli.js';
import { loadTrack } from '../load.js';

const tmp = useTmpDir();

/** What two tracks must share to be the same roadmap: units in order, phases, prerequisites, optional flags, durations. */
function structure(track: Track) {
  const graph = buildGraph(track);
  const phaseIndex = (phase: string | undefined) => (phase === undefined ? null : track.phases.findIndex((p) => p.id === phase));
  const label = (v: number) => (v < graph.size ? graph.ids[v] : `gate before phase ${v - graph.size + 1}`);
  return track.nodes.map((node, i) => ({
    id: node.id,
    phase: phaseIndex(node.phase),
    optional: node.optional,
    anytime: node.anytime,
    duration: node.duration?.toLowerCase() ?? null,
    // Effective prerequisites: explicit, sequential and phase gates alike.
    after: graph.before[i]!.map(label).sort(),
  }));
}

describe('importing the source document of each built-in track', () => {
  it.each(['learning-path', 'first-principles-to-agents', 'llm-engineering-mastery', 'nn-first-principles'])('reproduces %s', async (id) => {
    const out = join(tmp(), id);
    const run = await trail(['import', join(ROOT, 'tracks', id, 'source.md'), '--out', out, '--id', id]);
    expect(run.code, run.stderr).toBe(0);
    const imported = loadTrack(out);
    const builtin = loadTrack(join(ROOT, 'tracks', id));
    expect(imported.problems).toEqual([]);
    // A built-in track may estimate durations its source leaves out; those the source gives must match.
    const importedShape = structure(imported.track!);
    expect(importedShape).toEqual(
      structure(builtin.track!).map((node, i) => ({ ...node, duration: importedShape[i]?.duration === null ? null : node.duration })),
    );
    expect(imported.track!.phases.length).toBe(builtin.track!.phases.length);
  });

  // The built-in llm-roadmap makes each project row of a step a node of its own; the import reads
  // the seed as it is written: a step a unit, with its duration. The steps are the track's phases.
  it("reads the steps of llm-roadmap as the built-in track's phases, with their durations", async () => {
    const out = join(tmp(), 'llm-roadmap');
    const run = await trail(['import', join(ROOT, 'tracks', 'llm-roadmap', 'source.md'), '--out', out, '--id', 'llm-roadmap']);
    expect(run.code, run.stderr).toBe(0);
    const imported = loadTrack(out).track!;
    const builtin = loadTrack(join(ROOT, 'tracks', 'llm-roadmap')).track!;
    expect(imported.nodes.map((node) => node.duration?.toLowerCase())).toEqual(builtin.phases.map((phase) => phase.duration?.toLowerCase()));
    expect(imported.nodes.map((node) => node.title)).toEqual(builtin.phases.map((phase) => phase.title.replace(/^Step \d+: /, '')));
  });
});
