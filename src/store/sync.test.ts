import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import { ownerStore, type TeamDatabase } from '../team/db.js';
import { useTmpDir } from '../test-support/cli.js';
import { openTestPGlite } from '../test-support/team-db.js';
import { openFileStore } from './files.js';
import type { EventStore } from './port.js';
import { checkResult, checkRun } from './contract.js';
import { syncEvents, syncJournal, syncRuns, type SyncCursors } from './sync.js';

const event = (n: number, actor = 'lea'): TrailEvent => ({
  id: `01JF${String(n).padStart(22, '0')}`,
  timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, n)).toISOString(),
  actor: { name: actor },
  verb: 'hinted',
  object: { type: 'node', node: 'math-foundations' },
  result: { hint: n },
});

let database: TeamDatabase;
beforeAll(async () => {
  database = await openTestPGlite();
});
afterAll(async () => database?.close());

// A remote that stops answering after `pages` imports, as a dropped connection does.
function failingAfter(remote: EventStore, pages: number): EventStore {
  let left = pages;
  return {
    ...remote,
    import: async (events) => {
      if (left-- <= 0) throw new Error('connection reset');
      return remote.import(events);
    },
  };
}

describe('syncing a personal workspace with the team database', () => {
  const tmp = useTmpDir();
  const workspace = () => {
    const root = tmp();
    mkdirSync(join(root, '.trail'));
    return openFileStore(root);
  };

  it('sends offline work and takes what the server added, by id: a second sync moves nothing, nothing is doubled', async () => {
    const local = workspace();
    const remote = ownerStore(database.db, 'sync-1');
    await local.events.append([event(1), event(2), event(3)]);
    await remote.events.append([
      {
        ...event(100, 'mia@example.org'),
        verb: 'reviewed',
        object: { type: 'criterion', node: 'project', criterion: 'code-review' },
        result: { approved: true, comment: 'good' },
      },
    ]);
    let cursors: SyncCursors = {};
    const first = await syncEvents(local.events, remote.events, cursors, (saved) => void (cursors = saved));
    expect(first.pushed).toEqual({ added: 3, skipped: 0 });
    expect(first.pulled).toEqual({ added: 1, skipped: 3 });
    // Offline again: two more events, then a sync.
    await local.events.append([event(4), event(5)]);
    const second = await syncEvents(local.events, remote.events, cursors, (saved) => void (cursors = saved));
    expect(second.pushed.added).toBe(2);
    expect(second.pulled.added).toBe(0);
    const third = await syncEvents(local.events, remote.events, cursors, (saved) => void (cursors = saved));
    expect(third.pushed.added + third.pulled.added).toBe(0);
    const ids = (events: TrailEvent[]) => events.map((e) => e.id).sort();
    const [mine, theirs] = [(await local.events.read()).events, (await remote.events.read()).events];
    expect(ids(mine)).toEqual(ids(theirs));
    expect(new Set(ids(mine)).size).toBe(6);
  });

  it('resumes an interrupted sync where its last saved page ended, losing and doubling nothing', async () => {
    const local = workspace();
    const remote = ownerStore(database.db, 'sync-2');
    await local.events.append(Array.from({ length: 10 }, (_, i) => event(i + 1)));
    let cursors: SyncCursors = {};
    const saves: SyncCursors[] = [];
    const save = (saved: SyncCursors) => {
      saves.push(saved);
      cursors = saved;
    };
    await expect(syncEvents(local.events, failingAfter(remote.events, 2), cursors, save, 3)).rejects.toThrow('connection reset');
    // Two pages of three reached the server, and the cursor says so.
    expect((await remote.events.read()).events).toHaveLength(6);
    expect(saves).toHaveLength(2);
    const resumed = await syncEvents(local.events, remote.events, cursors, save, 3);
    expect(resumed.pushed).toEqual({ added: 4, skipped: 0 });
    const stored = (await remote.events.read()).events.map((e) => e.id);
    expect(stored).toEqual(Array.from({ length: 10 }, (_, i) => event(i + 1).id));
  });

  it('copies the journal entries each side lacks, byte for byte', async () => {
    const local = workspace();
    const remote = ownerStore(database.db, 'sync-3');
    const text = (title: string) => `---\ndate: 2026-12-01\ntitle: ${title}\n---\n\nWords.\n`;
    await local.records.journal.create('2026-12-01-note', text('mine'));
    await remote.records.journal.create('2026-12-02-note', text('from the web'));
    expect(await syncJournal(local.records.journal, remote.records.journal)).toEqual({ pushed: 1, pulled: 1 });
    expect(await syncJournal(local.records.journal, remote.records.journal)).toEqual({ pushed: 0, pulled: 0 });
    expect(await local.records.journal.text('journal/2026-12-02-note.md')).toBe(text('from the web'));
    expect(await remote.records.journal.text('journal/2026-12-01-note.md')).toBe(text('mine'));
  });

  it('copies the runs each side lacks, each with what it came to', async () => {
    const local = workspace();
    const remote = ownerStore(database.db, 'sync-4');
    const [mine, verified] = [checkRun('01JF0000000000000000000001'), checkRun('01JF0000000000000000000002')];
    await local.records.runs.write(mine);
    await local.records.results!.write(mine.id, checkResult('fail'));
    await remote.records.runs.write(verified);
    await remote.records.results!.write(verified.id, checkResult('pass'));
    expect(await syncRuns(local.records, remote.records)).toEqual({ pushed: 1, pulled: 1 });
    expect(await syncRuns(local.records, remote.records)).toEqual({ pushed: 0, pulled: 0 });
    expect(await local.records.runs.read(verified.id)).toEqual(verified);
    expect(await local.records.results!.read(verified.id)).toEqual(checkResult('pass'));
    expect(await remote.records.results!.read(mine.id)).toEqual(checkResult('fail'));
  });
});
