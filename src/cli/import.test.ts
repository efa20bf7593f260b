import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startScriptedModel } from '../runner/scripted-model.js';
import { ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();

/** What these tests read of `trail import --json`. */
interface ImportJson {
  dryRun: boolean;
  files: string[];
  track: { rules: string[]; units: Array<{ title: string; line: number }> };
  changes: unknown;
  structure: { by: string; chosen: { selector: string; lines: number[]; features: Record<string, unknown> }; others: Array<{ selector: string }> };
  warnings: unknown[];
  assist: unknown;
  progress: { recorded: number };
}
const SEED_004 = join(ROOT, 'tracks/nn-first-principles/source.md');

const roadmap = (weeks: string[]) =>
  `# Rust in Six Weeks\n\n${weeks.map((week, i) => `## Week ${i + 1}: ${week}\n\n- read the chapter\n- [ ] do the exercises of ${week}\n`).join('\n')}`;

describe('trail import', () => {
  it('writes a valid track and reports what it read from which line', async () => {
    const out = join(tmp(), 'track');
    const run = await trail(['import', SEED_004, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `Imported ${SEED_004} → ${out}: Learning Plan: Neural Networks from First Principles (16 units in 4 phases; rules: sequential, phase-gate)`,
    );
    expect(run.stdout).toContain('  line 34   value-objects  Value Objects  phase automatic-differentiation-fundamentals · 1 criterion · 1 ticked');
    expect(run.stdout).toContain('  line 3    Executive Summary — not a unit: about the document');
    expect((await trail(['validate', out])).code).toBe(0);
  });

  it('reports in JSON with --json, and writes nothing with --dry-run', async () => {
    const out = join(tmp(), 'track');
    const report = await trailJson<ImportJson>(['import', SEED_004, '--out', out, '--dry-run']);
    expect(report.dryRun).toBe(true);
    expect(report.track.units).toHaveLength(16);
    expect(report.track.units[0]).toMatchObject({
      id: 'value-objects',
      title: 'Value Objects',
      line: 34,
      from: 'list-item',
      phase: 'automatic-differentiation-fundamentals',
      criteria: [{ id: 'done', from: 'unit', done: true }],
    });
    expect(report.track.rules).toEqual(['sequential', 'phase-gate']);
    expect(report.files).toContain('track.yaml');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps ids stable on re-import, moves node folders with their files, and lists the changes', async () => {
    const dir = tmp();
    const doc = join(dir, 'roadmap.md');
    writeFileSync(doc, roadmap(['Ownership', 'Traits', 'Error Handling', 'Async']));
    const out = join(dir, 'track');
    expect((await trail(['import', doc, '--out', out])).code).toBe(0);
    writeTree(out, { '02-traits/starter.rs': 'fn main() {}\n', '04-async/solution/main.rs': 'fn main() {}\n' });
    const ws = join(dir, 'ws');
    await trail(['init', ws, '--track', out]);
    await trail(['practice', 'on'], { cwd: ws });
    await trail(['attest', 'traits', '--text', 'did every exercise of the traits chapter'], { cwd: ws });

    // A new version: a week inserted first, "Traits" retitled, "Async" gone.
    writeFileSync(doc, roadmap(['Setup', 'Ownership', 'Traits and Generics', 'Error Handling']));
    const report = await trailJson<ImportJson>(['import', doc, '--into', out]);
    expect(report.changes).toEqual({ added: ['setup'], removed: ['async'], renamed: [{ id: 'traits', from: 'Traits', to: 'Traits and Generics' }] });
    expect(readdirSync(out).sort()).toEqual(['.removed', '01-setup', '02-ownership', '03-traits', '04-error-handling', 'track.yaml']);
    expect(readFileSync(join(out, '03-traits/starter.rs'), 'utf8')).toBe('fn main() {}\n');
    expect(existsSync(join(out, '.removed/async/solution/main.rs'))).toBe(true);
    expect(readFileSync(join(out, 'track.yaml'), 'utf8')).toContain('version: "2"');

    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.changes).toMatchObject({ added: ['setup'], removed: ['async'], criteriaChanged: ['traits'] });
    const traits = status.nodes.find((n: { id: string }) => n.id === 'traits')!;
    expect(traits.title).toBe('Traits and Generics');
    expect(traits.criteria.find((c) => c.id === 'do-the-exercises-of-traits')).toBeUndefined();
  });

  it("records the document's ticked items as starting progress", async () => {
    const dir = tmp();
    const out = join(dir, 'track');
    const ws = join(dir, 'ws');
    const run = await trail(['import', SEED_004, '--out', out, '--with-progress', ws]);
    expect(run.stdout).toContain(`Recorded 4 ticked item(s) as starting progress in ${ws}.`);
    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.nodes.slice(0, 5).map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
      ['value-objects', 'done'],
      ['forward-pass', 'done'],
      ['backward-pass', 'done'],
      ['visualization', 'done'],
      ['single-neuron', 'available'],
    ]);
    const again = await trailJson<ImportJson>(['import', SEED_004, '--into', out, '--with-progress', ws]);
    expect(again.progress.recorded).toBe(0);
  });

  it('says when a document holds no curriculum, and writes nothing', async () => {
    const dir = tmp();
    const doc = writeTree(dir, {
      'README.md': '# fastjson\n\nA fast JSON parser.\n\n## Installation\n\n    npm i fastjson\n\n## Usage\n\nCall `parse`.\n\n## License\n\nMIT\n',
    });
    const run = await trail(['import', join(doc, 'README.md'), '--out', join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: no curriculum found in README.md: no headings, list items or table rows read as units');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses a document nested too deep or too large, at once, with where and why, and writes nothing', async () => {
    const dir = tmp();
    writeTree(dir, {
      'deep.md': `${roadmap(['One', 'Two'])}\n${'- '.repeat(10_000)}too deep\n`,
      'stars.md': `${roadmap(['One', 'Two'])}\n${'a* '.repeat(10_000)}\n`,
      'huge.md': roadmap(Array.from({ length: 4000 }, (_, i) => `Topic ${i}`)),
    });
    const started = Date.now();
    const deep = await trailJson<ImportJson>(['import', join(dir, 'deep.md'), '--out', join(dir, 'out')]);
    expect(deep).toMatchInlineSnapshot(`
      {
        "$code": 4,
        "error": {
          "code": "DOCUMENT_TOO_DEEP",
          "hint": "flatten the nesting there: a roadmap needs a few levels at most",
          "message": "deep.md:13: lists and quotes nested more than 64 levels deep; the importer reads up to 64",
        },
      }
    `);
    const stars = await trail(['import', join(dir, 'stars.md'), '--out', join(dir, 'out')]);
    expect(stars.code).toBe(4);
    expect(stars.stderr).toMatchInlineSnapshot(`
      "error: stars.md:13: the paragraph ending here holds more emphasis marks, brackets, code ticks and pipes than the importer reads in a few seconds
        hint: break the paragraph up, or remove the marks that pair with nothing
      "
    `);
    const huge = await trail(['import', join(dir, 'huge.md'), '--out', join(dir, 'out')]);
    expect(huge.code).toBe(4);
    expect(huge.stderr).toContain('error: huge.md is 321 KB; the importer reads documents of up to 256 KB');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses bad arguments and places', async () => {
    const dir = tmp();
    const doc = join(dir, 'roadmap.md');
    writeFileSync(doc, roadmap(['One', 'Two']));
    expect((await trail(['import', join(dir, 'missing.md'), '--out', join(dir, 'x')])).code).toBe(3);
    expect((await trail(['import', doc])).code).toBe(2);
    expect((await trail(['import', doc, '--out', join(dir, 'a'), '--into', join(dir, 'b')])).code).toBe(2);
    writeTree(dir, { 'full/keep.txt': 'mine\n' });
    const occupied = await trail(['import', doc, '--out', join(dir, 'full')]);
    expect(occupied.code).toBe(5);
    expect(occupied.stderr).toContain('exists and is not empty');
    expect(readFileSync(join(dir, 'full/keep.txt'), 'utf8')).toBe('mine\n');
    writeTree(dir, { 'broken/track.yaml': 'id: b\ntitle: B\n', 'broken/a/overview.md': '---\nid: a\n---\n' });
    const invalid = await trail(['import', doc, '--into', join(dir, 'broken')]);
    expect(invalid.code).toBe(4);
    expect(invalid.stderr).toContain('fix them before re-importing');
  });

  it('writes nothing when writing fails half-way: the track stays as it was', async () => {
    const dir = tmp();
    const doc = join(dir, 'roadmap.md');
    writeFileSync(doc, roadmap(['Ownership', 'Traits']));
    const out = join(dir, 'track');
    expect((await trail(['import', doc, '--out', out])).code).toBe(0);
    // A file where the third week's folder goes: track.yaml and the first two folders are written before it is met.
    writeTree(out, { '01-ownership/starter.rs': 'fn main() {}\n', '03-error-handling': 'in the way\n' });
    const before = snapshot(dir);
    writeFileSync(doc, roadmap(['Ownership', 'Traits and Generics', 'Error Handling']));
    const blocked = await trail(['import', doc, '--into', out]);
    expect(blocked.code).toBe(5);
    expect(blocked.stderr).toContain(`error: cannot write the track in ${out}: a file is in the way of 03-error-handling; nothing was written`);
    expect(snapshot(dir)).toEqual({ ...before, 'roadmap.md': readFileSync(doc, 'utf8') });
    expect(readdirSync(dir).sort()).toEqual(['roadmap.md', 'track']);
  });
});

// Every file under a folder and its text, to compare a folder before and after.
function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(root.length + 1), readFileSync(path, 'utf8')];
      }),
  );
}

