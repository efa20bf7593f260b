import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JournalIndex } from '../store/journal.js';
import { MILESTONES, trail, useTmpDir } from '../test-support/cli.js';
import { addJournalEntry } from '../workspace/actions.js';
import { FULL_LOOK_MS, LiveWorkspace, RECHECK_MS } from './live-workspace.js';

const tmp = useTmpDir();

async function workspace(): Promise<string> {
  const dir = tmp();
  expect((await trail(['init', dir, '--track', MILESTONES])).code).toBe(0);
  return dir;
}

const entry = (title: string) => `---\ndate: 2026-01-01\nnode: m1\ntitle: ${title}\n---\n\nSome words.\n`;
const titles = async (live: LiveWorkspace) => (await live.snapshot()).session.journal.map((e) => e.title);

describe('a workspace kept in memory', () => {
  it('answers the same snapshot while nothing changed, and a new one once the log or journal changed', async () => {
    const ws = await workspace();
    let now = 0;
    const live = new LiveWorkspace(ws, () => now);
    const first = await live.snapshot();
    now += RECHECK_MS;
    expect(await live.snapshot()).toBe(first);
    writeFileSync(join(ws, 'journal.md'), 'not in the journal folder');
    now += RECHECK_MS;
    expect(await live.snapshot()).toBe(first);
    expect((await trail(['journal', 'add', '--allow-short', '--node', 'm1', '--title', 'By hand', '--text', 'written elsewhere'], { cwd: ws })).code).toBe(0);
    now += RECHECK_MS;
    expect(await titles(live)).toEqual(['By hand']);
  });

  it('sees an entry edited in place at the next full look, within a second', async () => {
    const ws = await workspace();
    let now = 0;
    const live = new LiveWorkspace(ws, () => now);
    expect((await trail(['journal', 'add', '--allow-short', '--node', 'm1', '--title', 'First', '--text', 'x'], { cwd: ws })).code).toBe(0);
    expect(await titles(live)).toEqual(['First']);
    const [file] = (await live.snapshot()).session.journal.map((e) => e.path);
    writeFileSync(join(ws, file!), entry('Edited, and longer than before'));
    now += RECHECK_MS;
    expect(await titles(live)).toEqual(['First']);
    now += FULL_LOOK_MS;
    expect(await titles(live)).toEqual(['Edited, and longer than before']);
  });

  it('answers a request that starts a few milliseconds after a change with the change, and shares one look inside that window', async () => {
    const ws = await workspace();
    let now = 0;
    const live = new LiveWorkspace(ws, () => now);
    const first = await live.snapshot();
    mkdirSync(join(ws, 'journal'));
    writeFileSync(join(ws, 'journal', 'meanwhile.md'), entry('Meanwhile'));
    // Inside the window, requests share the look that came before the change: that is what holds the server up under load.
    now += RECHECK_MS - 1;
    expect(await live.snapshot()).toBe(first);
    now += 1;
    expect(await titles(live)).toEqual(['Meanwhile']);
  });

  it('never answers a request with a look that began before a change the request came after', async () => {
    const ws = await workspace();
    const live = new LiveWorkspace(ws, () => 0);
    // The entry is written while the first look runs, just after it listed the journal folder.
    const listed = JournalIndex.prototype.refresh;
    let wrote = () => {};
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    vi.spyOn(JournalIndex.prototype, 'refresh').mockImplementationOnce(async function (this: JournalIndex, ...args) {
      const read = await listed.apply(this, args);
      mkdirSync(join(ws, 'journal'));
      writeFileSync(join(ws, 'journal', 'meanwhile.md'), entry('Meanwhile'));
      wrote();
      return read;
    });
    const before = live.snapshot();
    await written;
    const after = live.snapshot();
    expect((await before).session.journal).toEqual([]);
    expect((await after).session.journal.map((e) => e.title)).toEqual(['Meanwhile']);
  });

  it('takes a journal entry it wrote into the next snapshot, and still sees one another process wrote', async () => {
    const ws = await workspace();
    let now = 0;
    const live = new LiveWorkspace(ws, () => now);
    await live.snapshot();
    const written = await addJournalEntry(await live.session(), {
      node: undefined,
      title: 'Through the server',
      tags: [],
      body: 'Some words.',
      allowShort: true,
    });
    expect(await titles(live)).toEqual(['Through the server']);
    expect((await live.snapshot()).session.journal.map((e) => e.path)).toEqual([written.entry.path]);
    expect((await trail(['journal', 'add', '--allow-short', '--title', 'From the terminal', '--text', 'x'], { cwd: ws })).code).toBe(0);
    now += RECHECK_MS;
    expect((await titles(live)).sort()).toEqual(['From the terminal', 'Through the server']);
  });

  it('sees its own writes at once, even inside the window requests share', async () => {
    const ws = await workspace();
    let now = 0;
    const live = new LiveWorkspace(ws, () => now);
    await live.snapshot();
    const session = await live.session();
    await session.append!([
      {
        id: '01OWN',
        timestamp: '2026-01-01T00:00:00.000Z',
        actor: { name: 'me' },
        verb: 'attested',
        object: { type: 'criterion', node: 'm1', criterion: 'exit-1' },
        result: { response: 'I trained it and checked it myself' },
      },
    ]);
    expect((await live.snapshot()).session.progress.nodes.get('m1')?.attested.get('exit-1')).toBe('I trained it and checked it myself');
    // Another process's line is seen by the requests that start once the window has passed.
    appendFileSync(
      join(ws, '.trail/events.jsonl'),
      `${JSON.stringify({ id: '01OTHER', timestamp: '2026-01-02T00:00:00.000Z', actor: { name: 'me' }, verb: 'skipped', object: { type: 'node', node: 'm1' } })}\n`,
    );
    expect((await live.snapshot()).session.eventCount).toBe(1);
    now += RECHECK_MS;
    expect((await live.snapshot()).session.eventCount).toBe(2);
  });
});
