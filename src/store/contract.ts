import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import type { CheckResult } from '../core/check.js';
import type { AnyRunRecord } from '../core/runs.js';
import type { Store } from './port.js';

/**
 * The behaviour every store adapter must have, as vitest cases: an adapter's test file calls
 * `runStoreContract('files', makeStore)` (as Kysely runs one suite over each dialect). `makeStore`
 * gives a fresh, empty store each time; `close` lets go of it (and of what it made).
 */
export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    const open = async () => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };

    describe('events', () => {
      it('reads events back in the order they were appended, unknown fields kept', async () => {
        const { events } = await open();
        const [a, b, c, d] = [event(1), event(2), { ...event(3), extra: { kept: [1, 'two'] } }, event(4)];
        await events.append([a, b, c]);
        await events.append([d]);
        const page = await events.read();
        expect(page.events).toEqual([a, b, c, d]);
        expect(page.problems).toEqual([]);
      });

      it('reads an empty store as no events, with a cursor that finds what is appended later', async () => {
        const { events } = await open();
        const empty = await events.read();
        expect(empty.events).toEqual([]);
        await events.append([event(1)]);
        expect((await events.read({ since: empty.cursor })).events.map((e) => e.id)).toEqual([id(1)]);
      });

      it('resumes exactly at its cursor: no event twice, none missed, across limits and later appends', async () => {
        const { events } = await open();
        await events.append([event(1), event(2), event(3)]);
        const first = await events.read({ limit: 2 });
        expect(first.events.map((e) => e.id)).toEqual([id(1), id(2)]);
        await events.append([event(4), event(5)]);
        const second = await events.read({ since: first.cursor, limit: 2 });
        expect(second.events.map((e) => e.id)).toEqual([id(3), id(4)]);
        const third = await events.read({ since: second.cursor });
        expect(third.events.map((e) => e.id)).toEqual([id(5)]);
        const fourth = await events.read({ since: third.cursor });
        expect(fourth.events).toEqual([]);
        // A cursor at the end stays usable: the next event is found from it.
        await events.append([event(6)]);
        expect((await events.read({ since: fourth.cursor })).events.map((e) => e.id)).toEqual([id(6)]);
      });

      it('imports idempotently by id: the same events twice are stored once, and it says how many were new', async () => {
        const { events } = await open();
        await events.append([event(1)]);
        expect(await events.import([event(1), event(2), event(3)])).toEqual({ added: 2, skipped: 1 });
        expect(await events.import([event(2), event(3)])).toEqual({ added: 0, skipped: 2 });
        expect(await events.import([event(4), event(4)])).toEqual({ added: 1, skipped: 1 });
        expect((await events.read()).events.map((e) => e.id)).toEqual([id(1), id(2), id(3), id(4)]);
      });

      it('imports concurrently without storing an event twice', async () => {
        const { events } = await open();
        const batch = [event(1), event(2), event(3)];
        const results = await Promise.all([events.import(batch), events.import(batch), events.import(batch)]);
        expect(results.reduce((sum, result) => sum + result.added, 0)).toBe(3);
        expect((await events.read()).events.map((e) => e.id)).toEqual([id(1), id(2), id(3)]);
      });

      it("filters by actor, and the cursor of a filtered read moves past the others' events", async () => {
        const { events } = await open();
        await events.append([event(1, 'ada'), event(2, 'bob'), event(3, 'ada'), event(4, 'bob')]);
        const ada = await events.read({ actor: 'ada' });
        expect(ada.events.map((e) => e.id)).toEqual([id(1), id(3)]);
        await events.append([event(5, 'ada')]);
        expect((await events.read({ since: ada.cursor, actor: 'ada' })).events.map((e) => e.id)).toEqual([id(5)]);
        expect((await events.read({ since: ada.cursor })).events.map((e) => e.id)).toEqual([id(5)]);
        expect((await events.read({ actor: 'nobody' })).events).toEqual([]);
      });

      it('loses nothing when many appends run at once, and keeps the events of each append in their order', async () => {
        const { events } = await open();
        const pairs = Array.from({ length: 40 }, (_, i) => [event(2 * i + 1), event(2 * i + 2)]);
        await Promise.all(pairs.map((pair) => events.append(pair)));
        const read = (await events.read()).events.map((e) => e.id);
        expect(read).toHaveLength(80);
        expect(new Set(read).size).toBe(80);
        for (const [a, b] of pairs) expect(read.indexOf(b!.id)).toBeGreaterThan(read.indexOf(a!.id));
      });

      it('refuses a cursor it did not make with CURSOR_INVALID', async () => {
        const { events } = await open();
        await events.append([event(1)]);
        await expect(events.read({ since: 'not a cursor' })).rejects.toMatchObject({ name: 'TrailError', code: 'CURSOR_INVALID' });
      });
    });

    describe('journal', () => {
      const text =
        '---\ndate: 2026-11-23T10:00:00.000Z\nnode: m01   # the first one\ntitle: "Día uno: gradients"\ntags:\n  - maths\n---\n\nI derived the gradient by hand — twice.\r\nIt matched.  \n';

      it('keeps an entry byte for byte and reads its front matter', async () => {
        const { records } = await open();
        const path = await records.journal.create('2026-11-23-m01', text);
        expect(path).toMatch(/^journal\/2026-11-23-m01/);
        expect(await records.journal.text(path)).toBe(text);
        const read = await records.journal.list();
        expect(read.problems).toEqual([]);
        expect(read.entries).toHaveLength(1);
        expect(read.entries[0]).toMatchObject({ path, node: 'm01', title: 'Día uno: gradients', tags: ['maths'], date: '2026-11-23T10:00:00.000Z' });
        expect(read.entries[0]!.body).toContain('I derived the gradient by hand — twice.');
      });

      it('never overwrites an entry: the same stem twice makes two entries', async () => {
        const { records } = await open();
        const first = await records.journal.create('2026-11-23-m01', text);
        const second = await records.journal.create('2026-11-23-m01', text.replace('twice', 'three times'));
        expect(second).not.toBe(first);
        expect(await records.journal.text(first)).toBe(text);
        expect((await records.journal.list()).entries.map((entry) => entry.path)).toEqual([first, second].sort());
      });

      it('lists an entry whose front matter cannot be read as a problem with its line, never drops it', async () => {
        const { records } = await open();
        const path = await records.journal.create('2026-11-23-note', '---\ndate: 2026-11-23\ntitle: [unclosed\n---\n\nText.\n');
        const read = await records.journal.list();
        expect(read.entries).toEqual([]);
        expect(read.problems).toEqual([expect.objectContaining({ path, line: expect.any(Number), message: expect.any(String) })]);
      });

      it('says FILE_NOT_FOUND for an entry it does not hold, or a path that leads elsewhere', async () => {
        const { records } = await open();
        await expect(records.journal.text('journal/2020-01-01-none.md')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
        await expect(records.journal.text('journal/../.trail/events.jsonl')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      });
    });

    describe('paper notes', () => {
      const note =
        '---\ntitle: Attention Is All You Need\nauthors: [Vaswani, Shazeer]\nyear: 2017\nurl: https://arxiv.org/abs/1706.03762\nnodes: [m05]\nstatus: reading\n---\n\n# Attention Is All You Need\n\n## Summary\n\nSelf-attention replaces recurrence entirely.\n';

      it('keeps a note byte for byte, reads its front matter, and replaces it whole', async () => {
        const { records } = await open();
        const { slug } = await records.papers.create('attention-is-all-you-need', note);
        expect(await records.papers.text(slug)).toBe(note);
        const listed = await records.papers.list();
        expect(listed.problems).toEqual([]);
        expect(listed.papers).toEqual([
          expect.objectContaining({
            slug,
            title: 'Attention Is All You Need',
            authors: ['Vaswani', 'Shazeer'],
            year: 2017,
            nodes: ['m05'],
            status: 'reading',
            words: 5,
          }),
        ]);
        const edited = note.replace('status: reading', 'status: read');
        await records.papers.replace(slug, edited);
        expect(await records.papers.text(slug)).toBe(edited);
        expect((await records.papers.list()).papers[0]!.status).toBe('read');
        const again = await records.papers.create('attention-is-all-you-need', note);
        expect(again.slug).not.toBe(slug);
      });

      it('says FILE_NOT_FOUND for a note it does not hold, to read or to replace', async () => {
        const { records } = await open();
        await expect(records.papers.text('no-such-paper')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
        await expect(records.papers.replace('no-such-paper', note)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
        await expect(records.papers.text('../journal/x')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
        expect((await records.papers.list()).papers).toEqual([]);
      });
    });

    describe('runs', () => {
      it('lists runs oldest first and reads one by its id or a unique beginning of it, case ignored', async () => {
        const { records } = await open();
        const [manual, check] = [manualRun('01JD0000000000000000000001'), checkRun('01JD0000000000000000000002')];
        await records.runs.write(check);
        await records.runs.write(manual);
        const listed = await records.runs.list();
        expect(listed.problems).toEqual([]);
        expect(listed.runs.map((run) => run.id)).toEqual([manual.id, check.id]);
        expect(listed.runs[0]).toEqual(manual);
        expect(listed.runs[1]).toEqual(check);
        expect(await records.runs.read(check.id.toLowerCase())).toEqual(check);
        expect(await records.runs.read('01JD0000000000000000000001')).toEqual(manual);
      });

      it('says RUN_NOT_FOUND for an unknown id, a beginning shared by several, or a malformed id', async () => {
        const { records } = await open();
        await records.runs.write(manualRun('01JD0000000000000000000001'));
        await records.runs.write(manualRun('01JD0000000000000000000002'));
        await expect(records.runs.read('ZZZZ')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
        await expect(records.runs.read('01JD')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
        await expect(records.runs.read('../../etc')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
        await expect(records.runs.write(manualRun('../escape'))).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
      });
    });

    describe('run results', () => {
      it("keeps a check run's result by the run's exact id, and has none for a run without one", async () => {
        const { records } = await open();
        const results = records.results!;
        expect(results, 'every adapter keeps check results').toBeDefined();
        const run = checkRun('01JD0000000000000000000003');
        await records.runs.write(run);
        expect(await results.read(run.id)).toBeNull();
        const failed = checkResult('fail');
        await results.write(run.id, failed);
        expect(await results.read(run.id)).toEqual(failed);
        // The same id again replaces it; a beginning of the id or a malformed one finds nothing.
        await results.write(run.id, checkResult('pass'));
        expect(await results.read(run.id)).toEqual(checkResult('pass'));
        expect(await results.read(run.id.slice(0, 10))).toBeNull();
        expect(await results.read('../../etc')).toBeNull();
        await expect(results.write('../escape', failed)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
      });
    });

    describe('artifacts', () => {
      it('keeps bytes by their SHA-256 and gives them back; the same bytes twice are one blob', async () => {
        const { records } = await open();
        const bytes = new Uint8Array([0, 1, 2, 255, 10, 13, 0x89, 0x50]);
        const digest = createHash('sha256').update(bytes).digest('hex');
        expect(await records.artifacts.put(bytes)).toEqual({ sha256: digest, bytes: 8 });
        expect(await records.artifacts.put(bytes)).toEqual({ sha256: digest, bytes: 8 });
        expect(Buffer.from(await records.artifacts.get(digest)).equals(Buffer.from(bytes))).toBe(true);
      });

      it('says FILE_NOT_FOUND for an unknown digest and ARTIFACT_INVALID for one that is not a digest', async () => {
        const { records } = await open();
        await expect(records.artifacts.get('0'.repeat(64))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
        await expect(records.artifacts.get('../../etc/passwd')).rejects.toMatchObject({ code: 'ARTIFACT_INVALID' });
      });
    });
  });
}

// Events at increasing times (as a clock makes them), with ids that sort the same way.
function id(n: number): string {
  return `01JD${String(n).padStart(22, '0')}`;
}

function event(n: number, actor = 'ada'): TrailEvent {
  return {
    id: id(n),
    timestamp: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
    actor: { name: actor },
    verb: 'attested',
    object: { type: 'criterion', node: 'm01', criterion: 'explain' },
    result: { response: `statement ${n}` },
    context: { track: 'demo', trackVersion: '1', practice: false },
  };
}

function manualRun(runId: string): AnyRunRecord {
  return {
    id: runId,
    node: 'm01',
    criterion: null,
    kind: 'manual',
    command: null,
    objective: 'does a smaller learning rate converge?',
    params: { lr: '0.01' },
    notes: null,
    startedAt: '2026-11-23T10:00:00.000Z',
    durationMs: null,
    exitCode: null,
    status: null,
    metrics: { loss: [1, 0.5, 0.25] },
    artifacts: [],
    gitCommit: null,
  };
}

export function checkResult(status: 'pass' | 'fail'): CheckResult {
  return {
    version: 1,
    status,
    message: status === 'pass' ? 'every expectation holds' : '1 of 2 tests failed',
    tests: [
      { name: 'test_loss_drops', status: 'pass' },
      { name: 'test_answer', status, ...(status === 'fail' ? { message: 'expected 42, got 41', expected: '42', actual: '41' } : {}) },
    ],
    metrics: [],
    artifacts: [],
    durationMs: 1200,
    exitCode: status === 'pass' ? 0 : 1,
    network: 'denied',
    limits: 'enforced',
    stdout: 'answer 41\n',
    stderr: '',
    truncated: false,
  };
}

export function checkRun(runId: string): AnyRunRecord {
  return {
    id: runId,
    node: 'm01',
    criterion: 'loss-drops',
    kind: 'check',
    command: 'python train.py',
    startedAt: '2026-11-23T10:05:00.000Z',
    durationMs: 1200,
    exitCode: 0,
    status: 'pass',
    metrics: { loss: [0.9, 0.1] },
    artifacts: [{ path: 'plots/loss.png', sha256: 'a'.repeat(64), bytes: 2048 }],
    gitCommit: null,
  };
}
