import { renamesOf } from '../core/changes.js';
import { TrailError } from '../core/errors.js';
import type { TrailEvent } from '../core/events.js';
import { applyEvents, cloneProgress, renameResolver } from '../core/progress.js';
import type { NodeState } from '../core/status.js';
import { closest } from '../core/text.js';
import type { Criterion, Node } from '../core/track.js';
import { countWords, journalEntryText, journalStem } from '../store/journal.js';
import { countDistinctWords, distinctWordsNeeded } from '../core/text.js';
import { newEvent } from './record.js';
import { stateOf, type Session } from './session.js';

/** Finds a node by id (or by an id it had before a rename), or says which ids exist. */
export function requireNode(session: Session, id: string): { node: Node; state: NodeState } {
  const current = renameResolver(renamesOf(session.track))(id);
  const index = session.track.nodes.findIndex((node) => node.id === current);
  if (index < 0) {
    const ids = session.track.nodes.map((node) => node.id);
    const near = closest(id, ids);
    throw new TrailError(
      'NODE_NOT_FOUND',
      `no node "${id}" in track ${session.track.id}`,
      near ? `did you mean "${near}"? (\`trail status\` lists every node)` : '`trail status` lists every node',
    );
  }
  return { node: session.track.nodes[index]!, state: session.state.nodes[index]! };
}

/** Refuses work on a locked node unless practice mode is on, naming what it waits for. */
export function requireUnlocked(state: NodeState): void {
  if (state.status !== 'locked') return;
  const waiting = state.waitingFor.map((id) => (id.startsWith('phase:') ? `phase "${id.slice(6)}" to be complete` : id)).join(', ');
  throw new TrailError(
    'NODE_LOCKED',
    `"${state.id}" is locked: it waits for ${waiting}`,
    'finish those first (`trail next` shows what is open), or turn on practice mode with `trail practice on`',
  );
}

/** The context every event carries: which track and version, and whether practice mode is on. */
export function eventContext(session: Session): TrailEvent['context'] {
  return { track: session.track.id, trackVersion: session.track.version, practice: session.state.practice };
}

/** What a recorded change did: the node's new state and the nodes it unlocked. */
export interface Outcome {
  node: NodeState | undefined;
  /** The node's status before this change: an outcome that left it as it was says so. */
  before: NodeState['status'] | undefined;
  unlocked: Array<{ id: string; title: string }>;
  session: Session;
  /** Files the automatic export rewrote because a node became done. */
  exported: string[];
  /** Problems of the automatic export; nothing recorded is lost by them. */
  warnings: string[];
}

/** Records events and projects the state again, reporting the node's new status and newly open nodes. */
export async function commit(session: Session, nodeId: string | undefined, ...events: TrailEvent[]): Promise<Outcome> {
  if (session.append) await session.append(events);
  else {
    session.signal?.throwIfAborted();
    await session.store.events.append(events);
  }
  // A copy: the session's progress may be shared (the server keeps it between requests).
  const progress = events.length > 0 ? applyEvents(cloneProgress(session.progress), events, renameResolver(renamesOf(session.track))) : session.progress;
  const next: Session = {
    ...session,
    progress,
    eventCount: session.eventCount + events.length,
    state: stateOf(session.track, session.graph, progress, session, { verifiedChecksOnly: session.host.verifiedChecksOnly === true }),
  };
  const unlocked = next.state.nodes
    .filter(
      (state, i) => state.id !== nodeId && session.state.nodes[i]!.status === 'locked' && (state.status === 'available' || state.status === 'in_progress'),
    )
    .map(({ id, title }) => ({ id, title }));
  // The exports (and the modules that write them) are needed only when a node became done.
  const completed = next.state.nodes.some((state, i) => state.status === 'done' && session.state.nodes[i]?.status !== 'done');
  const exported = completed ? await session.host.publish?.afterDone(session, next) : undefined;
  const before = session.state.nodes.find((state) => state.id === nodeId)?.status;
  return {
    node: next.state.nodes.find((state) => state.id === nodeId),
    before,
    unlocked,
    session: next,
    exported: exported?.written ?? [],
    warnings: exported?.warnings ?? [],
  };
}

type AttestCriterion = Extract<Criterion, { kind: 'attest' }>;

