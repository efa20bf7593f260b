import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TrailError } from '../core/errors.js';
import type { LogProblem, TrailEvent } from '../core/events.js';
import { EventAppender } from './event-appender.js';
import { parseEventLines, readEventLog, unreadableLog } from './event-log.js';
import { createJournalFile, JOURNAL_DIR, JournalIndex } from './journal.js';
import { createPaperFile, PAPERS_DIR, readPapers } from './papers.js';
import type {
  ArtifactStore,
  EventCursor,
  EventPage,
  EventQuery,
  EventStore,
  JournalStore,
  PaperStore,
  RecordStore,
  RunResultStore,
  RunStore,
  Store,
} from './port.js';
import { RunIndex, readRun, readRunResult, writeRunFile, writeRunResult } from './runs.js';
import { statInside, TRAIL_DIR, writeFileAtomic } from './safe-files.js';

/** Where the file adapter keeps the event log inside a workspace. */
export const EVENTS_FILE = `${TRAIL_DIR}/events.jsonl`;
const ARTIFACTS_DIR = `${TRAIL_DIR}/artifacts`;

/**
 * The store of a workspace folder (personal mode): events in `.trail/events.jsonl`, journal
 * entries in `journal/`, paper notes in `papers_notes/`, runs in `.trail/runs/<id>/run.json`,
 * artifacts in `.trail/artifacts/` by digest. Every file stays one the learner can read, edit
 * and commit; the store only adds to them.
 */
export function openFileStore(root: string): Store {
  return { events: fileEventStore(join(root, EVENTS_FILE)), records: fileRecordStore(root), close: async () => {} };
}

/** The event log at `path` as an event store; appends from concurrent callers go out together (group commit). */
export function fileEventStore(path: string): EventStore {
  const appender = new EventAppender(path);
  // Imports of this process go one after another, each seeing the ids the one before added. Two
  // processes importing into one log at the same moment are not kept apart (no lock on a plain
  // file): a sync runs in one process at a time.
  let importing: Promise<unknown> = Promise.resolve();
  return {
    append: (events) => appender.append(events),
    import(events) {
      const run = importing.then(async () => {
        const held = new Set(readEventLog(path).events.map((event) => event.id));
        const fresh = events.filter((event) => {
          if (held.has(event.id)) return false;
          held.add(event.id);
          return true;
        });
        await appender.append(fresh);
        return { added: fresh.length, skipped: events.length - fresh.length };
      });
      importing = run.catch(() => undefined);
      return run;
    },
    read: async (query = {}) => readPage(path, query),
  };
}

// A cursor is the byte offset of a line start and the number of lines before it.
function parseCursor(cursor: EventCursor | undefined, path: string, size: number): { offset: number; line: number } {
  if (cursor === undefined) return { offset: 0, line: 0 };
  const match = /^(\d+):(\d+)$/.exec(cursor);
  const offset = match ? Number(match[1]) : NaN;
  if (!match || offset > size || (offset > 0 && byteAt(path, offset - 1) !== 0x0a)) {
    throw new TrailError(
      'CURSOR_INVALID',
      `"${cursor}" is not a place in ${path}`,
      'read again from the start (without a cursor); a log that was rewritten or replaced has new places',
    );
  }
  return { offset, line: Number(match[2]) };
}

function readPage(path: string, query: EventQuery): EventPage {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadableLog(path, error as NodeJS.ErrnoException);
    parseCursor(query.since, path, 0);
    return { events: [], cursor: '0:0', problems: [] };
  }
  let bytes: Buffer;
  let start: { offset: number; line: number };
  try {
    const { size } = fstatSync(fd);
    start = parseCursor(query.since, path, size);
    bytes = Buffer.alloc(size - start.offset);
    for (let at = 0; at < bytes.length; ) {
      const read = readSync(fd, bytes, at, bytes.length - at, start.offset + at);
      if (read === 0) break;
      at += read;
    }
  } catch (error) {
    throw error instanceof TrailError ? error : unreadableLog(path, error as NodeJS.ErrnoException);
  } finally {
    closeSync(fd);
  }
  const events: TrailEvent[] = [];
  const problems: LogProblem[] = [];
  const mine = (event: TrailEvent) => query.actor === undefined || event.actor?.name === query.actor;
  const limit = query.limit ?? Infinity;
  let at = 0;
  let line = start.line;
  // Without a limit, the whole lines are parsed at once (the fast path of a healthy log).
  if (limit === Infinity) {
    at = bytes.lastIndexOf(0x0a) + 1;
    const read = parseEventLines(bytes.toString('utf8', 0, at), line);
    events.push(...read.events.filter(mine));
    problems.push(...read.problems);
    line += read.lines;
  }
  while (at < bytes.length && events.length < limit) {
    const end = bytes.indexOf(0x0a, at);
    // A last line without its newline may be a write still on its way: reported, and read again next time.
    const whole = end >= 0;
    const text = bytes.toString('utf8', at, whole ? end + 1 : bytes.length);
    const read = parseEventLines(text, line);
    if (!whole && read.problems.length > 0) {
      problems.push(...read.problems);
      break;
    }
    problems.push(...read.problems);
    events.push(...read.events.filter(mine));
    at = whole ? end + 1 : bytes.length;
    line++;
  }
  return { events, cursor: `${start.offset + at}:${line}`, problems };
}

function byteAt(path: string, offset: number): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const one = Buffer.alloc(1);
    return readSync(fd, one, 0, 1, offset) === 1 ? one[0] : undefined;
  } finally {
    closeSync(fd);
  }
}

