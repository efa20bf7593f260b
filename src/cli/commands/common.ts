import type { TrailEvent } from '../../core/events.js';
import { commit as commitEvents, type Outcome } from '../../workspace/actions.js';
import { openSession, type Session } from '../../workspace/session.js';
import { warn } from '../output.js';
import { cliHost } from '../host.js';

/** Options every state-printing command takes. */
export interface JsonOption {
  json?: boolean;
}

export { eventContext, requireNode, requireUnlocked, type Outcome } from '../../workspace/actions.js';

/** Records events (see workspace/actions.ts) and warns on stderr about what the automatic export could not do. */
export async function commit(session: Session, nodeId: string | undefined, ...events: TrailEvent[]): Promise<Outcome> {
  return reported(await commitEvents(session, nodeId, ...events));
}

/** Warns on stderr about what the automatic export of an outcome could not do, and gives the outcome back. */
export function reported<T extends Outcome>(outcome: T): T {
  for (const problem of outcome.warnings) warn(problem);
  return outcome;
}

/** Lines that tell people what a change did. */
export function describeOutcome(outcome: Outcome): string[] {
  const lines: string[] = [];
  if (outcome.node) lines.push(`${outcome.node.id} ${outcome.before === outcome.node.status ? 'stays' : 'is now'} ${outcome.node.status.replace('_', ' ')}.`);
  for (const node of outcome.unlocked) lines.push(`Unlocked: ${node.id} — ${node.title}`);
  if (outcome.exported.length > 0) lines.push(`Exported: ${outcome.exported.join(', ')}.`);
  return lines;
}

/**
 * Opens the session for a command and, for people, tells on stderr what changed in the track
 * and which lines of the log or journal were left out (`trail status` shows these itself).
 */
export async function openFor(where: string, options: JsonOption): Promise<Session> {
  const session = await openSession(where, cliHost());
  if (!options.json) {
    const { describeChanges, warnings } = await import('./status.js');
    if (session.changes) process.stderr.write(`${describeChanges(session.changes).join('\n')}\n`);
    for (const problem of warnings(session)) warn(problem);
  }
  return session;
}