/** The attest criterion an attestation is for: the one named, or the only one still open. */
export function pickAttest(node: Node, state: NodeState, criterionId: string | undefined): AttestCriterion {
  const attests = node.criteria.filter((criterion): criterion is AttestCriterion => criterion.kind === 'attest');
  const list = attests.map((criterion) => `${criterion.id} ("${criterion.text}")`).join('; ');
  if (criterionId) {
    const named = attests.find((candidate) => candidate.id === criterionId);
    if (named) return named;
    throw new TrailError(
      'CRITERION_NOT_FOUND',
      `node "${node.id}" has no attest criterion "${criterionId}"`,
      attests.length ? `its attest criteria: ${list}` : `"${node.id}" has no attest criteria; \`trail show ${node.id}\` lists what it needs`,
    );
  }
  if (attests.length === 0)
    throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no attest criteria`, `\`trail show ${node.id}\` lists what it needs`);
  const open = attests.filter((candidate) => state.criteria.find((c) => c.id === candidate.id)?.state !== 'met');
  if (open.length !== 1) {
    throw new TrailError(
      'USAGE',
      `node "${node.id}" has ${open.length || attests.length} attest criteria; say which one`,
      `e.g. \`trail attest ${node.id} ${(open[0] ?? attests[0])!.id} --text "…"\`; criteria: ${list}`,
    );
  }
  return open[0]!;
}

/** Records the learner's statement for an attest criterion, once it is long enough and their own words. */
export async function attest(session: Session, node: Node, criterion: AttestCriterion, text: string): Promise<Outcome & { event: TrailEvent }> {
  const statement = text.trim();
  if (statement.length < criterion.minLength) {
    throw new TrailError(
      'STATEMENT_TOO_SHORT',
      `your statement has ${statement.length} characters; "${criterion.id}" asks for at least ${criterion.minLength}`,
      'say in your own words what you did or understood, and how you know',
    );
  }
  if (criterion.link && !hasLink(statement)) {
    throw new TrailError(
      'LINK_MISSING',
      `"${criterion.id}" asks for a link to what you made, and your statement has none`,
      'include the full public address, e.g. https://github.com/you/project or the URL of your post',
    );
  }
  if (normalise(statement) === normalise(criterion.text)) {
    throw new TrailError(
      'STATEMENT_TOO_SHORT',
      'your statement repeats the criterion word for word',
      'say it in your own words: what you did, what you found, how you know',
    );
  }
  const event = newEvent(
    'attested',
    { type: 'criterion', node: node.id, criterion: criterion.id },
    { result: { response: statement }, context: eventContext(session), now: session.host.clock(), host: session.host },
  );
  return { ...(await commit(session, node.id, event)), event };
}

