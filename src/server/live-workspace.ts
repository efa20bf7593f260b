import { statSync } from 'node:fs';
import { join } from 'node:path';
import { renamesOf } from '../core/changes.js';
import type { TrailEvent } from '../core/events.js';
import type { Track } from '../core/track.js';
import { layoutFingerprint } from '../content/walk.js';
import { RunIndex, type AnyRunRecord, type RunProblem } from '../records/runs.js';
import { EventAppender } from '../workspace/event-appender.js';
import { JournalIndex, JOURNAL_DIR, type JournalRead } from '../workspace/journal.js';
import { readProgress, type ProgressMemory, type ProgressRead } from '../workspace/progress-cache.js';
import { sessionOf, type Session } from '../workspace/session.js';
import { loadWorkspaceTrack, type WorkspaceTrack } from '../workspace/track-cache.js';
import { openWorkspace, TRAIL_DIR, type Workspace } from '../workspace/workspace.js';
import { HttpError } from './http-error.js';

/** What the server knows of a workspace at one moment: a new object whenever anything in it changed. */
export interface Snapshot {
  session: Session;
  runs: AnyRunRecord[];
  runProblems: RunProblem[];
}

/**
 * How long a snapshot is trusted without looking at what only a full look shows: a journal
 * entry or a track file edited in place (new entries, events and runs are seen at once).
 */
export const FULL_LOOK_MS = 1000;

/**
 * Requests that start within this many milliseconds of a look at the files share it: under load,
 * one look serves many requests. A change made outside the server is seen by the requests that
 * start this long after it; the server's own writes are seen by the next request at once.
 */
export const RECHECK_MS = 5;

const stamp = (path: string) => {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : '-';
};

/**
 * A workspace as the server keeps it between requests. Each request costs a look at the size
 * and time of the event log and of the journal folder: while they are unchanged, the same
 * snapshot is answered and whatever was computed from it is reused. When one changed, only
 * what is new is read: the events appended since (the progress snapshot kept in memory), the
 * journal files new since, the runs (every run appends an event). A full look (the config, every
 * journal entry's, run's and track file's time) is taken at most once a second, so an edit in
 * place is seen within a second.
 */
export class LiveWorkspace {
  private last: { key: string; at: number; snapshot?: Snapshot; error?: unknown } | undefined;
  private running: { key: string; promise: Promise<Snapshot> } | undefined;
  private workspace: Workspace | undefined;
  private configKey = '';
  private track: WorkspaceTrack | undefined;
  private readonly progress: ProgressMemory = {};
  private readonly journal = new JournalIndex();
  private readonly runIndex = new RunIndex();
  private appender: EventAppender | undefined;
  // What the last refresh read, and at which state of the log and journal folder.
  private read: { workspace: Workspace; track: Track; events: string; journalFolder: string; log: ProgressRead; journal: JournalRead; runs: { runs: AnyRunRecord[]; problems: RunProblem[] } } | undefined;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private config: { at: number; stamp: string } | undefined;
  // When the files were last looked at.
  private looked = -Infinity;

  /** True while the folder holds a workspace (its `.trail/workspace.json` exists), as seen within the last second. */
  exists(): boolean {
    return this.configStamp(false) !== '-';
  }

  /** Forgets what was seen, so that the next look is a full one (after the server wrote behind the snapshot's back). */
  invalidate(): void {
    this.config = undefined;
    this.looked = -Infinity;
    if (this.last) this.last.at = -Infinity;
  }

  private configStamp(full: boolean): string {
    const now = this.now();
    if (full || !this.config || now - this.config.at >= FULL_LOOK_MS) this.config = { at: now, stamp: stamp(join(this.dir, TRAIL_DIR, 'workspace.json')) };
    return this.config.stamp;
  }

