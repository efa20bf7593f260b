import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { byTime, type LogProblem, type TrailEvent } from '../core/events.js';
import { applyEvents, emptyProgress, progressFromJson, progressToJson, renameResolver, type Progress } from '../core/progress.js';
import { parseEventLines, readEventLog } from './event-log.js';
import { writeFileAtomic, type Workspace } from './workspace.js';

const TAIL = 64;
// Lines appended since the snapshot are applied on each read; past this many, the snapshot is
// taken again. Rewriting it for every new event would cost more than reading a few lines.
const RESAVE_AFTER_LINES = 256;

/** `.trail/progress.json`: the projection of the log's first `size` bytes. */
interface ProgressSnapshot {
  version: 2;
  size: number;
  lines: number;
  /** The last bytes of the covered part of the log, to see that it was not rewritten. */
  tail: string;
  /** The renames the projection used; another set means replaying the log. */
  renames: string;
  /** Time and id of the latest event covered; an older event appended later means replaying. */
  latest: string;
  count: number;
  problems: LogProblem[];
  progress: unknown;
}

/** The projected progress of a workspace, how many events it holds, and the log lines left out. */
export interface ProgressRead {
  progress: Progress;
  count: number;
  problems: LogProblem[];
}

/**
 * Projects the workspace's event log into progress. The projection of the log so far is kept
 * in `.trail/progress.json`; since the log is append-only, only lines added after it are read.
 * A log that was rewritten (synced, repaired) or got older events appended is replayed whole.
 */
export function readProgress(workspace: Workspace, renames: Map<string, string>): ProgressRead {
  const resolve = renameResolver(renames);
  const renamesKey = JSON.stringify([...renames]);
  const size = statSync(workspace.eventsPath, { throwIfNoEntry: false })?.size ?? 0;
  const snapshot = readSnapshot(workspace.progressPath);
  if (snapshot && snapshot.renames === renamesKey && snapshot.size <= size && tailOf(workspace.eventsPath, snapshot.size) === snapshot.tail) {
    if (snapshot.size === size) return { progress: progressFromJson(snapshot.progress), count: snapshot.count, problems: snapshot.problems };
    const added = parseEventLines(readFrom(workspace.eventsPath, snapshot.size), snapshot.lines);
    const events = added.events.sort(byTime);
    if (events.length === 0 || keyOf(events[0]!) >= snapshot.latest) {
      const progress = applyEvents(progressFromJson(snapshot.progress), events, resolve);
      const read = { progress, count: snapshot.count + events.length, problems: [...snapshot.problems, ...added.problems] };
      if (added.lines >= RESAVE_AFTER_LINES) save(workspace, read, { size, lines: snapshot.lines + added.lines, renames: renamesKey, latest: events.length ? keyOf(events.at(-1)!) : snapshot.latest });
      return read;
    }
  }
  const log = readEventLog(workspace.eventsPath);
  const events = log.events.sort(byTime);
  const read = { progress: applyEvents(emptyProgress(), events, resolve), count: events.length, problems: log.problems };
  save(workspace, read, { size, lines: log.lines, renames: renamesKey, latest: events.length ? keyOf(events.at(-1)!) : '' });
  return read;
}

function keyOf(event: TrailEvent): string {
  return `${event.timestamp}\u0000${event.id}`;
}

// A snapshot is only taken at a line boundary, so the next read starts on a whole line.
function save(workspace: Workspace, read: ProgressRead, at: { size: number; lines: number; renames: string; latest: string }): void {
  if (at.size === 0) return;
  const tail = tailOf(workspace.eventsPath, at.size);
  if (!tail.endsWith('\n')) return;
  const snapshot: ProgressSnapshot = { version: 2, ...at, tail, count: read.count, problems: read.problems, progress: progressToJson(read.progress) };
  try {
    writeFileAtomic(workspace.progressPath, JSON.stringify(snapshot));
  } catch {
    // The snapshot only saves time; a read-only workspace still answers.
  }
}

function readSnapshot(path: string): ProgressSnapshot | undefined {
  try {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as ProgressSnapshot;
    return snapshot.version === 2 && typeof snapshot.size === 'number' ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

function tailOf(path: string, end: number): string {
  const start = Math.max(0, end - TAIL);
  return readRange(path, start, end);
}

function readFrom(path: string, start: number): string {
  const size = statSync(path).size;
  return readRange(path, start, size);
}

function readRange(path: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(path, 'r');
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
