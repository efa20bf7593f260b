/**
 * The storage port: where the learner's events and records live, seen from the code that uses
 * them (the workspace's actions, the records, the server). Personal mode keeps them in the
 * workspace folder (`files.ts`); team mode keeps them in PostgreSQL or an embedded PGlite
 * database. Every adapter passes the one contract suite in `contract.ts`.
 *
 * Stability: adapters are written against this file. Change it only by adding (a new optional
 * field, a new method on a new interface); never rename, remove or change the meaning of what is
 * here. What each method promises is what `contract.ts` checks:
 *
 * - `EventStore.append` keeps the order of the events it is given (fresh events, made in time
 *   order); concurrent appends lose none.
 * - `EventStore.import` is idempotent by event id (sync between a personal workspace and a team
 *   server): events already stored are skipped and counted as such.
 * - `EventStore.read` returns events in the order they were stored, from just after a cursor;
 *   the cursor it returns resumes exactly there (no event twice, none missed). Cursors are
 *   opaque strings, meaningful only to the store that made them. Stored entries that are not
 *   events (a torn last line after a crash, an invalid line) are reported in `problems` and
 *   never dropped silently.
 * - Records (journal entries, paper notes) are kept as the text the learner reads and edits,
 *   byte for byte; they are parsed (front matter) on the way out.
 * - Artifacts are blobs kept by the SHA-256 of their bytes.
 * - A missing or malformed id is a `TrailError` with a code (`RUN_NOT_FOUND`, `FILE_NOT_FOUND`,
 *   `ARTIFACT_INVALID`, `CURSOR_INVALID`), never a driver's error.
 */
import type { CheckResult } from '../core/check.js';
import type { LogProblem, TrailEvent } from '../core/events.js';
import type { AnyRunRecord, RunProblem } from '../core/runs.js';
import type { JournalRead } from './journal.js';
import type { Paper, PaperProblem } from './papers.js';

export type { Clock } from '../core/clock.js';

/** Where a reader of an event store stands; opaque, meaningful only to the store that returned it. */
export type EventCursor = string;

/** What to read from an event store. */
export interface EventQuery {
  /** Read the events stored after this cursor (default: from the first). */
  since?: EventCursor;
  /** Only the events of this actor (`actor.name`); the others are passed over, and the cursor moves past them too. */
  actor?: string;
  /** At most this many events; the cursor then stands just after the last one returned. */
  limit?: number;
}

/** A page of events, the cursor to read on from, and the stored entries that are not events. */
export interface EventPage {
  events: TrailEvent[];
  cursor: EventCursor;
  problems: LogProblem[];
}

/** The learner actions of a workspace (or of a team), append-only. */
export interface EventStore {
  /** Stores new events (fresh ids), in their order. */
  append(events: readonly TrailEvent[]): Promise<void>;
  /** Stores the events whose ids it does not hold yet (another machine's log); says how many were new. */
  import(events: readonly TrailEvent[]): Promise<{ added: number; skipped: number }>;
  /** Reads events in stored order from just after `since`. */
  read(query?: EventQuery): Promise<EventPage>;
}

/** Journal entries: Markdown files with front matter, kept as written. */
export interface JournalStore {
  /** Stores a new entry under the first free name `<stem>.md`, `<stem>-2.md`, …; never overwrites. Returns its path (`journal/<name>`). */
  create(stem: string, text: string): Promise<string>;
  /** Every entry in name order; entries whose front matter cannot be read are problems, with their line. */
  list(): Promise<JournalRead>;
  /** The text of an entry, byte for byte (`FILE_NOT_FOUND` when there is none at `path`). */
  text(path: string): Promise<string>;
}

/** Paper notes: Markdown files with front matter, one per paper, named by slug. */
export interface PaperStore {
  /** Stores a new note under the first free slug `<stem>`, `<stem>-2`, …; never overwrites. */
  create(stem: string, text: string): Promise<{ slug: string; path: string }>;
  /** Every note in slug order; notes whose front matter cannot be read are problems, with their line. */
  list(): Promise<{ papers: Paper[]; problems: PaperProblem[] }>;
  /** The text of a note, byte for byte (`FILE_NOT_FOUND` when there is none). */
  text(slug: string): Promise<string>;
  /** Replaces the text of an existing note whole (`FILE_NOT_FOUND` when there is none). */
  replace(slug: string, text: string): Promise<void>;
}

/** Experiment runs: check runs and runs logged by hand. */
export interface RunStore {
  /** Stores a run record (a new id, or the same record again); returns where it is kept, for people. */
  write(record: AnyRunRecord): Promise<string>;
  /** Every run, oldest first (ids are ULIDs); unreadable records are problems. */
  list(): Promise<{ runs: AnyRunRecord[]; problems: RunProblem[] }>;
  /** One run by its id or a unique beginning of it, case ignored (`RUN_NOT_FOUND` otherwise). */
  read(id: string): Promise<AnyRunRecord>;
}

/**
 * What a check run came to (the result contract, docs/checks.md): every expectation, the tests,
 * the output. Kept beside the run's record, by the run's exact id.
 */
export interface RunResultStore {
  /** Stores the result of a run (the same id again replaces it). */
  write(id: string, result: CheckResult): Promise<void>;
  /** The result of the run with this exact id; null when none is kept (a run logged by hand, or synced without one). */
  read(id: string): Promise<CheckResult | null>;
}

/** Blobs (plots, files a run produced) kept by the SHA-256 of their bytes. */
export interface ArtifactStore {
  /** Stores bytes (storing the same bytes twice keeps one copy); returns their digest and size. */
  put(bytes: Uint8Array): Promise<{ sha256: string; bytes: number }>;
  /** The bytes of a digest (`ARTIFACT_INVALID` for a malformed digest, `FILE_NOT_FOUND` for an unknown one). */
  get(sha256: string): Promise<Uint8Array>;
}

/** The records made by the learner besides events. */
export interface RecordStore {
  journal: JournalStore;
  papers: PaperStore;
  runs: RunStore;
  artifacts: ArtifactStore;
  /** Check results beside the runs (added after the port's first version: an adapter may lack it). */
  results?: RunResultStore;
}

/** A store opened by an adapter: events, records, and how to let go of it. */
export interface Store {
  events: EventStore;
  records: RecordStore;
  close(): Promise<void>;
}
