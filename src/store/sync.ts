import type { AnyRunRecord } from '../core/runs.js';
import type { EventCursor, EventStore, JournalStore, RecordStore } from './port.js';

/** Where a sync stands: the last local event sent, the last remote event taken. Kept between syncs, it makes them resumable. */
export interface SyncCursors {
  pushed?: EventCursor | undefined;
  pulled?: EventCursor | undefined;
}

/** What a sync moved, each way. */
export interface EventSyncResult {
  pushed: { added: number; skipped: number };
  pulled: { added: number; skipped: number };
  cursors: SyncCursors;
}

/**
 * Sends the local events the remote store has not seen, then takes the remote's new events,
 * both by id (an event already held is skipped: nothing is doubled). The cursors are saved after
 * every page: a sync cut off in the middle starts again where the last saved page ended, and the
 * events sent twice are skipped by id.
 */
export async function syncEvents(
  local: EventStore,
  remote: EventStore,
  start: SyncCursors,
  save: (cursors: SyncCursors) => Promise<void> | void,
  pageSize = 500,
): Promise<EventSyncResult> {
  const cursors: SyncCursors = { ...start };
  const pushed = { added: 0, skipped: 0 };
  const pulled = { added: 0, skipped: 0 };
  for (;;) {
    const page = await local.read({ ...(cursors.pushed ? { since: cursors.pushed } : {}), limit: pageSize });
    if (page.events.length > 0) {
      const result = await remote.import(page.events);
      pushed.added += result.added;
      pushed.skipped += result.skipped;
    }
    const moved = page.cursor !== cursors.pushed;
    cursors.pushed = page.cursor;
    if (moved) await save({ ...cursors });
    if (page.events.length < pageSize) break;
  }
  for (;;) {
    const page = await remote.read({ ...(cursors.pulled ? { since: cursors.pulled } : {}), limit: pageSize });
    if (page.events.length > 0) {
      const result = await local.import(page.events);
      pulled.added += result.added;
      pulled.skipped += result.skipped;
    }
    const moved = page.cursor !== cursors.pulled;
    cursors.pulled = page.cursor;
    if (moved) await save({ ...cursors });
    if (page.events.length < pageSize) break;
  }
  return { pushed, pulled, cursors };
}

/** Copies the journal entries each side lacks (by path) to the other, text byte for byte; returns how many went each way. */
export async function syncJournal(local: JournalStore, remote: JournalStore): Promise<{ pushed: number; pulled: number }> {
  const paths = async (store: JournalStore) => {
    const read = await store.list();
    return new Set([...read.entries.map((entry) => entry.path), ...read.problems.map((problem) => problem.path)].filter((path) => path.endsWith('.md')));
  };
  const [mine, theirs] = await Promise.all([paths(local), paths(remote)]);
  const copy = async (from: JournalStore, to: JournalStore, path: string) =>
    to.create(path.slice(path.lastIndexOf('/') + 1, -'.md'.length), await from.text(path));
  let pushed = 0;
  let pulled = 0;
  for (const path of mine) {
    if (theirs.has(path)) continue;
    await copy(local, remote, path);
    pushed++;
  }
  for (const path of theirs) {
    if (mine.has(path)) continue;
    await copy(remote, local, path);
    pulled++;
  }
  return { pushed, pulled };
}

/** Copies the run records each side lacks (by id) to the other, each with its check result where one is kept. */
export async function syncRuns(
  local: Pick<RecordStore, 'runs' | 'results'>,
  remote: Pick<RecordStore, 'runs' | 'results'>,
): Promise<{ pushed: number; pulled: number }> {
  const [mine, theirs] = await Promise.all([local.runs.list(), remote.runs.list()]);
  const ids = (runs: typeof mine.runs) => new Set(runs.map((run) => run.id));
  const [mineIds, theirIds] = [ids(mine.runs), ids(theirs.runs)];
  const toRemote = mine.runs.filter((run) => !theirIds.has(run.id));
  const toLocal = theirs.runs.filter((run) => !mineIds.has(run.id));
  const copy = async (from: typeof local, to: typeof local, run: AnyRunRecord) => {
    // The result first: a reader that sees the run finds what it came to.
    const result = run.kind === 'check' && from.results && to.results ? await from.results.read(run.id) : null;
    if (result) await to.results!.write(run.id, result);
    await to.runs.write(run);
  };
  for (const run of toRemote) await copy(local, remote, run);
  for (const run of toLocal) await copy(remote, local, run);
  return { pushed: toRemote.length, pulled: toLocal.length };
}
