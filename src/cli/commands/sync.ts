import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import type { TrailEvent } from '../../core/events.js';
import { openFileStore } from '../../store/files.js';
import type { EventPage, EventQuery, EventStore } from '../../store/port.js';
import { TRAIL_DIR, writeFileAtomic } from '../../store/safe-files.js';
import { syncEvents, type SyncCursors } from '../../store/sync.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import { printJson, printLines } from '../output.js';
import { openFor } from './common.js';
import { readTeamConfig, serverKey, teamConfigPath } from './team.js';

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
  const base = `${server}/api/team/sync/${encodeURIComponent(track)}/events`;
  // The server's answer, as the route documents it (docs/team.md), once it said 2xx.
  const call = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    } catch (error) {
      throw new TrailError(
        'TEAM_UNREACHABLE',
        `cannot reach ${server}: ${(error as Error).message}`,
        'sync again when the server can be reached; nothing is lost meanwhile',
      );
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; hint?: string } };
    if (response.status === 401)
      throw new TrailError('NOT_SIGNED_IN', `${server} does not know your token any more`, `sign in again with \`trail team login ${server}\``);
    if (!response.ok)
      throw new TrailError(
        'TEAM_UNREACHABLE',
        `${server} answered ${response.status}: ${body.error?.message ?? ''}`,
        body.error?.hint ?? 'sync again later; nothing is lost meanwhile',
      );
    return body as T;
  };
  return {
    append: () => Promise.reject(new Error('a team server takes events by import (idempotent), not append')),
    async import(events: readonly TrailEvent[]) {
      const body = await call<{ added: number; skipped: number }>(base, { method: 'POST', body: JSON.stringify({ events }) });
      return { added: Number(body.added), skipped: Number(body.skipped) };
    },
    async read(query: EventQuery = {}) {
      const params = new URLSearchParams({ ...(query.since ? { since: query.since } : {}), ...(query.limit ? { limit: String(query.limit) } : {}) });
      return call<EventPage>(`${base}?${params}`);
    },
  };
}

function readState(path: string): Record<string, SyncCursors> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { servers?: Record<string, SyncCursors> };
    return data.servers ?? {};
  } catch {
    return {};
  }
}

/**
 * `trail sync`: sends this workspace's events the team server lacks and brings back those it
 * added (a mentor's sign-off, a verified run), by event id: run it as often as you like; an
 * interrupted sync resumes where it stopped.
 */
export async function sync(cli: Cli, options: SyncOptions): Promise<number> {
  const session = await openFor(cli, options);
  const config = readTeamConfig(teamConfigPath(cli.env));
  const server = options.server ? serverKey(options.server) : config.server;
  const credential = server ? config.tokens[server] : undefined;
  if (!server || !credential)
    throw new TrailError(
      'NOT_SIGNED_IN',
      server ? `you are not signed in to ${server}` : 'no team server to sync with',
      `sign in first: \`trail team login ${server ?? '<url>'}\``,
    );
  const root = session.workspace.root;
  const statePath = join(root, SYNC_STATE);
  const state = readState(statePath);
  const save = (cursors: SyncCursors) => {
    state[server] = cursors;
    writeFileAtomic(statePath, `${JSON.stringify({ servers: state }, null, 2)}\n`);
  };
  const remote = httpEventStore(server, credential.token, session.track.id);
  const pageSize = Number(cli.env.TRAIL_SYNC_PAGE) || 500;
  const result = await syncEvents(openFileStore(root).events, remote, state[server] ?? {}, save, pageSize);
  if (options.json) printJson(cli, { server, track: session.track.id, pushed: result.pushed, pulled: result.pulled });
  else
    printLines(
      cli,
      `Synced ${session.track.id} with ${server} as ${credential.email}: sent ${result.pushed.added} new event(s) (${result.pushed.skipped} it had), received ${result.pulled.added} (${result.pulled.skipped} you had).`,
    );
  return 0;
}