// A learning path of five numbered topics beside a table of five portfolio projects: the importer
// takes the topics, and says that the projects, which hold the deliverables, read nearly as well.
const TWO_READINGS = join(ROOT, 'src/content/import-fixtures/path-and-a-projects-table/input.md');
const PATH_LINES = [7, 11, 15, 18, 21];
const TABLE_LINES = [28, 29, 30, 31, 32];
// No model from the machine's environment: the tests name the model they talk to.
const NO_MODEL = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', OPENAI_MODEL: '', ANTHROPIC_API_KEY: '', ANTHROPIC_MODEL: '' };

describe('trail import: choosing the units', () => {
  it('reports the reading it took, the others weighed with the command that takes each, and its doubts', async () => {
    const out = join(tmp(), 'track');
    const run = await trail(['import', TWO_READINGS, '--out', out, '--dry-run'], { env: NO_MODEL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Units read from level-3 headings ("1. Spreadsheets", "2. SQL", … 5 in all), score 0.80');
    expect(run.stdout).toContain(`trail import ${TWO_READINGS} --out ${out} --units table`);
    expect(run.stdout).toContain(
      'the units could also be the rows of the table at line 28 ("Sales dashboard", "Churn analysis", … 5 in all): it scores 0.76 against 0.80; to take it, import with --units table',
    );
    expect(run.stdout).toContain(
      '51% of the document\'s text is in no unit ("Portfolio projects", line 24): to take the rows of the table at line 28 ("Sales dashboard", "Churn analysis", … 5 in all) instead, import with --units table',
    );
    const report = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', out, '--dry-run'], { env: NO_MODEL });
    expect(report.structure.chosen).toMatchObject({ selector: 'h3', lines: PATH_LINES });
    expect(report.structure.chosen.features).toHaveProperty('coverage');
    expect(report.structure.others.find((other) => other.selector === 'table')).toMatchObject({
      lines: TABLE_LINES,
      command: `trail import ${TWO_READINGS} --out ${out} --units table`,
    });
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'close-call', line: 28 }), expect.objectContaining({ kind: 'notes', line: 24 })]);
  });

  it('takes the units the author names with --units: a level, /a pattern/ or lines, and refuses a reading that names none', async () => {
    const dir = tmp();
    const byLevel = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'a'), '--units', 'h3'], { env: NO_MODEL });
    expect(byLevel.track.units.map((u) => u.title)).toEqual(['Spreadsheets', 'SQL', 'Statistics', 'Python for analysis', 'Communicating results']);
    expect(byLevel.structure.by).toBe('selector');
    expect(byLevel.warnings).toEqual([]);
    expect((await trail(['validate', join(dir, 'a')])).code).toBe(0);
    const byPattern = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'b'), '--units', '/^[1-3]\\./', '--dry-run'], { env: NO_MODEL });
    expect(byPattern.track.units.map((u) => u.title)).toEqual(['Spreadsheets', 'SQL', 'Statistics']);
    const byLines = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'c'), '--units', 'lines:7,11,28', '--dry-run'], { env: NO_MODEL });
    expect(byLines.track.units.map((u) => u.title)).toEqual(['Spreadsheets', 'SQL', 'Sales dashboard']);
    const none = await trail(['import', TWO_READINGS, '--out', join(dir, 'd'), '--units', 'h6']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatchInlineSnapshot(`
      "error: --units h6 names no units in the document
        hint: use one of the readings the report lists (h3, table, h2), /a pattern/ of heading titles, or list@<line> for the items of a list
      "
    `);
  });

  it('takes the items of any list with --units list or list@<line>, and the rows of a table with --units table', async () => {
    const dir = tmp();
    // Plain items, numbered or not, are no reading of their own: the headings are weighed.
    writeTree(dir, {
      'stats.md':
        '# Statistics, Self-Taught\n\nI keep forgetting what a p-value is, so this time I learn it properly.\n\n## What to learn\n\n1. Descriptive statistics\n2. Probability\n3. Distributions (2 weeks)\n4. Hypothesis tests\n\n## Books\n\n- Think Stats\n- Statistics Done Wrong\n',
    });
    const doc = join(dir, 'stats.md');
    const guessed = await trailJson<ImportJson>(['import', doc, '--out', join(dir, 'a'), '--dry-run'], { env: NO_MODEL });
    expect(guessed.structure.chosen.selector).toBe('h2');
    expect(guessed.structure.others.map((other) => other.selector)).not.toContain('list');
    const run = await trail(['import', doc, '--out', join(dir, 'a'), '--units', 'list'], { env: NO_MODEL });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Units read from the list items at line 7 ("Descriptive statistics", "Probability", … 4 in all) (named with --units list)');
    expect(run.stdout).toContain('  line 9    distributions  Distributions  2 weeks · 1 criterion');
    expect((await trail(['validate', join(dir, 'a')])).code).toBe(0);
    // A line of the list names it: any line of it, not only the first.
    const books = await trailJson<ImportJson>(['import', doc, '--out', join(dir, 'b'), '--units', 'list@15', '--dry-run'], { env: NO_MODEL });
    expect(books.track.units.map((u) => [u.title, u.line])).toEqual([
      ['Think Stats', 14],
      ['Statistics Done Wrong', 15],
    ]);
    expect(books.structure).toMatchObject({ by: 'selector', chosen: { selector: 'list@15', lines: [14, 15] } });
    const nowhere = await trail(['import', doc, '--out', join(dir, 'c'), '--units', 'list@3'], { env: NO_MODEL });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('error: --units list@3 names no units in the document');

    // The table beside the module headings: weighed second, taken when named.
    const modules = join(ROOT, 'src/content/import-fixtures/overview-table-and-module-headings/input.md');
    const byScore = await trailJson<ImportJson>(['import', modules, '--out', join(dir, 'd'), '--dry-run'], { env: NO_MODEL });
    expect(byScore.structure.chosen.selector).toBe('h2');
    const table = await trailJson<ImportJson>(['import', modules, '--out', join(dir, 'd'), '--units', 'table'], { env: NO_MODEL });
    expect(table.structure).toMatchObject({ by: 'selector', chosen: { selector: 'table', lines: [9, 10, 11, 12, 13, 14] } });
    expect(table.track.units.map((u) => u.title)).toEqual([
      'Swift fundamentals',
      'SwiftUI basics',
      'Data and networking',
      'Persistence',
      'Testing and architecture',
      'Shipping to the App Store',
    ]);
    expect((await trail(['validate', join(dir, 'd')])).code).toBe(0);
  });

  it('with --strict writes nothing and exits 1 when the reading has doubts, and writes a reading without', async () => {
    const dir = tmp();
    const strict = await trail(['import', TWO_READINGS, '--out', join(dir, 'a'), '--strict'], { env: NO_MODEL });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Not written: --strict, and the reading has 2 warnings (above).');
    expect(existsSync(join(dir, 'a'))).toBe(false);
    const json = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'a'), '--strict'], { env: NO_MODEL });
    expect(json).toMatchObject({ $code: 1, written: false, heldBack: 'strict' });
    const named = await trail(['import', TWO_READINGS, '--out', join(dir, 'b'), '--strict', '--units', 'h3'], { env: NO_MODEL });
    expect(named.code, named.stdout).toBe(0);
    expect(existsSync(join(dir, 'b', 'track.yaml'))).toBe(true);
  });
});

