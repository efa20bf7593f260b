import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Criterion } from '../core/track.js';
import { latestCheckPath, readLatestChecks } from '../store/checks.js';
import { MILESTONES, overview, trail, trailProcess, useTmpDir, writeTree, type Run } from '../test-support/cli.js';

const tmp = useTmpDir();
const WRITERS = 8;
// Two rounds of eight at once: a race that loses one write in a dozen shows in almost every run.
const ROUNDS = 2;

async function workspace(): Promise<string> {
  const dir = tmp();
  expect((await trail(['init', dir, '--track', MILESTONES])).code).toBe(0);
  return dir;
}

/** Runs `make(i)` for 8 writer processes at once, twice; every run must succeed. */
async function together(ws: string, make: (i: number) => string[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    const runs: Run[] = await Promise.all(Array.from({ length: WRITERS }, (_, i) => trailProcess(make(round * WRITERS + i), { cwd: ws })));
    for (const run of runs) expect([run.code, run.stderr]).toEqual([0, '']);
  }
}

/** How many times each token `<tag>-<n>` appears in the texts. */
function counts(texts: string[], tag: string): number[] {
  return Array.from({ length: WRITERS * ROUNDS }, (_, n) => texts.filter((text) => text.includes(`${tag}-${n}.`) || text.includes(`${tag}-${n}"`)).length);
}

const ones = Array.from({ length: WRITERS * ROUNDS }, () => 1);

describe('eight writers of each kind at once', () => {
  it('keeps every journal entry, each in a file of its own', async () => {
    const ws = await workspace();
    await together(ws, (n) => ['journal', 'add', '--allow-short', '--node', 'm1', '--text', `What I learned, entry-${n}.`]);
    const files = readdirSync(join(ws, 'journal'));
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(
      counts(
        files.map((name) => readFileSync(join(ws, 'journal', name), 'utf8')),
        'entry',
      ),
    ).toEqual(ones);
  });

  it('keeps every paper note of the same title, under names of their own', async () => {
    const ws = await workspace();
    await together(ws, (n) => ['paper', 'add', 'Attention Is All You Need', '--url', `https://arxiv.org/abs/1706.03762?note-${n}.`]);
    const files = readdirSync(join(ws, 'papers_notes'));
    expect(files).toHaveLength(WRITERS * ROUNDS);
    expect(
      counts(
        files.map((name) => readFileSync(join(ws, 'papers_notes', name), 'utf8')),
        'note',
      ),
    ).toEqual(ones);
  });

  it('keeps every logged run and its event', async () => {
    const ws = await workspace();
    await together(ws, (n) => ['log', '--node', 'm1', '--objective', `run-${n}.`, '--metric', `loss=${n}`]);
    const runs = readdirSync(join(ws, '.trail/runs'));
    expect(runs).toHaveLength(WRITERS * ROUNDS);
    expect(
      counts(
        runs.map((id) => readFileSync(join(ws, '.trail/runs', id, 'run.json'), 'utf8')),
        'run',
      ),
    ).toEqual(ones);
    const events = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(events.filter((event) => event.includes('"experimented"'))).toHaveLength(WRITERS * ROUNDS);
  });

  it('records every run of one check, and its latest result is always whole', async () => {
    const ws = tmp();
    // A check whose result is tens of kilobytes (its output's tail): long enough to write for a reader to catch it half-way.
    const track = writeTree(tmp(), {
      'track.yaml': 'id: c\ntitle: C\n',
      'a/overview.md': overview(
        `id: a\ntitle: A\ncriteria:\n  - kind: check\n    id: run\n    run: ${JSON.stringify(`node -e "console.log('checked ' + 'x'.repeat(60000))"`)}\n    expect: { stdout: { contains: checked } }`,
      ),
    });
    expect((await trail(['init', ws, '--track', track])).code).toBe(0);
    const latest = join(ws, latestCheckPath('a', 'run'));
    // Read over and over while the checks run: a writer that truncates the file and then fills it shows here.
    let reading = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (reading) {
        const read = readLatestChecks(ws, { id: 'a', criteria: [{ kind: 'check', id: 'run' } as Criterion] });
        seen.push(...read.problems.map((problem) => problem.message));
        if (read.results.run) seen.push('whole');
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      await together(ws, () => ['check', 'a', '--criterion', 'run', '--json']);
    } finally {
      reading = false;
      await reader;
    }
    expect(seen.filter((what) => what !== 'whole')).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    const runs = readdirSync(join(ws, '.trail/runs'));
    expect(runs).toHaveLength(WRITERS * ROUNDS);
    for (const id of runs) {
      expect(JSON.parse(readFileSync(join(ws, '.trail/runs', id, 'run.json'), 'utf8'))).toMatchObject({ id, criterion: 'run', status: 'pass' });
      expect(JSON.parse(readFileSync(join(ws, '.trail/runs', id, 'result.json'), 'utf8'))).toMatchObject({ status: 'pass' });
    }
    const checked = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((event) => event.verb === 'checked');
    expect(checked.map((event) => event.result.runId).sort()).toEqual([...runs].sort());
    expect(JSON.parse(readFileSync(latest, 'utf8'))).toMatchObject({ version: 1, status: 'pass' });
    expect(readdirSync(join(ws, '.trail/checks/a'))).toEqual(['run.json']);
  });

  it('keeps every attestation, one whole line each', async () => {
    const ws = await workspace();
    await together(ws, (n) => ['attest', 'm1', 'exit-1', '--text', `I trained logistic regression and checked it, statement-${n}.`]);
    const lines = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((text) => JSON.parse(text).verb)).toEqual(Array.from({ length: WRITERS * ROUNDS }, () => 'attested'));
    expect(counts(lines, 'statement')).toEqual(ones);
  });
});
