import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { Fingerprint, layoutFingerprint, type TrackLayout } from '../content/walk.js';
import { parsePayload, readCacheFile, writeCacheFile } from '../store/cache-file.js';
import { JOURNAL_DIR } from '../store/journal.js';
import type { Workspace } from './workspace.js';
import { unreadableLog } from '../store/event-log.js';
import { writeFileAtomic, TRAIL_DIR } from '../store/safe-files.js';

// The key (and the track layout it was taken over) apart from the report, so that a stale
// snapshot costs the parse of a small file only.
const KEY_FILE = 'status-key.json';
const FILE = 'status.json';
// What was printed for a key, one file per form of output: `<fingerprint of the key>\n<bytes>`.
const printedFile = (form: string) => `status.${form}.out`;
// Part of every key: a new version of Trailguide may judge the same inputs differently.
const CODE = `${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}/status-2`;

/** The head of `status-key.json`: the key of the inputs; the track layout it was taken over follows. */
const KeyHead = z.looseObject({ key: z.string() });
/** The head of `status.json`: the key its report (the payload) was computed for. */
const ReportHead = z.looseObject({ key: z.string() });

/**
 * A snapshot read: when it still holds, what was printed for it in the same form (or else the
 * report); the key of the inputs and the track's stamp taken while checking.
 */
export interface SnapshotRead<T> {
  printed: Buffer | undefined;
  report: T | undefined;
  inputs: string;
  stamp: { layout: TrackLayout; fingerprint: string } | undefined;
}

// What a status depends on besides the track: the code, the event log (size and last bytes,
// since it only grows) and the journal files. Taken before the inputs are read, so a write
// racing with the read makes the snapshot stale rather than wrong.
export function inputsKey(workspace: Workspace, supported: string): string {
  const events = statSync(workspace.eventsPath, { throwIfNoEntry: false });
  if (events && !events.isFile()) throw unreadableLog(workspace.eventsPath, { code: events.isDirectory() ? 'EISDIR' : 'EINVAL' });
  let tail = '';
  if (events && events.size > 0) {
    const fd = openSync(workspace.eventsPath, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(64, events.size));
      readSync(fd, buffer, 0, buffer.length, events.size - buffer.length);
      tail = buffer.toString('latin1');
    } finally {
      closeSync(fd);
    }
  }
  const journal: string[] = [];
  const dir = join(workspace.root, JOURNAL_DIR);
  for (const name of (readdirSafe(dir) ?? []).sort()) {
    const stat = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) journal.push(`${name}:${stat.size}:${stat.mtimeMs}`);
  }
  return JSON.stringify([CODE, supported, events?.size ?? 0, tail, journal]);
}

function readdirSafe(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * The last status report, when nothing it depends on has changed since: the workspace's
 * projection snapshot, so that asking for the status again costs a check of the inputs. When
 * the same form of output (`form`) was printed for these inputs, its bytes come instead.
 */
export function readStatusSnapshot<T>(workspace: Workspace, supported: string, form: string): SnapshotRead<T> {
  // Taken before anything is read, so a write racing with the read makes the snapshot stale rather than wrong.
  const inputs = inputsKey(workspace, supported);
  const stale = { printed: undefined, report: undefined, inputs };
  // The layout is checked by the file's digest: a schema of thousands of folder names would cost more.
  const keyFile = readCacheFile(join(workspace.root, TRAIL_DIR, KEY_FILE), KeyHead);
  const layout = keyFile && (parsePayload(keyFile.payload) as TrackLayout | undefined);
  if (!keyFile || !Array.isArray(layout?.nodes) || !Array.isArray(layout.folders)) return { ...stale, stamp: undefined };
  const saved = { key: keyFile.head.key, layout };
  const stamp = { layout: saved.layout, fingerprint: layoutFingerprint(workspace.trackDir, saved.layout) };
  const key = `${inputs}${stamp.fingerprint}`;
  if (key !== saved.key) return { ...stale, stamp };
  const printed = readPrinted(workspace, form, key);
  if (printed) return { ...stale, printed, stamp };
  const file = readCacheFile(join(workspace.root, TRAIL_DIR, FILE), ReportHead);
  const report = file && file.head.key === key ? (parsePayload(file.payload) as T | undefined) : undefined;
  return { ...stale, report, stamp };
}

/** Keeps a status report with the key of the inputs it was computed from (`inputs` taken before reading them). */
export function writeStatusSnapshot<T>(workspace: Workspace, inputs: string, track: { layout: TrackLayout; fingerprint: string }, report: T): void {
  try {
    // The report first: a key is never saved beside a report it was not taken for.
    rmSync(join(workspace.root, TRAIL_DIR, KEY_FILE), { force: true });
    writeCacheFile(join(workspace.root, TRAIL_DIR, FILE), { key: `${inputs}${track.fingerprint}` }, JSON.stringify(report));
    writeCacheFile(join(workspace.root, TRAIL_DIR, KEY_FILE), { key: `${inputs}${track.fingerprint}` }, JSON.stringify(track.layout));
  } catch {
    // Only a saving of time; a read-only workspace still answers.
  }
}

/** Keeps what was printed in one form for the report of these inputs and track. */
export function writePrinted(workspace: Workspace, form: string, inputs: string, track: { fingerprint: string }, text: string): void {
  try {
    writeFileAtomic(join(workspace.root, TRAIL_DIR, printedFile(form)), `${keyMark(`${inputs}${track.fingerprint}`, Buffer.byteLength(text))}\n${text}`);
  } catch {
    // As above.
  }
}

function readPrinted(workspace: Workspace, form: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(workspace.root, TRAIL_DIR, printedFile(form)));
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(0x0a);
  if (end <= 0) return undefined;
  const printed = bytes.subarray(end + 1);
  return bytes.toString('latin1', 0, end) === keyMark(key, printed.length) ? printed : undefined;
}

// The key the bytes were printed for, and how many there are: a file cut short is not printed.
const keyMark = (key: string, bytes: number) => `${new Fingerprint().text(key).digest()}.${bytes}`;
