import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../core/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { TRAIL_DIR, writeFileAtomic } from '../store/safe-files.js';
import { XAPI_VERSION, type XapiStatement } from '../records/xapi.js';

/** `.trail/lrs-sent.json`: ids of the statements each LRS endpoint has stored. */
export const SENT_FILE = 'lrs-sent.json';

interface SentFile {
  version: 1;
  endpoints: Record<string, string[]>;
}

/** Where to send and as whom. */
export interface LrsTarget {
  endpoint: string;
  user: string;
  password: string;
  batch: number;
  /** Milliseconds to wait for each answer. */
  timeoutMs?: number;
}

/** What a sync did: statements in the history, sent before, sent now (stored, or already there). */
export interface SyncReport {
  endpoint: string;
  total: number;
  sentBefore: number;
  stored: number;
  alreadyStored: number;
  batches: number;
}

/** Checks an LRS endpoint (an absolute http(s) URL) and returns it without trailing slashes, the key of the sent file. */
export function normaliseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TrailError('USAGE', `--endpoint "${value}" is not a URL`, 'give the LRS endpoint, e.g. --endpoint https://lrs.example.org/xapi');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TrailError('USAGE', `--endpoint "${value}" is not an http(s) URL`, 'give the LRS endpoint, e.g. --endpoint https://lrs.example.org/xapi');
  if (url.username || url.password) throw new TrailError('USAGE', '--endpoint must not contain a user or password', 'pass them with --user and --password');
  return url.href.replace(/\/+$/, '');
}

/** Reads the ids already sent to an endpoint (none when the file does not exist). */
export function readSent(workspace: Workspace, endpoint: string): Set<string> {
  return new Set(readSentFile(workspace).endpoints[endpoint] ?? []);
}

function sentPath(workspace: Workspace): string {
  return join(workspace.root, TRAIL_DIR, SENT_FILE);
}

function readSentFile(workspace: Workspace): SentFile {
  const path = sentPath(workspace);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { version: 1, endpoints: {} };
    throw new TrailError(
      'WORKSPACE_INVALID',
      `${path} cannot be read (${code === 'EISDIR' ? 'it is a folder, not a file' : (code ?? (error as Error).message)})`,
      'delete it to send every statement again (the LRS keeps one copy of each, by id)',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TrailError(
      'WORKSPACE_INVALID',
      `${path} is not valid JSON: ${(error as Error).message}`,
      'delete it to send every statement again (the LRS keeps one copy of each, by id)',
    );
  }
  const endpoints = (data as Partial<SentFile> | null)?.endpoints;
  const valid =
    typeof endpoints === 'object' &&
    endpoints !== null &&
    Object.values(endpoints).every((ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'));
  if (!valid)
    throw new TrailError(
      'WORKSPACE_INVALID',
      `${path} does not list statement ids by endpoint`,
      'delete it to send every statement again (the LRS keeps one copy of each, by id)',
    );
  return { version: 1, endpoints: endpoints as Record<string, string[]> };
}

function saveSent(workspace: Workspace, endpoint: string, ids: Set<string>): void {
  const file = readSentFile(workspace);
  file.endpoints[endpoint] = [...ids].sort();
  writeFileAtomic(sentPath(workspace), `${JSON.stringify(file, null, 2)}\n`);
}

type Answer = { kind: 'stored' } | { kind: 'conflict' };

/**
 * Posts the statements the endpoint has not stored yet, in batches, remembering each stored
 * batch at once so that a failure later keeps what went through. A 409 answer (an id the LRS
 * already has) counts as stored; in a batch, the statements are sent one by one to find it.
 */
export async function syncStatements(workspace: Workspace, statements: readonly XapiStatement[], target: LrsTarget): Promise<SyncReport> {
  const endpoint = normaliseEndpoint(target.endpoint);
  const sent = readSent(workspace, endpoint);
  const report: SyncReport = { endpoint, total: statements.length, sentBefore: 0, stored: 0, alreadyStored: 0, batches: 0 };
  const pending = statements.filter((statement) => {
    if (!sent.has(statement.id)) return true;
    report.sentBefore++;
    return false;
  });
  const post = (batch: readonly XapiStatement[]) =>
    postStatements(endpoint, batch, target, { sentNow: report.stored + report.alreadyStored, left: pending.length - report.stored - report.alreadyStored });
  for (let at = 0; at < pending.length; at += target.batch) {
    const batch = pending.slice(at, at + target.batch);
    report.batches++;
    const answer = await post(batch);
    if (answer.kind === 'stored') report.stored += batch.length;
    else if (batch.length === 1) report.alreadyStored++;
    else {
      for (const one of batch) {
        report.batches++;
        if ((await post([one])).kind === 'stored') report.stored++;
        else report.alreadyStored++;
        sent.add(one.id);
        saveSent(workspace, endpoint, sent);
      }
      continue;
    }
    for (const statement of batch) sent.add(statement.id);
    saveSent(workspace, endpoint, sent);
  }
  return report;
}

async function postStatements(endpoint: string, batch: readonly XapiStatement[], target: LrsTarget, tally: { sentNow: number; left: number }): Promise<Answer> {
  const url = `${endpoint}/statements`;
  const progress = `${tally.sentNow} statement(s) were stored before this; ${tally.left} remain unsent and go with the next \`trail sync-lrs\``;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'X-Experience-API-Version': XAPI_VERSION,
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`,
      },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${(target.timeoutMs ?? 30_000) / 1000} s`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new TrailError(
      'LRS_UNREACHABLE',
      `could not reach the LRS at ${url} (${why}); ${progress}`,
      'check the endpoint URL and your network, then run `trail sync-lrs` again',
    );
  }
  if (response.ok) {
    await response.arrayBuffer();
    return { kind: 'stored' };
  }
  const message = await messageOf(response);
  const said = `${response.status} ${response.statusText}${message ? `: ${message}` : ''}`;
  if (response.status === 409) return { kind: 'conflict' };
  if (response.status === 401 || response.status === 403) {
    throw new TrailError(
      'LRS_AUTH',
      `the LRS at ${url} refused the credentials (${said}); ${progress}`,
      'check --user and --password (the LRS key and secret)',
    );
  }
  if (response.status >= 500) {
    throw new TrailError('LRS_UNREACHABLE', `the LRS at ${url} failed (${said}); ${progress}`, 'try again later; nothing unsent was marked as sent');
  }
  throw new TrailError(
    'LRS_REJECTED',
    `the LRS at ${url} rejected a batch of ${batch.length} statement(s) (${said}); ${progress}`,
    'send with --batch 1 to find the statement it rejects, and report it with the message above',
  );
}

// LRSs answer errors as JSON ({ "message": … } or { "error": { "message": … } }) or as text.
async function messageOf(response: Response): Promise<string> {
  const text = (await response.text()).trim();
  try {
    const data = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
    const message = data.message ?? data.error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
