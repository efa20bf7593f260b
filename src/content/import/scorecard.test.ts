import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test-support/cli.js';
import { inferTrack } from './infer.js';
import { readFixtures, regressions, scoreFixture, scorecard, type Intent, type Scorecard } from './scorecard.js';

const FIXTURES = join(ROOT, 'src/content/import-fixtures');
const BASELINE = join(ROOT, 'bench/import-scorecard.json');
const read = (input: string) => inferTrack(input, { fileName: 'input.md' });

describe("the importer's scorecard", () => {
  const card = scorecard(readFixtures(FIXTURES), read);

  // The baseline is the scorecard as last committed: no total may go down, and no fixture read as
  // intended may stop being so. UPDATE=1 records an improvement as the new baseline.
  it('stays or improves on the committed baseline (UPDATE=1 records it)', () => {
    if (process.env.UPDATE === '1' || !existsSync(BASELINE)) writeFileSync(BASELINE, `${JSON.stringify(card, null, 2)}\n`);
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Scorecard;
    expect(regressions(card, baseline)).toEqual([]);
    // An improvement not recorded would let a later change lose it unseen.
    expect(card.total).toEqual(baseline.total);
  });

  it('has a note and an intent for every fixture, and at least 30 of them', () => {
    const fixtures = readFixtures(FIXTURES);
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const { name, intent } of fixtures) expect(intent.note, name).toMatch(/\w{3}/);
  });
});

describe('scoring a reading', () => {
  const input = '# Plan\n\n## Week 1: Python\n- [ ] a script\n\n## Week 2: NumPy\n- [x] a matrix\n';
  const intent: Intent = {
    curriculum: true,
    title: 'Plan',
    phases: [],
    rules: [],
    units: [
      { title: 'Python', phase: null, optional: false, anytime: false, duration: '1 week', requires: [], checklist: 1, done: 0 },
      { title: 'NumPy', phase: null, optional: false, anytime: false, duration: '1 week', requires: [], checklist: 1, done: 1, criteria: ['a matrix'] },
    ],
  };

  it('counts a reading as intended when titles, phases and details match', () => {
    expect(scoreFixture('plan', input, intent, read)).toMatchObject({
      units: true,
      phases: true,
      details: true,
      rules: true,
      criteria: { kept: 3, expected: 3 },
    });
  });

  it('says which part of a reading is not as intended', () => {
    const wrong = { ...intent, units: [intent.units![0]!, { ...intent.units![1]!, title: 'Arrays', done: 0, criteria: ['a tensor'] }] };
    expect(scoreFixture('plan', input, wrong, read)).toMatchObject({ units: false, phases: false, details: false, criteria: { kept: 1, expected: 3 } });
    const card = scorecard([{ name: 'plan', input, intent }], read);
    const worse = scorecard([{ name: 'plan', input, intent: wrong }], read);
    expect(regressions(worse, card)).toEqual(expect.arrayContaining(['total units: 0 < 1', 'plan: units no longer as intended', 'plan: criteria kept 1 < 3']));
  });

  it('counts a document refused as not a roadmap as read as intended', () => {
    const refused = scoreFixture('library', '# tinyvec\n\nA vector store.\n\n## Install\n\npip install tinyvec\n', { curriculum: false }, read);
    expect(refused).toMatchObject({ units: true, phases: true, details: true });
    expect(refused.error).toBeUndefined();
  });
});
