import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrailError } from '../../core/errors.js';
import { ROOT } from '../../test-support/cli.js';
import { readTrack } from '../load.js';
import { memoryFiles } from '../track-files.js';
import { inferTrack } from './infer.js';
import { planTrack } from './emit.js';
import { readFixtures } from './scorecard.js';

const FIXTURES = join(ROOT, 'src/content/import-fixtures');
const UPDATE = process.env.UPDATE === '1';

// Each fixture's reading is locked by its expected.json; whether that reading is what its
// intent.json asks for is the scorecard's business (scorecard.test.ts).
describe.each(readFixtures(FIXTURES))('import fixture $name', ({ name, input, intent }) => {
  const expectedPath = join(FIXTURES, name, 'expected.json');

  if (!intent.curriculum) {
    it('is refused with a clear "no curriculum found" error', () => {
      expect(() => inferTrack(input, { fileName: 'input.md' })).toThrowError(TrailError);
      expect(() => inferTrack(input, { fileName: 'input.md' })).toThrowError(/^no curriculum found in input\.md: /);
    });
    return;
  }

  // A roadmap the importer cannot read yet is locked as its error, so that reading it is seen.
  let track: ReturnType<typeof inferTrack> | undefined;
  let error: string | undefined;
  try {
    track = inferTrack(input, { fileName: 'input.md' });
  } catch (thrown) {
    error = (thrown as Error).message;
  }

  it('matches the expected tree (UPDATE=1 regenerates expected.json)', () => {
    const tree = track ? JSON.parse(JSON.stringify(track)) : { error };
    // The scores move with the weights; the snapshot keeps which readings were weighed and which won.
    if (track)
      tree.structure = { chosen: track.structure.chosen.selector, by: track.structure.by, others: track.structure.others.map((other) => other.selector) };
    if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(tree, null, 2)}\n`);
    expect(tree).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });

  it.skipIf(!track)('yields a track that passes validation', () => {
    const plan = planTrack(track!, { fileName: 'input.md' });
    const result = readTrack(memoryFiles(new Map(plan.files.map((f) => [f.path, f.content]))));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.track!.nodes).toHaveLength(track!.units.length);
  });
});
