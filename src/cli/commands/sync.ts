import { join } from 'node:path';
import type { TrailEvent } from '../../core/events.js';
import { openFileStore } from '../../store/files.js';
import type { EventPage, EventQuery, EventStore, RecordStore } from '../../store/port.js';
import { parseCheckResult, parseRunRecord } from '../../store/runs.js';
import { TrailError } from '../../core/errors.js';
import * as z from 'zod/mini';
import { firstIssue } from '../../core/issues.js';
import { readJsonInside, TRAIL_DIR, writeFileAtomic } from '../../store/safe-files.js';
import { syncEvents, type EventSyncResult, type SyncCursors } from '../../store/sync.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import { printJson, printLines, warn } from '../output.js';
import { openFor } from './common.js';
import { teamCredential } from './team.js';
import { teamClient, type TeamClient } from '../team-client.js';
import type { Session } from '../../workspace/session.js';

/** `trail sync`. */
export const syncCommand = command({
  name: 'sync',
  description: "send this workspace's events to your team server and bring back what it added (sign-offs, verified runs), by event id",
  options: [{ flags: '--server <url>', description: 'the team server (default: the last one `trail team login` signed in to)' }, JSON_OPTION],
  action: (cli, options: SyncOptions) => sync(cli, options),
});

/** Where a workspace keeps how far it synced with each team server. */
export const SYNC_STATE = `${TRAIL_DIR}/sync.json`;

/** Options of `trail sync`. */
export interface SyncOptions {
  server?: string;
  json?: boolean;
}

/** A team server's copy of one of the signed-in learner's tracks, over HTTP, as an event store. */
export function httpEventStore(server: string, token: string, track: string): EventStore {
  const client = teamClient(server, token);
  const path = `/team/sync/${encodeURIComponent(track)}/events`;
  return {
    append: () => Promise.reject(new Error('a team server takes events by import (idempotent), not append')),
    async import(events: readonly TrailEvent[]) {
      const body = await client.call<{ added: number; skipped: number }>(path, { method: 'POST', body: JSON.stringify({ events }) });
      return { added: Number(body.added), skipped: Number(body.skipped) };
    },
    async read(query: EventQuery = {}) {
      const params = new URLSearchParams({ ...(query.since ? { since: query.since } : {}), ...(query.limit ? { limit: String(query.limit) } : {}) });
      return client.call<EventPage>(`${path}?${params}`);
    },
  };
}

const cursor = z.optional(z.string());
/** `.trail/sync.json`: how far the workspace synced with each server. */
const SyncState = z.looseObject({ servers: z.optional(z.record(z.string(), z.looseObject({ pushed: cursor, pulled: cursor }))) });
type SyncStateFile = z.infer<typeof SyncState>;

// A sync state that cannot be read costs only time: the sync starts from the first event, and
// what either side already holds is skipped by id.
function readState(cli: Cli, root: string): Record<string, SyncCursors> {
  const read = readJsonInside(root, join(root, SYNC_STATE), 16 * 1024 * 1024);
  if (!read) return {};
  const problem = 'problem' in read ? read.problem : firstIssue(SyncState, read.data);
  if (problem) {
    warn(cli, `${SYNC_STATE}: ${problem}; this sync starts from the first event (nothing is doubled: events are matched by id)`);
    return {};
  }
  return { ...(read as { data: SyncStateFile }).data.servers };
}

/** Sends the workspace's events the server lacks and brings back those it added, by event id, from where the last sync with it stopped. */
export async function syncWorkspace(cli: Cli, session: Session, server: string, token: string): Promise<WorkspaceSyncResult> {
  const statePath = join(session.workspace.root, SYNC_STATE);
  const state = readState(cli, session.workspace.root);
  const save = (cursors: SyncCursors) => {
    state[server] = cursors;
    writeFileAtomic(statePath, `${JSON.stringify({ servers: state }, null, 2)}\n`);
  };
  const remote = httpEventStore(server, token, session.track.id);
  const pageSize = Number(cli.env.TRAIL_SYNC_PAGE) || 500;
  const store = openFileStore(session.workspace.root);
  const events = await syncEvents(store.events, remote, state[server] ?? {}, save, pageSize);
  return { ...events, runs: { pulled: await pullRuns(cli, store.records, teamClient(server, token), session.track.id) } };
}

/** What a sync moved: events each way, and the run records brought back. */
export interface WorkspaceSyncResult extends EventSyncResult {
  runs: { pulled: number };
}

/**
 * The runs the team server keeps for this track that the workspace lacks (a worker's verified
 * runs, checks run from the web app), each with what it came to: `trail runs` lists them and
 * `trail runs show` gives their failed expectations, as for a run of this machine. What the server
 * sends is checked as a run record read from a file would be; a run it cannot give is warned of
 * and left for the next sync.
 */
async function pullRuns(cli: Cli, records: RecordStore, client: TeamClient, track: string): Promise<number> {
  const path = `/tracks/${encodeURIComponent(track)}/runs`;
  // A track the server does not serve (one of the learner's own) has its events synced, and no runs there.
  const listed = await client.find<{ runs: Array<{ id: string }> }>(path);
  if (!listed) return 0;
  const have = new Set((await records.runs.list()).runs.map((run) => run.id));
  let pulled = 0;
  // Oldest first, as a listing of the workspace shows them.
  for (const { id } of [...listed.runs].reverse()) {
    if (typeof id !== 'string' || have.has(id)) continue;
    try {
      const detail = await client.call<{ run: unknown; result: unknown }>(`${path}/${encodeURIComponent(id)}`);
      const run = parseRunRecord(JSON.stringify(detail.run));
      if (run.id !== id) throw new Error(`the server answered with run ${run.id}`);
      const result = detail.result === null ? null : parseCheckResult(JSON.stringify(detail.result));
      if (detail.result !== null && !result) throw new Error('its check result is not one of contract version 1');
      if (result) await records.results!.write(id, result);
      await records.runs.write(run);
      pulled++;
    } catch (error) {
      if (error instanceof TrailError && error.code === 'NOT_SIGNED_IN') throw error;
      warn(cli, `run ${id} from the team server: ${(error as Error).message}; the next sync tries again`);
    }
  }
  return pulled;
}

/**
 * `trail sync`: sends this workspace's events the team server lacks and brings back those it
 * added (a mentor's sign-off, a verified run), by event id: run it as often as you like; an
 * interrupted sync resumes where it stopped.
 */
export async function sync(cli: Cli, options: SyncOptions): Promise<number> {
  const session = await openFor(cli, options);
  const { server, ...credential } = teamCredential(cli, options.server);
  const result = await syncWorkspace(cli, session, server, credential.token);
  if (options.json) printJson(cli, { server, track: session.track.id, pushed: result.pushed, pulled: result.pulled, runs: result.runs });
  else
    printLines(
      cli,
      `Synced ${session.track.id} with ${server} as ${credential.email}: sent ${result.pushed.added} new event(s) (${result.pushed.skipped} it had), received ${result.pulled.added} (${result.pulled.skipped} you had)${result.runs.pulled > 0 ? `, and ${result.runs.pulled} run record(s)` : ''}.`,
    );
  return 0;
}
