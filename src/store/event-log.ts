import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { eventProblem } from '../core/event-schema.js';
import type { LogProblem, TrailEvent } from '../core/events.js';
import { TrailError } from '../core/errors.js';

/** Events read from a log, and the lines that could not be read (kept in the file, left out of the state). */
export interface LogRead {
  events: TrailEvent[];
  problems: LogProblem[];
  /** Lines read, counting blank and bad ones. */
  lines: number;
}

/**
 * Appends events to a JSONL log in one write and fsyncs it. O_APPEND makes concurrent writers
 * from several processes land whole lines one after another. If the file ends in a torn line
 * (a crash mid-write), a newline is written first so the torn bytes stay on their own line,
 * where reading reports them, and never glue onto a new event.
 */
export function appendEvents(path: string, events: readonly TrailEvent[]): void {
  if (events.length === 0) return;
  let fd: number;
  try {
    fd = openSync(path, 'a+');
  } catch (error) {
    throw unreadableLog(path, error as NodeJS.ErrnoException);
  }
  try {
    let text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${text}`;
    }
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads a JSONL event log; a missing file is an empty log. Unknown fields are kept as they are. */
export function readEventLog(path: string): LogRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], problems: [], lines: 0 };
    throw unreadableLog(path, error as NodeJS.ErrnoException);
  }
  return parseEventLines(text);
}

/** Parses JSONL text whose first line is line `before + 1` of the log. */
export function parseEventLines(text: string, before = 0): LogRead {
  const events: TrailEvent[] = [];
  const problems: LogProblem[] = [];
  const whole = parseWhole(text);
  if (whole) {
    whole.forEach((value, i) => {
      const problem = eventProblem(value);
      if (problem) problems.push(notAnEvent(before + i + 1, problem));
      else events.push(value as TrailEvent);
    });
    return { events, problems, lines: whole.length };
  }
  const lines = text.split('\n');
  const unterminated = !text.endsWith('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const i = before + index;
    const isLast = index === lines.length - 1 && unterminated;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({
        line: i + 1,
        kind: isLast ? 'torn' : 'invalid',
        message: isLast
          ? `line ${i + 1} is torn (an interrupted write); it stays in the file and is left out of your progress`
          : `line ${i + 1} is not valid JSON; it stays in the file and is left out of your progress`,
      });
      return;
    }
    const problem = eventProblem(value);
    if (problem) {
      problems.push(notAnEvent(i + 1, problem));
      return;
    }
    events.push(value as TrailEvent);
  });
  return { events, problems, lines: text === '' ? 0 : lines.length - (unterminated ? 0 : 1) };
}

function notAnEvent(line: number, { verb, problem }: { verb: string | undefined; problem: string }): LogProblem {
  const what = verb === undefined ? 'an event' : `a valid "${verb}" event`;
  return { line, kind: 'invalid', message: `line ${line} is not ${what} (${problem}); it stays in the file and is left out of your progress` };
}

// A healthy log (every line whole, none blank) parses as one JSON array, much faster than line
// by line; anything else takes the careful path that reports each bad line.
function parseWhole(text: string): unknown[] | undefined {
  if (text === '' || !text.endsWith('\n') || text.includes('\n\n')) return undefined;
  try {
    const values = JSON.parse(`[${text.slice(0, -1).replaceAll('\n', ',')}]`) as unknown[];
    let lines = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    return values.length === lines ? values : undefined;
  } catch {
    return undefined;
  }
}

/** The error for an event log that cannot be read or written at all (a folder in its place, no permission). */
export function unreadableLog(path: string, error: { code?: string; message?: string }): TrailError {
  const { code } = error;
  const why =
    code === 'EISDIR'
      ? 'is a folder, not a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read or written (no permission)'
        : `cannot be read (${code ?? error.message})`;
  return new TrailError(
    'EVENT_LOG_INVALID',
    `${path} ${why}`,
    code === 'EISDIR'
      ? 'move the folder away (your events may be inside it) and put the event log file back, e.g. from git'
      : 'give yourself read and write access to it, or restore it from git',
  );
}
