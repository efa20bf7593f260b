import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MILESTONES, trail, trailProcess, useTmpDir, type Run } from '../test-support/cli.js';

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

  it('keeps every attestation, one whole line each', async () => {
    const ws = await workspace();
    await together(ws, (n) => ['attest', 'm1', 'exit-1', '--text', `I trained logistic regression and checked it, statement-${n}.`]);
    const lines = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((text) => JSON.parse(text).verb)).toEqual(Array.from({ length: WRITERS * ROUNDS }, () => 'attested'));
    expect(counts(lines, 'statement')).toEqual(ones);
  });
});
