import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as z from 'zod/mini';
import { byTime, type LogProblem, type TrailEvent } from '../core/events.js';
import {
  applyEvents,
  cloneProgress,
  emptyProgress,
  progressFromJson,
  progressToJson,
  renameResolver,
  type Progress,
  type ProgressJson,
} from '../core/progress.js';
import { parsePayload, readCacheFile, writeCacheFile } from '../store/cache-file.js';
import { parseEventLines, readEventLog } from '../store/event-log.js';
import type { Workspace } from './workspace.js';
import { unreadableLog } from '../store/event-log.js';

const TAIL = 64;
// Lines appended since the snapshot are applied on each read; past this many, the snapshot is
// taken again. Rewriting it for every new event would cost more than reading a few lines.
const RESAVE_AFTER_LINES = 256;
// Its number changes with the shape of what is kept (progress-2: hints shown, skipped and measured checks; progress-3: when a statement was affirmed, who signed off).
const FORMAT = 'progress-3';

/** Where a projection of the log stands: its first `size` bytes (`lines` lines). */
interface LogMark {
  size: number;
  lines: number;
  /** The last bytes of the covered part of the log, to see that it was not rewritten. */
  tail: string;
  /** The renames the projection used; another set means replaying the log. */
  renames: string;
  /** Time and id of the latest event covered; an older event appended later means replaying. */
  latest: string;
  count: number;
}

/** The head of `.trail/progress.json`; its payload is `{ problems, progress }`. */
const SnapshotHead = z.looseObject({
  format: z.literal(FORMAT),
  size: z.number(),
  lines: z.number(),
  tail: z.string(),
  renames: z.string(),
  latest: z.string(),
  count: z.number(),
});

/** The projected progress of a workspace, how many events it holds, and the log lines left out. */
export interface ProgressRead {
  progress: Progress;
  count: number;
  problems: LogProblem[];
}

/** A projection kept in memory by a long-running process (the server), so that it reads only what was appended since. */
export interface ProgressMemory {
  last?: LogMark & ProgressRead;
  /** Lines covered by the snapshot on disk. */
  saved?: number;
}

/**
 * Projects the workspace's event log into progress. The projection of the log so far is kept
 * in `.trail/progress.json` (and, given `memory`, in memory); since the log is append-only,
 * only lines added after it are read. A log that was rewritten (synced, repaired) or got older
 * events appended is replayed whole.
 */
export function readProgress(workspace: Workspace, renames: Map<string, string>, memory?: ProgressMemory): ProgressRead {
  const resolve = renameResolver(renames);
  const renamesKey = JSON.stringify([...renames]);
  const stat = statSync(workspace.eventsPath, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) throw unreadableLog(workspace.eventsPath, { code: stat.isDirectory() ? 'EISDIR' : 'EINVAL' });
  const size = stat?.size ?? 0;
  const held = memory?.last && holds(memory.last, workspace, renamesKey, size) ? memory.last : undefined;
  const base = held ?? readSnapshot(workspace, renamesKey, size);
  // Lines the snapshot on disk covers: it is taken again once many more have been read.
  let saved = held ? (memory?.saved ?? 0) : (base?.lines ?? 0);
  let read: ProgressRead & LogMark;
  if (base && base.size === size) {
    read = base;
  } else {
    const grown = base && appended(workspace, base, size, resolve);
    read = grown ?? replay(workspace, size, renamesKey, resolve);
    if ((!grown || read.lines - saved >= RESAVE_AFTER_LINES) && save(workspace, read)) saved = read.lines;
  }
  if (memory) {
    memory.last = read;
    memory.saved = saved;
  }
  return { progress: read.progress, count: read.count, problems: read.problems };
}

function holds(mark: LogMark, workspace: Workspace, renames: string, size: number): boolean {
  return mark.renames === renames && mark.size <= size && (mark.size === 0 || tailOf(workspace.eventsPath, mark.size) === mark.tail);
}

// The lines appended after `base`, applied to a copy of its progress; undefined when one is older than what it covers.
function appended(workspace: Workspace, base: ProgressRead & LogMark, size: number, resolve: (id: string) => string): (ProgressRead & LogMark) | undefined {
  const added = parseEventLines(readRange(workspace.eventsPath, base.size, size), base.lines);
  const events = added.events.sort(byTime);
  if (events.length > 0 && keyOf(events[0]!) < base.latest) return undefined;
  const progress = events.length > 0 ? applyEvents(cloneProgress(base.progress), events, resolve) : base.progress;
  return {
    progress,
    count: base.count + events.length,
    problems: added.problems.length > 0 ? [...base.problems, ...added.problems] : base.problems,
    size,
    lines: base.lines + added.lines,
    tail: tailOf(workspace.eventsPath, size),
    renames: base.renames,
    latest: events.length ? keyOf(events.at(-1)!) : base.latest,
  };
}

function replay(workspace: Workspace, size: number, renames: string, resolve: (id: string) => string): ProgressRead & LogMark {
  const log = readEventLog(workspace.eventsPath);
  const events = log.events.sort(byTime);
  return {
    progress: applyEvents(emptyProgress(), events, resolve),
    count: events.length,
    problems: log.problems,
    size,
    lines: log.lines,
    tail: tailOf(workspace.eventsPath, size),
    renames,
    latest: events.length ? keyOf(events.at(-1)!) : '',
  };
}

function keyOf(event: TrailEvent): string {
  return `${event.timestamp}\u0000${event.id}`;
}

// A snapshot is only taken at a line boundary, so the next read starts on a whole line.
function save(workspace: Workspace, read: ProgressRead & LogMark): boolean {
  if (read.size === 0 || !read.tail.endsWith('\n')) return false;
  const { progress, problems, ...mark } = read;
  try {
    writeCacheFile(workspace.progressPath, { format: FORMAT, ...mark }, JSON.stringify({ problems, progress: progressToJson(progress) }));
    return true;
  } catch {
    // The snapshot only saves time; a read-only workspace still answers.
    return false;
  }
}

// The progress is what progressToJson wrote under this FORMAT; it is read back as it is, not checked again.
const Payload = z.object({
  problems: z.array(z.object({ line: z.number(), kind: z.enum(['torn', 'invalid']), message: z.string() })),
  progress: z.custom<ProgressJson>(),
});

function readSnapshot(workspace: Workspace, renames: string, size: number): (ProgressRead & LogMark) | undefined {
  const file = readCacheFile(workspace.progressPath, SnapshotHead);
  if (!file || !holds(file.head, workspace, renames, size)) return undefined;
  const payload = Payload.safeParse(parsePayload(file.payload));
  if (!payload.success) return undefined;
  const { format: _format, digest: _digest, ...mark } = file.head;
  return { ...(mark as LogMark), problems: payload.data.problems, progress: progressFromJson(payload.data.progress) };
}

function tailOf(path: string, end: number): string {
  return readRange(path, Math.max(0, end - TAIL), end);
}

function readRange(path: string, start: number, end: number): string {
  if (end <= start) return '';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const buffer = Buffer.alloc(end - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8', 0, read);
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}
