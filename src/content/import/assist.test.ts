import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test-support/cli.js';
import { assistRequest, compareAssisted, readAssistReply } from './assist.js';
import { inferTrack } from './infer.js';

const doc = '# Plan\n\n## Week 1: Syntax\n- [ ] loops\n\n## Week 2: Types\n- [ ] structs\n\n## Bonus: Macros\n\n- [ ] a macro\n';
const track = inferTrack(doc, { fileName: 'plan.md' });

describe('asking a model for the structure', () => {
  it('sends the document with its line numbers, the readings weighed and the schema', () => {
    const { system, prompt } = assistRequest(doc, track);
    expect(system).toContain('"units": [{"line": number, "title": string, "phase": string | null, "optional": boolean}]');
    expect(prompt).toContain('   3| ## Week 1: Syntax');
    expect(prompt).toContain('- level-2 headings ("Week 1: Syntax", "Week 2: Types"): units at lines 3, 6, 9');
    expect(prompt.endsWith('  11| - [ ] a macro')).toBe(true);
  });

  it('reads JSON alone or in a code fence, and says what is wrong with an answer that does not fit', () => {
    const units = [
      { line: 6, title: 'Types' },
      { line: 3, title: 'Syntax' },
    ];
    expect(readAssistReply(JSON.stringify({ units }), doc)).toEqual({ structure: { units: [units[1], units[0]] } });
    expect(readAssistReply(`Here it is:\n\`\`\`json\n${JSON.stringify({ units, why: 'weeks' })}\n\`\`\``, doc)).toMatchObject({ structure: { why: 'weeks' } });
    expect(readAssistReply('no idea', doc)).toEqual({ error: 'the answer holds no JSON object' });
    expect(readAssistReply('{"units": [{"line": 3, "title": "a"},]}', doc)).toMatchObject({ error: expect.stringMatching(/^the answer is not valid JSON \(/) });
    expect(readAssistReply('{"units": []}', doc)).toEqual({ error: 'the answer does not fit the schema: units: Too small: expected array to have >=1 items' });
    expect(readAssistReply('{"units": [{"line": "three", "title": "x"}]}', doc)).toEqual({
      error: 'the answer does not fit the schema: units.0.line: Invalid input: expected number, received string',
    });
    expect(readAssistReply('{"units": [{"line": 3, "title": "a"}, {"line": 3, "title": "b"}]}', doc)).toEqual({
      error: 'the answer names the same line for two units',
    });
    expect(readAssistReply('{"units": [{"line": 12, "title": "a"}]}', doc)).toEqual({
      error: 'the answer names line 12, past the end of the document (11 lines)',
    });
  });

  it("compares the model's units with the importer's and names the reading that gives them", () => {
    expect(track.units.map((u) => [u.line, u.optional])).toEqual([
      [3, false],
      [6, false],
      [9, true],
    ]);
    expect(compareAssisted(track, { units: [3, 6, 9].map((line) => ({ line, title: 't' })) })).toMatchObject({
      agrees: true,
      added: [],
      removed: [],
      selector: 'h2',
    });
    expect(
      compareAssisted(track, {
        units: [
          { line: 3, title: 'Syntax' },
          { line: 6, title: 'Types', optional: true },
        ],
      }),
    ).toEqual({
      agrees: false,
      added: [],
      removed: [{ line: 9, title: 'Macros' }],
      optional: [{ line: 6, title: 'Types', model: true }],
      phases: { added: [], removed: [], renamed: [] },
      selector: 'lines:3,6',
    });
    const twoReadings = readFileSync(join(ROOT, 'src/content/import-fixtures/path-and-a-projects-table/input.md'), 'utf8');
    const projects = inferTrack(twoReadings, { fileName: 'input.md' });
    expect(compareAssisted(projects, { units: [28, 29, 30, 31, 32].map((line) => ({ line, title: 't' })) })).toMatchObject({
      agrees: false,
      selector: 'table',
    });
  });

  it("compares the model's phases with the importer's by their lines: added, removed and retitled", () => {
    const phased = inferTrack(
      '# Plan\n\n## Phase 1: Basics\n\n### Week 1: Syntax\n- [ ] loops\n\n### Week 2: Types\n- [ ] structs\n\n## Phase 2: Web\n\n### Week 3: HTTP\n- [ ] a server\n\n### Week 4: SQL\n- [ ] a query\n',
      { fileName: 'plan.md' },
    );
    expect(phased.phases.map((phase) => [phase.line, phase.title])).toEqual([
      [3, 'Basics'],
      [11, 'Web'],
    ]);
    const units = [5, 8, 13, 16].map((line) => ({ line, title: 't' }));
    // The phase's title as written, numbering included, is the importer's phase.
    expect(
      compareAssisted(phased, {
        units,
        phases: [
          { line: 3, title: 'Phase 1: Basics' },
          { line: 11, title: 'web' },
        ],
      }).phases,
    ).toEqual({ added: [], removed: [], renamed: [] });
    expect(
      compareAssisted(phased, {
        units,
        phases: [
          { line: 3, title: 'The language' },
          { line: 16, title: 'Data' },
        ],
      }),
    ).toMatchObject({
      agrees: true,
      phases: { added: [{ line: 16, title: 'Data' }], removed: [{ line: 11, title: 'Web' }], renamed: [{ line: 3, from: 'Basics', to: 'The language' }] },
    });
    // No phases in the answer says nothing about them; an empty list reads none.
    expect(compareAssisted(phased, { units }).phases).toEqual({ added: [], removed: [], renamed: [] });
    expect(compareAssisted(phased, { units, phases: [] }).phases.removed).toHaveLength(2);
  });
});
