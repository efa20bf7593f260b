import type { TrackChanges } from '../core/changes.js';
import { renamesOf } from '../core/changes.js';
import type { JournalEntryRef, PaperRef } from '../core/criteria.js';
import type { LogProblem, TrailEvent } from '../core/events.js';
import { buildGraph, type Graph } from '../core/graph.js';
import { renameResolver, type Progress } from '../core/progress.js';
import { computeState, type TrackState } from '../core/status.js';
import type { Track } from '../core/track.js';
import type { Clock } from '../core/clock.js';
import type { AnyRunRecord } from '../core/runs.js';
import { openFileStore } from '../store/files.js';
import type { JournalEntry, JournalProblem, JournalRead } from '../store/journal.js';
import { readPaperRefs } from '../store/papers.js';
import type { Store } from '../store/port.js';
import { readProgress, type ProgressRead } from './progress-cache.js';
import type { TrackLayout } from '../content/walk.js';
import { loadWorkspaceTrack, type WorkspaceTrack } from './track-cache.js';
import { openWorkspace, type Workspace } from './workspace.js';

import { SUPPORTED_CRITERIA } from './supported.js';

export { SUPPORTED_CRITERIA };

/**
 * What is made of the records after an action (plots of a run, the automatic export): the
 * composition point (cli, server, mcp) passes it in, so the workspace never imports records/.
 */
export interface Publisher {
  /** Draws the plots of a run; returns the paths written. */
  plots(session: Session, run: Pick<AnyRunRecord, 'id' | 'node' | 'metrics'>): Promise<string[]>;
  /** After a change that made a node done: the automatic export (files written, and warnings; it never fails the change). */
  afterDone(before: Session, after: Session): Promise<{ written: string[]; warnings: string[] } | undefined>;
}

/** What the process running the workspace gives it: the time, the environment checks start from, what is made of the records. */
export interface Host {
  clock: Clock;
  /** The environment a check's program starts from (less secrets): the process's, given by the composition point. */
  env: Readonly<Record<string, string | undefined>>;
  /** Without one, nothing is plotted or exported after an action. */
  publish?: Publisher;
  /** Team mode: a check holds only on a run a server worker verified; the learner's own runs are reported. */
  verifiedChecksOnly?: boolean;
  /** Who the events made here are by: on a team server the signed-in learner's account; none, the operating-system user (personal mode). */
  actor?: TrailEvent['actor'];
  /**
   * Told of a file of the workspace that was left out, or a cache made again, when it was read
   * (the file and why), for the person at hand: the CLI prints it on stderr. Without one, the
   * file is left out all the same.
   */
  warn?: (message: string) => void;
}

/** A workspace opened for one command: its track, progress, journal and computed state. */
export interface Session {
  workspace: Workspace;
  /** Where events and records are kept (the workspace's files in personal mode). */
  store: Store;
  host: Host;
  track: Track;
  graph: Graph;
  progress: Progress;
  /** Number of events in the log. */
  eventCount: number;
  journal: JournalEntry[];
  /** Paper notes, read only when a criterion of the track asks for one. */
  papers: PaperRef[];
  state: TrackState;
  changes: TrackChanges | undefined;
  /** The track files' layout and fingerprint when read (for caches keyed on the track). */
  trackStamp: { layout: TrackLayout; fingerprint: string };
  logProblems: LogProblem[];
  journalProblems: JournalProblem[];
  /**
   * Where this session's events go when it is not straight to the log file: the server gathers
   * the events of concurrent requests into one write, and drops those of a request whose client
   * went away before they were written.
   */
  append?: (events: readonly TrailEvent[]) => Promise<void>;
  /** Aborted when the work is no longer wanted (the server's client went away); nothing is written after that. */
  signal?: AbortSignal;
  /** Told the path (from the workspace) of each file the session wrote, so that a process keeping the workspace in memory need not look for it. */
  wrote?: (path: string) => Promise<void> | void;
}

/** Opens the workspace at or above `start` over its files and projects its state (`known`: a track stamp just taken). */
export async function openSession(start: string, host: Host, known?: Session['trackStamp']): Promise<Session> {
  const workspace = openWorkspace(start);
  const loaded = await loadWorkspaceTrack(workspace, host, known);
  // The log is projected through its snapshot cache (a file adapter's fast path); the journal is read from the store.
  const log = readProgress(workspace, renamesOf(loaded.track));
  const store = openFileStore(workspace.root);
  return sessionOf(workspace, { host, store }, loaded, log, await store.records.journal.list());
}

/**
 * A session from what was read: the workspace's track (and its graph, when already built), its
 * projected log and its journal. Paper notes are read here, and only when a criterion of the
 * track asks for one.
 */
export function sessionOf(
  workspace: Workspace,
  ports: { host: Host; store: Store },
  loaded: WorkspaceTrack,
  log: ProgressRead,
  journal: JournalRead,
  built?: Graph,
): Session {
  const { track, changes, stamp } = loaded;
  const graph = built ?? buildGraph(track);
  const papers = track.nodes.some((node) => node.criteria.some((criterion) => criterion.kind === 'paper')) ? readPaperRefs(workspace) : [];
  return {
    workspace,
    ...ports,
    track,
    changes,
    trackStamp: stamp,
    graph,
    progress: log.progress,
    eventCount: log.count,
    logProblems: log.problems,
    journal: journal.entries,
    journalProblems: journal.problems,
    papers,
    state: stateOf(track, graph, log.progress, { journal: journal.entries, papers }, { verifiedChecksOnly: ports.host.verifiedChecksOnly === true }),
  };
}

/** Computes the state of a track from progress, journal entries (linked through renames) and paper notes. */
export function stateOf(
  track: Track,
  graph: Graph,
  progress: Progress,
  records: { journal: readonly JournalEntryRef[]; papers: readonly PaperRef[] },
  options: { verifiedChecksOnly?: boolean } = {},
): TrackState {
  const renames = renamesOf(track);
  const resolve = renameResolver(renames);
  // Without renames every entry already names its node as the track does: no copy of the journal.
  const linked = renames.size === 0 ? records.journal : records.journal.map((entry) => (entry.node ? { ...entry, node: resolve(entry.node) } : entry));
  return computeState({
    track,
    graph,
    progress,
    journal: linked,
    papers: records.papers,
    supported: SUPPORTED_CRITERIA,
    ...(options.verifiedChecksOnly ? { verifiedChecksOnly: true } : {}),
  });
}