describe('trail import --assist', () => {
  const structure = (lines: number[], titles: string[]) => ({
    title: 'Data Analyst Roadmap',
    units: lines.map((line, i) => ({ line, title: titles[i], phase: null, optional: false })),
    phases: [],
    why: 'each project has a deliverable; the topics are what you read for them',
  });
  const topics = ['Spreadsheets', 'SQL', 'Statistics', 'Python for analysis', 'Communicating results'];
  const projects = ['Sales dashboard', 'Churn analysis', 'A/B test write-up', 'SQL case study', 'Public data story'];

  it('shows where the model reads the units differently, writes nothing, and prints the command that takes its reading', async () => {
    const model = await startScriptedModel({
      replies: [{ match: 'with line numbers', system: 'JSON object', reply: { json: structure(TABLE_LINES, projects) } }],
    });
    try {
      const out = join(tmp(), 'track');
      const run = await trail(['import', TWO_READINGS, '--out', out, '--assist'], { env: { ...NO_MODEL, ...model.env } });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain('Model-assisted reading (openai-compatible:scripted)');
      expect(run.stdout).toContain('  line 28   + Sales dashboard  (a unit for the model, not for the importer)');
      expect(run.stdout).toContain('  line 7    − Spreadsheets  (a unit for the importer, not for the model)');
      expect(run.stdout).toContain(`  to take the model's reading: trail import ${TWO_READINGS} --out ${out} --units table`);
      expect(existsSync(out)).toBe(false);
      // The model was shown the document with its line numbers and the readings weighed.
      const sent = JSON.stringify(model.received.at(-1)!.body);
      expect(sent).toContain('   7| ### 1. Spreadsheets');
      expect(sent).toContain('units at lines 28, 29, 30, 31, 32');
      // Its reading taken, as printed, is the importer's reading of those units.
      const taken = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', out, '--units', 'table'], { env: NO_MODEL });
      expect(taken.track.units.map((u) => u.line)).toEqual(TABLE_LINES);
    } finally {
      await model.close();
    }
  });

  it("writes the track when the model agrees, and keeps the importer's reading when the answer is not a structure", async () => {
    const agreeing = await startScriptedModel({
      replies: [{ reply: { json: structure(PATH_LINES, topics) } }],
    });
    const confused = await startScriptedModel({ replies: [{ reply: 'The units are the five topics, I think.' }] });
    const wrong = await startScriptedModel({ replies: [{ reply: { json: { units: [{ line: 900, title: 'Nowhere' }] } } }] });
    try {
      const dir = tmp();
      const agrees = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'a'), '--assist'], { env: { ...NO_MODEL, ...agreeing.env } });
      expect(agrees).toMatchObject({
        $code: 0,
        written: true,
        heldBack: null,
        assist: { model: 'openai-compatible:scripted', agrees: true, added: [], removed: [], command: null },
      });
      const prose = await trail(['import', TWO_READINGS, '--out', join(dir, 'b'), '--assist'], { env: { ...NO_MODEL, ...confused.env } });
      expect(prose.code).toBe(0);
      expect(prose.stdout).toContain("  no reading: the answer holds no JSON object; the importer's reading stands");
      expect(existsSync(join(dir, 'b', 'track.yaml'))).toBe(true);
      const outside = await trailJson<ImportJson>(['import', TWO_READINGS, '--out', join(dir, 'c'), '--assist', '--dry-run'], {
        env: { ...NO_MODEL, ...wrong.env },
      });
      expect(outside.assist).toEqual({ model: 'openai-compatible:scripted', error: 'the answer names line 900, past the end of the document (32 lines)' });
    } finally {
      await Promise.all([agreeing.close(), confused.close(), wrong.close()]);
    }
  });

  it('shows the phases the model reads differently, and writes the track when it agrees on the units', async () => {
    const dir = tmp();
    const doc = writeTree(dir, {
      'plan.md':
        '# Plan\n\n## Phase 1: Basics\n\n### Week 1: Syntax\n- [ ] loops\n\n### Week 2: Types\n- [ ] structs\n\n## Phase 2: Web\n\n### Week 3: HTTP\n- [ ] a server\n\n### Week 4: SQL\n- [ ] a query\n',
    });
    const model = await startScriptedModel({
      replies: [
        {
          reply: {
            json: {
              units: [5, 8, 13, 16].map((line, i) => ({ line, title: ['Syntax', 'Types', 'HTTP', 'SQL'][i], phase: null, optional: false })),
              phases: [
                { line: 3, title: 'The language' },
                { line: 16, title: 'Data' },
              ],
            },
          },
        },
      ],
    });
    try {
      const run = await trail(['import', join(doc, 'plan.md'), '--out', join(dir, 'a'), '--assist'], { env: { ...NO_MODEL, ...model.env } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("  the same units as the importer's reading");
      expect(run.stdout).toContain('  line 16   + phase Data  (a phase for the model, not for the importer)');
      expect(run.stdout).toContain('  line 11   − phase Web  (a phase for the importer, not for the model)');
      expect(run.stdout).toContain('  line 3    phase "Basics" is "The language" for the model');
      expect(existsSync(join(dir, 'a', 'track.yaml'))).toBe(true);
      const json = await trailJson<ImportJson>(['import', join(doc, 'plan.md'), '--out', join(dir, 'b'), '--assist', '--dry-run'], {
        env: { ...NO_MODEL, ...model.env },
      });
      expect(json.assist).toMatchObject({
        agrees: true,
        phases: { added: [{ line: 16, title: 'Data' }], removed: [{ line: 11, title: 'Web' }], renamed: [{ line: 3, from: 'Basics', to: 'The language' }] },
      });
    } finally {
      await model.close();
    }
  });

  it('needs a model, and says how to configure one', async () => {
    const run = await trail(['import', TWO_READINGS, '--out', join(tmp(), 'track'), '--assist'], { env: NO_MODEL, cwd: tmp() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --assist needs a model, and none is configured');
    expect(run.stderr).toContain('hint: set OPENAI_BASE_URL and OPENAI_MODEL');
  });
});