// A public address: http(s), and a host name with a dot (not localhost, not a bare word).
function hasLink(text: string): boolean {
  return (text.match(/https?:\/\/\S+/gi) ?? []).some((candidate) => {
    try {
      const { hostname } = new URL(candidate);
      return /\.[a-z]{2,}$/i.test(hostname);
    } catch {
      return false;
    }
  });
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A journal entry to write. */
export interface NewJournalEntry {
  node: Node | undefined;
  title: string | undefined;
  tags: string[];
  /** Share it with the cohort's mentors (team mode). */
  shared?: boolean;
  body: string;
  /** Keep an entry shorter than the minimum (a quick note that proves nothing). */
  allowShort?: boolean;
}

/** Words a journal entry needs without `allowShort`: the node's journal criterion's, else a few sentences' worth. */
export const DEFAULT_MIN_WORDS = 10;

/** The fewest words a new entry about a node may have: what its journal criterion asks, or the default. */
export function minimumWords(node: Node | undefined): number {
  const criterion = node?.criteria.find((c) => c.kind === 'journal');
  return criterion && criterion.kind === 'journal' ? criterion.minWords : DEFAULT_MIN_WORDS;
}

/** Writes a journal entry file and projects the state again; warns when it is shorter than the node's journal criterion asks. */
export async function addJournalEntry(
  session: Session,
  input: NewJournalEntry,
): Promise<Outcome & { entry: { path: string; node: string | null; date: string; words: number }; short: string | undefined }> {
  const body = input.body.trim();
  if (countWords(body) === 0)
    throw new TrailError('ENTRY_TOO_SHORT', 'the entry is empty; nothing was saved', 'write some text with --text "…" or in your editor');
  const { node } = input;
  const minimum = minimumWords(node);
  if (!input.allowShort && countWords(body) < minimum) {
    throw new TrailError(
      'ENTRY_TOO_SHORT',
      `the entry has ${countWords(body)} word(s); ${node ? `"${node.id}" asks for ${minimum} in one entry` : `an entry needs ${minimum} at least`}; nothing was saved`,
      `write more — what you did, what you found, what is still unclear — or keep it as a short note with --allow-short`,
    );
  }
  const date = session.host.clock();
  const shared = input.shared === true;
  const draft = { node: node?.id, title: input.title, tags: input.tags, shared, body, date };
  const text = await journalEntryText(draft);
  // The file is the record: it is not written for a request whose client went away.
  session.signal?.throwIfAborted();
  const path = await session.store.records.journal.create(journalStem(draft), text);
  await session.wrote?.(path);
  const words = countWords(body);
  const distinct = countDistinctWords(body);
  const entry = { path, node: node?.id, date: date.toISOString(), words, distinct, title: input.title, tags: input.tags, shared, body };
  const outcome = await commit({ ...session, journal: [...session.journal, entry] }, node?.id);
  const needed = node?.criteria.find((criterion) => criterion.kind === 'journal');
  const short =
    needed && needed.kind === 'journal' && words < needed.minWords
      ? `This entry has ${words} words; "${node!.id}" asks for ${needed.minWords} in one entry. Add another entry or edit ${path}.`
      : needed && distinct < distinctWordsNeeded(words)
        ? `This entry repeats itself: ${words} words but only ${distinct} different ones, so it does not count for "${node!.id}". Write it in your own words, or edit ${path}.`
        : undefined;
  return { ...outcome, entry: { path, node: node?.id ?? null, date: entry.date, words }, short };
}

/** Skips an optional node; required nodes cannot be skipped. */
export async function skip(session: Session, node: Node): Promise<Outcome & { event: TrailEvent }> {
  if (!node.optional) {
    throw new TrailError(
      'NOT_OPTIONAL',
      `"${node.id}" is required, so it cannot be skipped`,
      'only nodes marked optional can be skipped; practice mode (`trail practice on`) opens everything instead',
    );
  }
  const event = newEvent('skipped', { type: 'node', node: node.id }, { context: eventContext(session), now: session.host.clock(), host: session.host });
  return { ...(await commit(session, node.id, event)), event };
}

/** Turns practice mode on or off; events made in it say so. */
export async function setPractice(session: Session, enabled: boolean): Promise<Outcome & { event: TrailEvent }> {
  const event = newEvent(
    'practiced',
    { type: 'track', track: session.track.id },
    { result: { enabled }, context: eventContext(session), now: session.host.clock(), host: session.host },
  );
  return { ...(await commit(session, undefined, event)), event };
}

/** The hints of a node's exercise the learner has revealed so far, and how many it has. */
export function hintsOf(session: Session, node: Node): { total: number; shown: string[] } {
  const hints = node.exercise?.hints ?? [];
  const count = Math.min(session.progress.nodes.get(node.id)?.hintsShown ?? 0, hints.length);
  return { total: hints.length, shown: hints.slice(0, count) };
}

/** Reveals the next hint of a node's exercise, recorded as a `hinted` event; when all are shown, records nothing. */
export async function revealHint(session: Session, node: Node): Promise<Outcome & { hints: { total: number; shown: string[] }; revealed: number | null }> {
  const before = hintsOf(session, node);
  if (before.total === 0) {
    throw new TrailError('NO_HINTS', `node "${node.id}" has no hints`, `\`trail show ${node.id}\` shows its exercise and criteria`);
  }
  if (before.shown.length === before.total) {
    const state = session.state.nodes.find((candidate) => candidate.id === node.id);
    return { node: state, before: state?.status, unlocked: [], session, exported: [], warnings: [], hints: before, revealed: null };
  }
  const hint = before.shown.length + 1;
  const event = newEvent(
    'hinted',
    { type: 'node', node: node.id },
    { result: { hint, of: before.total }, context: eventContext(session), now: session.host.clock(), host: session.host },
  );
  const outcome = await commit(session, node.id, event);
  return { ...outcome, hints: hintsOf(outcome.session, node), revealed: hint };
}
