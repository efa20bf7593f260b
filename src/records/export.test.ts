import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { ExportAutoJson, ExportJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
// A track of milestones proven by statements and journal entries (the engine's own fixture).
const MILESTONES = join(ROOT, 'src/test-support/fixtures/milestones');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE === '1';
const FILES = ['experiments_log.md', 'learning_journal.md', 'PROGRESS.md', 'README.md'] as const;

const REFLECTION =
  'Deriving the gradient of the logistic loss by hand showed me why the update is the error times the input. ' +
  'I checked it against finite differences on three points and the numbers agreed to six decimals. ' +
  'Next time I will write the derivation before the code, because the code only confirmed what the algebra had already said clearly.';

let sequence = 0;
function event(timestamp: string, verb: string, object: Record<string, unknown>, result?: Record<string, unknown>): string {
  sequence += 1;
  const id = `01JN${String(sequence).padStart(22, '0')}`;
  return `${JSON.stringify({ id, timestamp, actor: { name: 'ada' }, verb, object, ...(result ? { result } : {}), context: { track: 'llm-engineering-mastery', trackVersion: '1', practice: false } })}\n`;
}

const attest = (timestamp: string, node: string, criterion: string) =>
  event(timestamp, 'attested', { type: 'criterion', node, criterion }, { response: `My own words about ${node} ${criterion}, long enough to count.` });

const MANUAL_RUN = '01JNMANUAL0000000000000001';
const CHECK_RUN = '01JNCHECK00000000000000001';

/** A learner's history with fixed times: m1, m2 and m3 done, a manual and a check run, a broken journal file. */
async function scriptedWorkspace(): Promise<string> {
  const ws = tmp();
  const init = await trail(['init', ws, '--track', MILESTONES]);
  expect(init.code, init.stderr).toBe(0);
  appendFileSync(
    join(ws, '.trail/events.jsonl'),
    [
      attest('2026-03-01T09:00:00.000Z', 'm1', 'exit-1'),
      attest('2026-03-01T09:05:00.000Z', 'm1', 'exit-2'),
      attest('2026-03-03T18:00:00.000Z', 'm2', 'exit-1'),
      attest('2026-03-03T18:10:00.000Z', 'm2', 'exit-2'),
      attest('2026-03-05T08:00:00.000Z', 'm3', 'exit-1'),
      event(
        '2026-03-05T12:00:00.000Z',
        'experimented',
        { type: 'node', node: 'm3' },
        { runId: MANUAL_RUN, source: 'manual', metrics: { loss: 0.31, accuracy: 0.9 } },
      ),
      event('2026-03-05T13:00:00.000Z', 'checked', { type: 'criterion', node: 'm3', criterion: 'bench' }, { status: 'pass', runId: CHECK_RUN }),
      attest('2026-03-05T14:00:00.000Z', 'm3', 'exit-2'),
    ].join(''),
  );
  writeTree(ws, {
    'journal/2026-03-01-m1.md': `---\ndate: 2026-03-01T10:00:00.000Z\nnode: m1\ntitle: What the gradient taught me\ntags:\n  - math\n  - reflection\n---\n\n${REFLECTION}\n`,
    'journal/by-hand.md': `---\ndate: 2026-03-04\nnode: m2\n---\n\nWritten in my editor. ${REFLECTION}\n`,
    'journal/2026-03-06-m3.md': `---\ndate: 2026-03-06T09:30:00.000Z\nnode: m3\ntitle: Adam against SGD\ntags: [optimizers]\n---\n\n${REFLECTION}\n`,
    'journal/broken.md': `---\ndate: 2026-03-07\nnode: [m4\n---\n\nThoughts.\n`,
    [`.trail/runs/${MANUAL_RUN}/run.json`]: JSON.stringify({
      id: MANUAL_RUN,
      node: 'm3',
      criterion: null,
      kind: 'manual',
      command: null,
      objective: 'Compare Adam and SGD on the two-moons MLP',
      params: { optimizer: 'adam', lr: '0.001' },
      notes: 'Adam converged in a third of the steps.',
      startedAt: '2026-03-05T12:00:00.000Z',
      durationMs: null,
      exitCode: null,
      status: null,
      metrics: { loss: [0.9, 0.5, 0.31], accuracy: [0.9] },
      artifacts: [{ path: 'phase-1-foundations/m03/adam.png', sha256: 'ab', bytes: 3 }],
      gitCommit: null,
    }),
    [`.trail/runs/${CHECK_RUN}/run.json`]: JSON.stringify({
      id: CHECK_RUN,
      node: 'm3',
      criterion: 'bench',
      kind: 'check',
      command: 'python3 bench.py',
      startedAt: '2026-03-05T13:00:00.000Z',
      durationMs: 1200,
      exitCode: 0,
      status: 'pass',
      metrics: { steps: [120] },
      artifacts: [],
      gitCommit: null,
    }),
    [`visualizations/${MANUAL_RUN}-loss.svg`]: '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    'README.md': '# My LLM journey\n\nNotes I keep by hand.\n',
  });
  return ws;
}

const read = (ws: string, path: string) => readFileSync(join(ws, path), 'utf8');

describe('trail export', () => {
  it('writes the records of a scripted history as the expected files', async () => {
    const ws = await scriptedWorkspace();
    const run = await trailJson<ExportJson>(['export'], { cwd: ws });
    expect(run.$code).toBe(0);
    expect(run.files).toEqual(FILES.map((path) => ({ path, action: 'written' })));
    for (const file of FILES) {
      const expectedPath = join(FIXTURES, file);
      if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, read(ws, file));
      expect(read(ws, file), file).toBe(readFileSync(expectedPath, 'utf8'));
    }
  });

  it('is byte-identical when run twice, and then reports every file unchanged', async () => {
    const ws = await scriptedWorkspace();
    await trail(['export'], { cwd: ws });
    const first = FILES.map((file) => read(ws, file));
    const digests = read(ws, '.trail/exports.json');
    const again = await trail(['export'], { cwd: ws });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${FILES.map((file) => `unchanged ${file}`).join('\n')}\n`);
    expect(FILES.map((file) => read(ws, file))).toEqual(first);
    expect(read(ws, '.trail/exports.json')).toBe(digests);
  });

  it('refuses to overwrite a generated file edited by hand without --force, and writes nothing', async () => {
    const ws = await scriptedWorkspace();
    await trail(['export'], { cwd: ws });
    appendFileSync(join(ws, 'PROGRESS.md'), '\nMy own line.\n');
    writeTree(ws, { 'journal/2026-03-08-m4.md': `---\ndate: 2026-03-08\nnode: m4\n---\n\nA new entry.\n` });
    const journalBefore = read(ws, 'learning_journal.md');
    const refused = await trail(['export'], { cwd: ws });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('PROGRESS.md (edited by hand since the last export)');
    expect(refused.stderr).toContain('trail export --force');
    expect(read(ws, 'PROGRESS.md')).toContain('My own line.');
    expect(read(ws, 'learning_journal.md')).toBe(journalBefore);
    const json = await trailJson(['export'], { cwd: ws });
    expect(json).toMatchObject({ $code: 5, error: { code: 'EXPORT_EDITED' } });
    const forced = await trail(['export', '--force'], { cwd: ws });
    expect(forced.code).toBe(0);
    expect(read(ws, 'PROGRESS.md')).not.toContain('My own line.');
    expect(read(ws, 'learning_journal.md')).toContain('A new entry.');
  });

  it('treats an existing file it did not write as the learner’s', async () => {
    const ws = await scriptedWorkspace();
    writeTree(ws, { 'experiments_log.md': '# My experiments\n\nHand-kept.\n' });
    const refused = await trail(['export'], { cwd: ws });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('experiments_log.md (not written by `trail export`');
    expect(read(ws, 'experiments_log.md')).toBe('# My experiments\n\nHand-kept.\n');
    expect(existsSync(join(ws, 'PROGRESS.md'))).toBe(false);
    expect((await trail(['export', '--force'], { cwd: ws })).code).toBe(0);
    expect(read(ws, 'experiments_log.md')).toContain('# Experiments log');
  });

  it('replaces only the block between the README markers, and keeps edits outside them', async () => {
    const ws = await scriptedWorkspace();
    const before =
      '# Mine\r\n\r\nIntro with `code` and trailing spaces   \n\n<!-- trail:progress:start -->\nold\n<!-- trail:progress:end -->\n\n## After\nmore text, no final newline';
    writeTree(ws, { 'README.md': before });
    // A block the learner pasted (no digest yet) is theirs: refused, then replaced with --force.
    expect((await trail(['export'], { cwd: ws })).code).toBe(5);
    expect((await trail(['export', '--force'], { cwd: ws })).code).toBe(0);
    const after = read(ws, 'README.md');
    const start = after.indexOf('<!-- trail:progress:start -->');
    const end = after.indexOf('<!-- trail:progress:end -->') + '<!-- trail:progress:end -->'.length;
    expect(after.slice(0, start)).toBe(before.slice(0, before.indexOf('<!-- trail:progress:start -->')));
    expect(after.slice(end)).toBe('\n\n## After\nmore text, no final newline');
    expect(after.slice(start, end)).toContain('- [x] m3 Optimizer Comparison and Ablation (2026-03-06)');
    // Text outside the markers is the learner's: editing it does not block the export.
    writeFileSync(join(ws, 'README.md'), after.replace('## After', '## After, edited'));
    expect((await trail(['export'], { cwd: ws })).code).toBe(0);
    expect(read(ws, 'README.md')).toContain('## After, edited');
    // Text inside the markers is generated: editing it does.
    writeFileSync(join(ws, 'README.md'), read(ws, 'README.md').replace('- [x] m1', '- [x] m1 (my note)'));
    const refused = await trail(['export'], { cwd: ws });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('README.md (its progress block was edited by hand');
  });

  it('creates README.md with just the block, and refuses broken markers even with --force', async () => {
    const ws = await scriptedWorkspace();
    writeFileSync(join(ws, 'README.md'), '# Mine\n\n<!-- trail:progress:start -->\nno end\n');
    const broken = await trail(['export', '--force'], { cwd: ws });
    expect(broken.code).toBe(5);
    expect(broken.stderr).toContain('README.md: line 3 has "<!-- trail:progress:start -->" but no "<!-- trail:progress:end -->" after it');
    const fresh = tmp();
    await trail(['init', fresh, '--track', MILESTONES]);
    expect((await trail(['export'], { cwd: fresh })).code).toBe(0);
    const readme = read(fresh, 'README.md');
    expect(readme.startsWith('<!-- trail:progress:start -->\n')).toBe(true);
    expect(readme.endsWith('<!-- trail:progress:end -->\n')).toBe(true);
  });

  it('exports after a command completes a node, warns about a hand-edited file, and can be turned off', async () => {
    const ws = tmp();
    await trail(['init', ws, '--track', MILESTONES]);
    await trail(['attest', 'm1', 'exit-1', '--text', 'Trained logistic regression on two moons, 94% accuracy'], { cwd: ws });
    expect(existsSync(join(ws, 'PROGRESS.md'))).toBe(false);
    await trail(['attest', 'm1', 'exit-2', '--text', 'Derived the log-loss gradient by hand in notes/m1.md'], { cwd: ws });
    const done = await trail(['journal', 'add', '--node', 'm1', '--text', REFLECTION], { cwd: ws });
    expect(done.stdout).toContain('m1 is now done.');
    expect(done.stdout).toContain('Exported: experiments_log.md, learning_journal.md, PROGRESS.md, README.md.');
    expect(read(ws, 'PROGRESS.md')).toMatch(/- \[x\] \*\*m1\*\* Logistic Regression — done \d{4}-\d\d-\d\d · evidence: \[journal\/\d{4}-\d\d-\d\d-m1\.md\]/);

    expect((await trailJson<ExportAutoJson>(['export', '--auto', 'off'], { cwd: ws })).auto).toBe(false);
    await trail(['attest', 'm2', 'exit-1', '--text', 'A two-layer network with backprop on MNIST digits'], { cwd: ws });
    await trail(['attest', 'm2', 'exit-2', '--text', 'Compared with finite differences: max error 1e-7'], { cwd: ws });
    const off = await trail(['journal', 'add', '--node', 'm2', '--text', REFLECTION], { cwd: ws });
    expect(off.stdout).toContain('m2 is now done.');
    expect(off.stdout).not.toContain('Exported');
    expect(read(ws, 'PROGRESS.md')).toContain('- [ ] **m2**');

    await trail(['export', '--auto', 'on'], { cwd: ws });
    appendFileSync(join(ws, 'PROGRESS.md'), 'mine\n');
    await trail(['practice', 'on'], { cwd: ws });
    await trail(['attest', 'm4', 'exit-1', '--text', 'Traced autograd through a two-layer model by hand'], { cwd: ws });
    await trail(['attest', 'm4', 'exit-2', '--text', 'The graph records each operation and its inputs'], { cwd: ws });
    const warned = await trail(['journal', 'add', '--node', 'm4', '--text', REFLECTION], { cwd: ws });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('Exported: learning_journal.md, README.md.');
    expect(warned.stderr).toContain('warning: PROGRESS.md was not exported: edited by hand since the last export');
    expect(read(ws, 'PROGRESS.md').endsWith('mine\n')).toBe(true);
    expect(read(ws, 'README.md')).toContain('- [x] m4 Autograd Trace and Computational Graph');
  });

  it('rejects a bad --auto value and a folder that is no workspace', async () => {
    const ws = await scriptedWorkspace();
    const bad = await trail(['export', '--auto', 'maybe'], { cwd: ws });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--auto takes "on" or "off", not "maybe"');
    expect((await trail(['export'], { cwd: tmp() })).code).toBe(3);
  });
});
