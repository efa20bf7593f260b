import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';

const tmp = useTmpDir();
const SEED_004 = join(ROOT, 'tracks/nn-first-principles/source.md');

const roadmap = (weeks: string[]) => `# Rust in Six Weeks\n\n${weeks.map((week, i) => `## Week ${i + 1}: ${week}\n\n- read the chapter\n- [ ] do the exercises of ${week}\n`).join('\n')}`;

describe('trail import', () => {
  it('writes a valid track and reports what it read from which line', async () => {
    const out = join(tmp(), 'track');
    const run = await trail(['import', SEED_004, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Imported ${SEED_004} → ${out}: Learning Plan: Neural Networks from First Principles (16 units in 4 phases; rules: sequential, phase-gate)`);
    expect(run.stdout).toContain('  line 34   value-objects  Value Objects  phase automatic-differentiation-fundamentals · 1 criterion · 1 ticked');
    expect(run.stdout).toContain('  line 3    Executive Summary — not a unit: about the document');
    expect((await trail(['validate', out])).code).toBe(0);
  });

  it('reports in JSON with --json, and writes nothing with --dry-run', async () => {
    const out = join(tmp(), 'track');
    const report = await trailJson(['import', SEED_004, '--out', out, '--dry-run']);
    expect(report.dryRun).toBe(true);
    expect(report.track.units).toHaveLength(16);
    expect(report.track.units[0]).toMatchObject({ id: 'value-objects', title: 'Value Objects', line: 34, from: 'list-item', phase: 'automatic-differentiation-fundamentals', criteria: [{ id: 'done', from: 'unit', done: true }] });
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
    const report = await trailJson(['import', doc, '--into', out]);
    expect(report.changes).toEqual({ added: ['setup'], removed: ['async'], renamed: [{ id: 'traits', from: 'Traits', to: 'Traits and Generics' }] });
    expect(readdirSync(out).sort()).toEqual(['.removed', '01-setup', '02-ownership', '03-traits', '04-error-handling', 'track.yaml']);
    expect(readFileSync(join(out, '03-traits/starter.rs'), 'utf8')).toBe('fn main() {}\n');
    expect(existsSync(join(out, '.removed/async/solution/main.rs'))).toBe(true);
    expect(readFileSync(join(out, 'track.yaml'), 'utf8')).toContain('version: "2"');

    const status = await trailJson(['status'], { cwd: ws });
    expect(status.changes).toMatchObject({ added: ['setup'], removed: ['async'], criteriaChanged: ['traits'] });
    const traits = status.nodes.find((n: { id: string }) => n.id === 'traits');
    expect(traits.title).toBe('Traits and Generics');
    expect(traits.criteria.find((c: { id: string }) => c.id === 'do-the-exercises-of-traits')).toBeUndefined();
  });

  it("records the document's ticked items as starting progress", async () => {
    const dir = tmp();
    const out = join(dir, 'track');
    const ws = join(dir, 'ws');
    const run = await trail(['import', SEED_004, '--out', out, '--with-progress', ws]);
    expect(run.stdout).toContain(`Recorded 4 ticked item(s) as starting progress in ${ws}.`);
    const status = await trailJson(['status'], { cwd: ws });
    expect(status.nodes.slice(0, 5).map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
      ['value-objects', 'done'],
      ['forward-pass', 'done'],
      ['backward-pass', 'done'],
      ['visualization', 'done'],
      ['single-neuron', 'available'],
    ]);
    const again = await trailJson(['import', SEED_004, '--into', out, '--with-progress', ws]);
    expect(again.progress.recorded).toBe(0);
  });

  it('says when a document holds no curriculum, and writes nothing', async () => {
    const dir = tmp();
    const doc = writeTree(dir, { 'README.md': '# fastjson\n\nA fast JSON parser.\n\n## Installation\n\n    npm i fastjson\n\n## Usage\n\nCall `parse`.\n\n## License\n\nMIT\n' });
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
    const deep = await trailJson(['import', join(dir, 'deep.md'), '--out', join(dir, 'out')]);
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
});
