import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrailError } from '../../core/errors.js';
import { ROOT } from '../../test-support/cli.js';
import { readTrack } from '../load.js';
import { memoryFiles } from '../track-files.js';
import { inferTrack } from './infer.js';
import { planTrack } from './emit.js';

const FIXTURES = join(ROOT, 'src/content/import-fixtures');
const UPDATE = process.env.UPDATE === '1';

interface Intent {
  curriculum: boolean;
  title?: string;
  phases?: string[];
  rules?: string[];
  units?: Array<{ title: string; phase: string | null; optional: boolean; anytime: boolean; duration: string | null; requires: string[]; checklist: number; done: number }>;
}

describe.each(readdirSync(FIXTURES).sort())('import fixture %s', (name) => {
  const input = readFileSync(join(FIXTURES, name, 'input.md'), 'utf8');
  const intent = JSON.parse(readFileSync(join(FIXTURES, name, 'intent.json'), 'utf8')) as Intent;
  const expectedPath = join(FIXTURES, name, 'expected.json');

  if (!intent.curriculum) {
    it('is refused with a clear "no curriculum found" error', () => {
      expect(() => inferTrack(input, { fileName: 'input.md' })).toThrowError(TrailError);
      expect(() => inferTrack(input, { fileName: 'input.md' })).toThrowError(/^no curriculum found in input\.md: /);
    });
    return;
  }

  const track = inferTrack(input, { fileName: 'input.md' });

  it('matches the expected tree (UPDATE=1 regenerates expected.json)', () => {
    const tree = JSON.parse(JSON.stringify(track));
    if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(tree, null, 2)}\n`);
    expect(tree).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });

  it('finds what a careful reader finds: title, phases, units, rules', () => {
    expect(track.title).toBe(intent.title);
    expect(track.phases.map((p) => p.title)).toEqual(intent.phases);
    expect(track.units.map((u) => u.title)).toEqual(intent.units!.map((u) => u.title));
    const rules = intent.rules!.length > 0 ? intent.rules! : track.phases.length > 1 ? ['sequential', 'phase-gate'] : ['sequential'];
    expect([...track.rules].sort()).toEqual([...rules].sort());
  });

  it('reads each unit’s phase, optional and any-time flags, duration, prerequisites and checklist', () => {
    const idOf = new Map(track.units.map((u) => [u.title, u.id]));
    const phaseTitle = new Map(track.phases.map((p) => [p.id, p.title]));
    const got = track.units.map((u) => {
      const checklist = u.criteria.filter((c) => c.done !== undefined);
      return { title: u.title, phase: u.phase ? phaseTitle.get(u.phase)! : null, optional: u.optional, anytime: u.anytime, duration: u.duration?.text ?? null, requires: [...u.requires].sort(), checklist: checklist.length, done: checklist.filter((c) => c.done).length };
    });
    const want = intent.units!.map((u) => ({ ...u, requires: u.requires.map((title) => idOf.get(title) ?? `(unknown: ${title})`).sort() }));
    expect(got).toEqual(want);
  });

  it('yields a track that passes validation', () => {
    const plan = planTrack(track, { fileName: 'input.md' });
    const result = readTrack(memoryFiles(new Map(plan.files.map((f) => [f.path, f.content]))));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.track!.nodes).toHaveLength(track.units.length);
  });
});
