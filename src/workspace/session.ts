import type { TrackChanges } from '../core/changes.js';
import { renamesOf } from '../core/changes.js';
import type { JournalEntryRef } from '../core/criteria.js';
import { byTime, type LogProblem, type TrailEvent } from '../core/events.js';
import { buildGraph, type Graph } from '../core/graph.js';
import { projectProgress, renameResolver, type Progress } from '../core/progress.js';
import { computeState, type TrackState } from '../core/status.js';
import type { Criterion, Track } from '../core/track.js';
import { readEventLog } from './event-log.js';
import { readJournal, type JournalEntry, type JournalProblem } from './journal.js';
import { loadWorkspaceTrack } from './track-cache.js';
import { openWorkspace, type Workspace } from './workspace.js';

/** Criterion kinds whose commands this version has; the others show as pending. */
export const SUPPORTED_CRITERIA: ReadonlySet<Criterion['kind']> = new Set(['attest', 'journal']);

/** A workspace opened for one command: its track, log, journal and computed state. */
export interface Session {
  workspace: Workspace;
  track: Track;
  graph: Graph;
  events: TrailEvent[];
  progress: Progress;
  journal: JournalEntry[];
  state: TrackState;
  changes: TrackChanges | undefined;
  logProblems: LogProblem[];
  journalProblems: JournalProblem[];
}

/** Opens the workspace at or above `start` and projects its state. */
export async function openSession(start: string): Promise<Session> {
  const workspace = openWorkspace(start);
  const { track, changes } = await loadWorkspaceTrack(workspace);
  const log = readEventLog(workspace.eventsPath);
  const events = log.events.sort(byTime);
  const journal = await readJournal(workspace);
  return { workspace, track, changes, events, logProblems: log.problems, journal: journal.entries, journalProblems: journal.problems, ...project(track, events, journal.entries) };
}

/** Computes graph, progress and state of a track from events and journal entries. */
export function project(track: Track, events: readonly TrailEvent[], journal: readonly JournalEntryRef[]) {
  const graph = buildGraph(track);
  const renames = renamesOf(track);
  const progress = projectProgress(events, renames);
  const resolve = renameResolver(renames);
  const linked = journal.map((entry) => (entry.node ? { ...entry, node: resolve(entry.node) } : entry));
  const state = computeState({ track, graph, progress, journal: linked, supported: SUPPORTED_CRITERIA });
  return { graph, progress, state };
}