/** The records of the workspace at `root`: journal, paper notes, runs and artifacts as files. */
export function fileRecordStore(root: string): RecordStore {
  return {
    journal: fileJournal(root),
    papers: filePapers(root),
    runs: fileRuns(root),
    artifacts: fileArtifacts(root),
    results: fileResults(root),
  };
}

// The text of a file the store keeps at `relative` (a name it made, or one the learner wrote), or FILE_NOT_FOUND.
function readKept(root: string, relative: string, what: string, hint: string): string {
  const found = statInside(root, join(root, relative));
  if (!found || 'problem' in found || !found.stat.isFile())
    throw new TrailError('FILE_NOT_FOUND', `no ${what} ${relative}${found && 'problem' in found ? ` (${found.problem})` : ''}`, hint);
  return readFileSync(join(root, relative), 'utf8');
}

// A name of one file in a folder: no separators, not hidden.
const FILE_NAME = /^[^/\\\0.][^/\\\0]*$/;

function fileJournal(root: string): JournalStore {
  const index = new JournalIndex();
  return {
    create: (stem, text) => createJournalFile(root, stem, text),
    list: () => index.refresh(root),
    async text(path) {
      const name = path.startsWith(`${JOURNAL_DIR}/`) ? path.slice(JOURNAL_DIR.length + 1) : '';
      if (!FILE_NAME.test(name) || !name.endsWith('.md'))
        throw new TrailError('FILE_NOT_FOUND', `no journal entry "${path}"`, `an entry's path is ${JOURNAL_DIR}/<name>.md, as \`trail journal list\` shows it`);
      return readKept(root, path, 'journal entry', '`trail journal list` lists the entries');
    },
  };
}

function filePapers(root: string): PaperStore {
  const pathOf = (slug: string) => {
    if (!FILE_NAME.test(slug))
      throw new TrailError('FILE_NOT_FOUND', `no paper note "${slug}"`, 'a note is named by its file name without .md, as `trail paper list` shows it');
    return `${PAPERS_DIR}/${slug}.md`;
  };
  const hint = '`trail paper list` lists the notes and their names';
  return {
    create: (stem, text) => createPaperFile(root, stem, text),
    list: async () => readPapers({ root }),
    text: async (slug) => readKept(root, pathOf(slug), 'paper note', hint),
    async replace(slug, text) {
      const path = pathOf(slug);
      readKept(root, path, 'paper note', hint);
      writeFileAtomic(join(root, path), text);
    },
  };
}

function fileResults(root: string): RunResultStore {
  return {
    write: async (id, result) => writeRunResult({ root }, id, result),
    read: async (id) => readRunResult({ root }, { id, kind: 'check' }),
  };
}

function fileRuns(root: string): RunStore {
  const index = new RunIndex();
  return {
    async write(record) {
      if (!/^[0-9A-Za-z]+$/.test(record.id))
        throw new TrailError('RUN_NOT_FOUND', `"${record.id}" is not a run id`, 'a run id is a ULID: letters and digits only');
      return writeRunFile({ root }, record);
    },
    list: async () => index.refresh({ root }),
    read: async (id) => readRun({ root }, id),
  };
}

const DIGEST = /^[0-9a-f]{64}$/;

function fileArtifacts(root: string): ArtifactStore {
  const pathOf = (sha256: string) => join(root, ARTIFACTS_DIR, sha256.slice(0, 2), sha256.slice(2));
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      // Named by its digest, a blob already there holds these very bytes.
      if (!existsSync(path)) {
        mkdirSync(join(root, ARTIFACTS_DIR, sha256.slice(0, 2)), { recursive: true });
        writeFileAtomic(path, bytes);
      }
      return { sha256, bytes: bytes.length };
    },
    async get(sha256) {
      if (!DIGEST.test(sha256))
        throw new TrailError(
          'ARTIFACT_INVALID',
          `"${sha256}" is not a SHA-256 digest`,
          'a digest is 64 hexadecimal digits, lower case, as a run record lists it',
        );
      try {
        return new Uint8Array(readFileSync(pathOf(sha256)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new TrailError(
          'FILE_NOT_FOUND',
          `no artifact ${sha256} in ${ARTIFACTS_DIR}`,
          'the artifact was never stored here, or was deleted; store it again from its file',
        );
      }
    },
  };
}

/**
 * The files of a workspace folder by path relative to it: what exports and plots read and write
 * (`PROGRESS.md`, `visualizations/`, `.trail/exports.json`). Writes are atomic.
 */
export function workspaceFiles(root: string): {
  read(path: string): string | undefined;
  has(path: string): boolean;
  write(path: string, text: string): void;
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
} {
  return {
    read(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    has: (path) => existsSync(join(root, path)),
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileAtomic(join(root, path), text);
    },
    async exclusive(name, work) {
      const dir = join(root, TRAIL_DIR);
      mkdirSync(dir, { recursive: true });
      // A lock another process holds is waited for (up to about 30 s); one left by a process that
      // died is taken over once it is 10 s old.
      // Loaded here, not with the store: only an export takes the lock, and the library patches
      // the fs module as it loads (graceful-fs), work no other command should pay at start-up.
      const { default: lockfile } = await import('proper-lockfile');
      const release = await lockfile.lock(join(dir, name), {
        lockfilePath: join(dir, `${name}.lock`),
        realpath: false,
        stale: 10_000,
        retries: { retries: 150, minTimeout: 10, maxTimeout: 200 },
      });
      try {
        return await work();
      } finally {
        await release();
      }
    },
  };
}
