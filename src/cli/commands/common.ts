import { renamesOf } from '../../core/changes.js';
import { TrailError } from '../../core/errors.js';
import type { TrailEvent } from '../../core/events.js';
import { applyEvents, renameResolver } from '../../core/progress.js';
import type { NodeState } from '../../core/status.js';
import { closest } from '../../core/text.js';
import type { Node } from '../../core/track.js';
import { openSession, stateOf, type Session } from '../../workspace/session.js';
import { warn } from '../output.js';
import { record } from '../../workspace/record.js';

/** Options every state-printing command takes. */
export interface JsonOption {
  json?: boolean;
}

/** Finds a node by id (or by an id it had before a rename), or says which ids exist. */
export function requireNode(session: Session, id: string): { node: Node; state: NodeState } {
  const current = renameResolver(renamesOf(session.track))(id);
  const index = session.track.nodes.findIndex((node) => node.id === current);
  if (index < 0) {
    const ids = session.track.nodes.map((node) => node.id);
    const near = closest(id, ids);
    throw new TrailError('NODE_NOT_FOUND', `no node "${id}" in track ${session.track.id}`, near ? `did you mean "${near}"? (\`trail status\` lists every node)` : '`trail status` lists every node');
  }
  return { node: session.track.nodes[index]!, state: session.state.nodes[index]! };
}

/** Refuses work on a locked node unless practice mode is on, naming what it waits for. */
export function requireUnlocked(session: Session, state: NodeState): void {
  if (state.status !== 'locked') return;
  const waiting = state.waitingFor.map((id) => (id.startsWith('phase:') ? `phase "${id.slice(6)}" to be complete` : id)).join(', ');
  throw new TrailError('NODE_LOCKED', `"${state.id}" is locked: it waits for ${waiting}`, 'finish those first (`trail next` shows what is open), or turn on practice mode with `trail practice on`');
}

/** The context every event carries: which track and version, and whether practice mode is on. */
export function eventContext(session: Session): TrailEvent['context'] {
  return { track: session.track.id, trackVersion: session.track.version, practice: session.state.practice };
}

/** What a recorded change did: the node's new state and the nodes it unlocked. */
export interface Outcome {
  node: NodeState | undefined;
  unlocked: Array<{ id: string; title: string }>;
  session: Session;
  /** Files the automatic export rewrote because a node became done. */
  exported: string[];
}

/** Records events and projects the state again, reporting the node's new status and newly open nodes. */
export async function commit(session: Session, nodeId: string | undefined, ...events: TrailEvent[]): Promise<Outcome> {
  record(session.workspace, ...events);
  const progress = applyEvents(session.progress, events, renameResolver(renamesOf(session.track)));
  const next: Session = { ...session, progress, eventCount: session.eventCount + events.length, state: stateOf(session.track, session.graph, progress, session.journal) };
  const unlocked = next.state.nodes
    .filter((state, i) => state.id !== nodeId && session.state.nodes[i]!.status === 'locked' && (state.status === 'available' || state.status === 'in_progress'))
    .map(({ id, title }) => ({ id, title }));
  // The exports (and the modules that write them) are needed only when a node became done.
  const completed = next.state.nodes.some((state, i) => state.status === 'done' && session.state.nodes[i]?.status !== 'done');
  const exported = completed ? (await import('../../records/export.js')).autoExport(session, next) : undefined;
  for (const problem of exported?.warnings ?? []) warn(problem);
  return { node: next.state.nodes.find((state) => state.id === nodeId), unlocked, session: next, exported: exported?.written ?? [] };
}

/** Lines that tell people what a change did. */
export function describeOutcome(outcome: Outcome): string[] {
  const lines: string[] = [];
  if (outcome.node) lines.push(`${outcome.node.id} is now ${outcome.node.status.replace('_', ' ')}.`);
  for (const node of outcome.unlocked) lines.push(`Unlocked: ${node.id} — ${node.title}`);
  if (outcome.exported.length > 0) lines.push(`Exported: ${outcome.exported.join(', ')}.`);
  return lines;
}

/**
 * Opens the session for a command and, for people, tells on stderr what changed in the track
 * and which lines of the log or journal were left out (`trail status` shows these itself).
 */
export async function openFor(where: string, options: JsonOption): Promise<Session> {
  const session = await openSession(where);
  if (!options.json) {
    const { describeChanges, warnings } = await import('./status.js');
    if (session.changes) process.stderr.write(`${describeChanges(session.changes).join('\n')}\n`);
    for (const problem of warnings(session)) warn(problem);
  }
  return session;
}
