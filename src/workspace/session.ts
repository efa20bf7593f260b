import type { TrackChanges } from '../core/changes.js';
import { renamesOf } from '../core/changes.js';
import type { JournalEntryRef, PaperRef } from '../core/criteria.js';
import type { LogProblem } from '../core/events.js';
import { buildGraph, type Graph } from '../core/graph.js';
import { renameResolver, type Progress } from '../core/progress.js';
import { computeState, type TrackState } from '../core/status.js';
import type { Track } from '../core/track.js';
import { readJournal, type JournalEntry, type JournalProblem } from './journal.js';
import { readPaperRefs } from './papers.js';
import { readProgress } from './progress-cache.js';
import type { TrackLayout } from '../content/walk.js';
import { loadWorkspaceTrack } from './track-cache.js';
import { openWorkspace, type Workspace } from './workspace.js';

import { SUPPORTED_CRITERIA } from './supported.js';

export { SUPPORTED_CRITERIA };

/** A workspace opened for one command: its track, progress, journal and computed state. */
export interface Session {
  workspace: Workspace;
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
}

/** Opens the workspace at or above `start` and projects its state (`known`: a track stamp just taken). */
export async function openSession(start: string, known?: Session['trackStamp']): Promise<Session> {
  const workspace = openWorkspace(start);
  const { track, changes, stamp } = await loadWorkspaceTrack(workspace, known);
  const log = readProgress(workspace, renamesOf(track));
  const journal = await readJournal(workspace);
  const papers = track.nodes.some((node) => node.criteria.some((criterion) => criterion.kind === 'paper')) ? readPaperRefs(workspace) : [];
  const graph = buildGraph(track);
  return {
    workspace,
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
    state: stateOf(track, graph, log.progress, { journal: journal.entries, papers }),
  };
}

/** Computes the state of a track from progress, journal entries (linked through renames) and paper notes. */
export function stateOf(track: Track, graph: Graph, progress: Progress, records: { journal: readonly JournalEntryRef[]; papers: readonly PaperRef[] }): TrackState {
  const resolve = renameResolver(renamesOf(track));
  const linked = records.journal.map((entry) => (entry.node ? { ...entry, node: resolve(entry.node) } : entry));
  return computeState({ track, graph, progress, journal: linked, papers: records.papers, supported: SUPPORTED_CRITERIA });
}
