import { join } from 'node:path';
import type { TrailEvent } from '../../core/events.js';
import { openFileStore } from '../../store/files.js';
import type { EventPage, EventQuery, EventStore } from '../../store/port.js';
import * as z from 'zod/mini';
import { firstIssue } from '../../core/issues.js';
import { readJsonInside, TRAIL_DIR, writeFileAtomic } from '../../store/safe-files.js';
import { syncEvents, type EventSyncResult, type SyncCursors } from '../../store/sync.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import { printJson, printLines, warn } from '../output.js';
import { openFor } from './common.js';
import { teamCredential } from './team.js';
import { teamClient } from '../team-client.js';
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
export async function syncWorkspace(cli: Cli, session: Session, server: string, token: string): Promise<EventSyncResult> {
  const statePath = join(session.workspace.root, SYNC_STATE);
  const state = readState(cli, session.workspace.root);
  const save = (cursors: SyncCursors) => {
    state[server] = cursors;
    writeFileAtomic(statePath, `${JSON.stringify({ servers: state }, null, 2)}\n`);
  };
  const remote = httpEventStore(server, token, session.track.id);
  const pageSize = Number(cli.env.TRAIL_SYNC_PAGE) || 500;
  return syncEvents(openFileStore(session.workspace.root).events, remote, state[server] ?? {}, save, pageSize);
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
  if (options.json) printJson(cli, { server, track: session.track.id, pushed: result.pushed, pulled: result.pulled });
  else
    printLines(
      cli,
      `Synced ${session.track.id} with ${server} as ${credential.email}: sent ${result.pushed.added} new event(s) (${result.pushed.skipped} it had), received ${result.pulled.added} (${result.pulled.skipped} you had).`,
    );
  return 0;
}
