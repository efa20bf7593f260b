import { statSync } from 'node:fs';
import { join } from 'node:path';
import { renamesOf } from '../core/changes.js';
import type { TrailEvent } from '../core/events.js';
import type { Track } from '../core/track.js';
import { layoutFingerprint } from '../content/walk.js';
import { RunIndex } from '../store/runs.js';
import type { AnyRunRecord, RunProblem } from '../core/runs.js';
import { EventAppender } from '../store/event-appender.js';
import { JournalIndex, JOURNAL_DIR, type JournalRead } from '../store/journal.js';
import { readProgress, type ProgressMemory, type ProgressRead } from '../workspace/progress-cache.js';
import { openFileStore } from '../store/files.js';
import type { Store } from '../store/port.js';
import { sessionOf, type Host, type Session } from '../workspace/session.js';
import { loadWorkspaceTrack, type WorkspaceTrack } from '../workspace/track-cache.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import { TRAIL_DIR } from '../store/safe-files.js';
import { serverHost } from './host.js';
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
 * A workspace as the server keeps it between requests. A look at it costs the size and time of
 * three files: its config, its event log and its journal folder; requests that come within a
 * few milliseconds of a look share it. While they are unchanged, the same snapshot is answered
 * and whatever was computed from it is reused. When one changed, only what is new is read: the
 * events appended since (the progress snapshot kept in memory), the journal files new since,
 * the runs (every run appends an event). A full look (every journal entry's, run's and track
 * file's time) is taken at most once a second, so an edit in place is seen within a second.
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
  private store: Store | undefined;
  // The versions of the journal and run indexes the last snapshot was made from.
  private built = '';
  // What the last refresh read, and at which state of the log and journal folder.
  private read:
    | {
        workspace: Workspace;
        track: Track;
        events: string;
        journalFolder: string;
        log: ProgressRead;
        journal: JournalRead;
        runs: { runs: AnyRunRecord[]; problems: RunProblem[] };
      }
    | undefined;

  // When the files were last seen to be as the last snapshot has them; forgotten at each write of this server.
  private looked: { at: number; key: string } | undefined;
  private writes = 0;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly host: Host = serverHost(),
  ) {}

  /** True while the folder holds a workspace (its `.trail/workspace.json` exists), as last seen. */
  exists(): boolean {
    const now = this.now();
    if (!this.looked || now - this.looked.at >= RECHECK_MS) return stamp(join(this.dir, TRAIL_DIR, 'workspace.json')) !== '-';
    return !this.looked.key.startsWith('-|');
  }

  /** Forgets what was seen, so that the next look is a full one (after the server wrote behind the snapshot's back). */
  invalidate(): void {
    this.wrote();
    if (this.last) this.last.at = -Infinity;
  }

  // After a write of this server: the next request looks at the files again.
  private wrote(): void {
    this.looked = undefined;
    this.writes++;
  }

  /** The snapshot as the files are now; the same object while nothing changed. Throws what opening the workspace throws (a broken file). */
  async snapshot(changed = false): Promise<Snapshot> {
    const now = this.now();
    const last = this.last;
    const full = !last || now - last.at >= FULL_LOOK_MS;
    // Requests in the same few milliseconds share one look at the files (the server's own writes end
    // the window at once, and so does a change this request already saw: `changed`).
    if (!changed && last && !full && this.looked?.key === last.key && now - this.looked.at < RECHECK_MS) {
      if (last.snapshot) return last.snapshot;
      throw last.error;
    }
    const key = this.key();
    if (last && last.key === key && !full) {
      this.looked = { at: now, key };
      if (last.snapshot) return last.snapshot;
      throw last.error;
    }
    if (this.running) {
      if (this.running.key === key) return this.running.promise;
      // Another refresh is under way for an older state: wait for it, then look again (the files
      // changed since it began, so the look it ends with is not one this request may share).
      await this.running.promise.catch(() => undefined);
      return this.snapshot(true);
    }
    const writes = this.writes;
    const promise = this.refresh(key, full).finally(() => {
      this.running = undefined;
      // The files were as read when the key was taken, unless this server wrote since.
      if (this.writes === writes) this.looked = { at: now, key };
    });
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
        this.wrote();
      }
    };
    return { ...session, append, wrote: (path) => this.note(path), ...(signal ? { signal } : {}) };
  }

  // A journal entry this server wrote is taken into the index as it is, without listing the
  // folder again. A file another process added at the same moment is then seen by the next full look.
  private async note(path: string): Promise<void> {
    const read = this.read;
    if (!read || !path.startsWith(`${JOURNAL_DIR}/`)) return;
    const folder = stamp(join(this.dir, JOURNAL_DIR));
    const journal = await this.journal.note(read.workspace.root, path.slice(JOURNAL_DIR.length + 1));
    if (this.read === read) this.read = { ...read, journalFolder: folder, journal };
  }

  private key(): string {
    const trail = join(this.dir, TRAIL_DIR);
    return `${stamp(join(trail, 'workspace.json'))}|${stamp(join(trail, 'events.jsonl'))}|${stamp(join(this.dir, JOURNAL_DIR))}`;
  }

  private async refresh(key: string, full: boolean): Promise<Snapshot> {
    const at = this.now();
    const previous = this.last?.snapshot;
    try {
      const [configKey, events, journalFolder] = key.split('|') as [string, string, string];
      if (configKey === '-')
        throw new HttpError(
          'TRACK_NOT_FOLLOWED',
          `${this.dir} is no longer a workspace (its .trail/workspace.json is gone)`,
          'follow the track again, or restore the file',
        );
      if (!this.workspace || configKey !== this.configKey) {
        this.workspace = openWorkspace(this.dir);
        this.configKey = configKey;
        this.read = undefined;
        this.track = undefined;
        this.appender = undefined;
        this.store = undefined;
      }
      const workspace = this.workspace;
      if (!this.track || (full && layoutFingerprint(workspace.trackDir, this.track.stamp.layout) !== this.track.stamp.fingerprint)) {
        this.track = await loadWorkspaceTrack(workspace, this.host);
      }
      const track = this.track;
      // Only what changed is read again: the log when it grew, the journal when its folder changed, the runs with new events.
      const read = this.read?.workspace === workspace && this.read.track === track.track && !full ? this.read : undefined;
      const log = read?.events === events ? read.log : readProgress(workspace, renamesOf(track.track), this.progress);
      const journal = read?.journalFolder === journalFolder ? read.journal : await this.journal.refresh(workspace.root, { changed: full });
      const runs = read?.events === events ? read.runs : this.runIndex.refresh(workspace);
      this.read = { workspace, track: track.track, events, journalFolder, log, journal, runs };
      const versions = `${this.journal.version}:${this.runIndex.version}`;
      const same =
        previous &&
        previous.session.workspace === workspace &&
        previous.session.track === track.track &&
        previous.session.progress === log.progress &&
        this.built === versions;
      this.built = versions;
      // A track change is told once: the snapshots after it do not repeat it.
      // The graph depends on the track alone: the previous snapshot's serves while the track is the same.
      const graph = previous?.session.track === track.track ? previous.session.graph : undefined;
      const snapshot = same
        ? previous
        : {
            session: sessionOf(workspace, { host: this.host, store: (this.store ??= openFileStore(workspace.root)) }, track, log, journal, graph),
            runs: runs.runs,
            runProblems: runs.problems,
          };
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