  /** The snapshot as the files are now; the same object while nothing changed. Throws what opening the workspace throws (a broken file). */
  async snapshot(): Promise<Snapshot> {
    const now = this.now();
    const last = this.last;
    const full = !last || now - last.at >= FULL_LOOK_MS;
    // Requests in the same few milliseconds share one look at the files (the server's own writes end the window at once).
    if (last && !full && now - this.looked < RECHECK_MS) {
      if (last.snapshot) return last.snapshot;
      throw last.error;
    }
    const key = this.key();
    this.looked = now;
    if (last && last.key === key && !full) {
      if (last.snapshot) return last.snapshot;
      throw last.error;
    }
    if (this.running) {
      if (this.running.key === key) return this.running.promise;
      // Another refresh is under way for an older state: wait for it, then look again.
      await this.running.promise.catch(() => undefined);
      return this.snapshot();
    }
    const promise = this.refresh(key, full).finally(() => (this.running = undefined));
    this.running = { key, promise };
    return promise;
  }

  /** A session for one request: its events are appended together with other requests' and dropped if `signal` aborts first. */
  async session(signal?: AbortSignal): Promise<Session> {
    const { session } = await this.snapshot();
    const appender = (this.appender ??= new EventAppender(session.workspace.eventsPath));
    const append = async (events: readonly TrailEvent[]) => {
      try {
        await appender.append(events, signal);
      } finally {
        // What this request wrote (events, or the journal entry written before) is seen by the next request at once.
        this.looked = -Infinity;
      }
    };
    return { ...session, append, ...(signal ? { signal } : {}) };
  }

  private key(): string {
    return `${stamp(join(this.dir, TRAIL_DIR, 'events.jsonl'))}|${stamp(join(this.dir, JOURNAL_DIR))}`;
  }

  private async refresh(key: string, full: boolean): Promise<Snapshot> {
    const at = this.now();
    const previous = this.last?.snapshot;
    try {
      const configKey = this.configStamp(full);
      if (configKey === '-') throw new HttpError(404, 'TRACK_NOT_FOLLOWED', `${this.dir} is no longer a workspace (its .trail/workspace.json is gone)`, 'follow the track again, or restore the file');
      if (!this.workspace || configKey !== this.configKey) {
        this.workspace = openWorkspace(this.dir);
        this.configKey = configKey;
        this.read = undefined;
        this.track = undefined;
        this.appender = undefined;
      }
      const workspace = this.workspace;
      if (!this.track || (full && layoutFingerprint(workspace.trackDir, this.track.stamp.layout) !== this.track.stamp.fingerprint)) {
        this.track = await loadWorkspaceTrack(workspace);
      }
      const track = this.track;
      const journalVersion = this.journal.version;
      const runsVersion = this.runIndex.version;
      // Only what changed is read again: the log when it grew, the journal when its folder changed, the runs with new events.
      const [events, journalFolder] = key.split('|') as [string, string];
      const read = this.read?.workspace === workspace && this.read.track === track.track && !full ? this.read : undefined;
      const log = read?.events === events ? read.log : readProgress(workspace, renamesOf(track.track), this.progress);
      const journal = read?.journalFolder === journalFolder ? read.journal : await this.journal.refresh(workspace.root, { changed: full });
      const runs = read?.events === events ? read.runs : this.runIndex.refresh(workspace);
      this.read = { workspace, track: track.track, events, journalFolder, log, journal, runs };
      const same =
        previous &&
        previous.session.workspace === workspace &&
        previous.session.track === track.track &&
        previous.session.progress === log.progress &&
        journalVersion === this.journal.version &&
        runsVersion === this.runIndex.version;
      // A track change is told once: the snapshots after it do not repeat it.
      const snapshot = same ? previous : { session: sessionOf(workspace, track, log, journal), runs: runs.runs, runProblems: runs.problems };
      if (track.changes) this.track = { ...track, changes: undefined };
      this.last = { key, at, snapshot };
      return snapshot;
    } catch (error) {
      this.workspace = undefined;
      this.last = { key, at, error };
      throw error;
    }
  }
}
