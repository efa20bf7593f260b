/**
 * Learner actions, one JSON object per line of the workspace's event log. The shape follows
 * xAPI (actor, verb, object, result, timestamp, context) so that history can be exported as
 * statements; fields this version does not know are kept as they are.
 */
export interface TrailEvent {
  id: string;
  timestamp: string;
  actor: { name: string; role?: string };
  verb: Verb | (string & {});
  object: EventObject;
  result?: Record<string, unknown>;
  context?: { track?: string; trackVersion?: string; practice?: boolean; [key: string]: unknown };
  [unknown: string]: unknown;
}

/** What an event is about: a whole track, a node, one criterion of a node, or one question of a quiz criterion. */
export interface EventObject {
  type: 'track' | 'node' | 'criterion' | 'question' | (string & {});
  node?: string;
  criterion?: string;
  question?: string;
  [unknown: string]: unknown;
}

export type Verb =
  /** The learner affirmed an attest criterion in their own words (result.response). */
  | 'attested'
  /** The learner skipped an optional node. */
  | 'skipped'
  /** Progress of a node (object.node) or of the whole track (object.type "track") starts over. */
  | 'reset'
  /** Practice mode turned on or off (result.enabled). */
  | 'practiced'
  /** A quiz was taken (result.score.scaled, 0..1; result.success: whether it passed). */
  | 'completed-quiz'
  /** One quiz question was answered (object.type "question"; result: response, success, durationMs, hinted). */
  | 'answered'
  /** A review card was answered (object.type "question"; result: response, success, durationMs, rating). */
  | 'reviewed-card'
  /** Review settings changed (result.includeCorrect: whether correctly answered questions become cards). */
  | 'review-settings'
  /** Export settings changed (result.auto: whether records are exported after a node is done). */
  | 'export-settings'
  /** An exercise check ran (result.status: pass | fail | error | timeout). */
  | 'checked'
  /** An experiment run was logged (result.metrics: { name: value }). */
  | 'experimented'
  /** The learner revealed the next hint of a node's exercise (result.hint: its number, from 1). */
  | 'hinted'
  /** The tutor's solution guard held part of a reply back (result.mode, result.share). */
  | 'tutor-guarded'
  /** A mentor signed a node off (result.approved). */
  | 'reviewed'
  /** The track changed since the workspace last saw it (result: the changes). */
  | 'track-updated';

/** A problem found while reading an event log: the line is kept in the file and left out of the state. */
export interface LogProblem {
  line: number;
  kind: 'torn' | 'invalid';
  message: string;
}

/** Orders events by time, then id, so that two machines' logs merged in any order project alike. */
export function byTime(a: TrailEvent, b: TrailEvent): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Merges event lists by id (the union two synced machines share), in time order. */
export function mergeEvents(...logs: TrailEvent[][]): TrailEvent[] {
  const byId = new Map<string, TrailEvent>();
  for (const log of logs) for (const event of log) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(byTime);
}
