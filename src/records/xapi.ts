import { createHash } from 'node:crypto';
import { renamesOf } from '../core/changes.js';
import type { JournalEntryRef } from '../core/criteria.js';
import { byTime, type TrailEvent } from '../core/events.js';
import { buildGraph } from '../core/graph.js';
import { applyEvents, emptyProgress, renameResolver } from '../core/progress.js';
import { computeState } from '../core/status.js';
import type { Track } from '../core/track.js';

/** Where activity IRIs start unless `--activity-base` says otherwise. */
export const DEFAULT_ACTIVITY_BASE = 'https://trailguide.invalid';
/** The account home page of local learners (personal mode has no identity provider). */
export const ACCOUNT_HOME_PAGE = 'https://trailguide.invalid/local';
/** Trailguide's own extension keys (xAPI extension keys must be IRIs). */
export const EXTENSION_BASE = 'https://trailguide.invalid/xapi/extensions/';
/** The xAPI version statements follow; sent as the `X-Experience-API-Version` header. */
export const XAPI_VERSION = '1.0.3';

const ADL = 'http://adlnet.gov/expapi/verbs/';
/** Verb IRIs used: the ADL vocabulary, plus cmi5's `waived` (cmi5 defines it under w3id.org). */
export const VERBS = {
  answered: `${ADL}answered`,
  attempted: `${ADL}attempted`,
  commented: `${ADL}commented`,
  completed: `${ADL}completed`,
  experienced: `${ADL}experienced`,
  failed: `${ADL}failed`,
  passed: `${ADL}passed`,
  responded: `${ADL}responded`,
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
} as const;

type VerbName = keyof typeof VERBS;

const ACTIVITY = 'http://adlnet.gov/expapi/activities/';
const CRITERION_TYPES: Record<string, string> = { quiz: `${ACTIVITY}assessment`, check: `${ACTIVITY}performance` };

// Verbs whose events can turn a node done or not done (the criteria read nothing else from the log).
const CHANGES_DONE: ReadonlySet<string> = new Set(['attested', 'skipped', 'reset', 'completed-quiz', 'checked', 'experimented', 'reviewed']);

// A fixed namespace makes ids name-based (UUID version 5): the same event always gives the same id.
const NAMESPACE = '5b0b8f7e-3c39-4f0e-9a55-6f3c1b8f2d41';

/** A language map (xAPI): language tag → text. */
export type LanguageMap = Record<string, string>;

/** An xAPI 1.0.3 Agent identified by an account. */
export interface XapiAgent {
  objectType: 'Agent';
  name: string;
  account: { homePage: string; name: string };
}

/** An xAPI Activity: an IRI with a name and an activity type. */
export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition: { name: LanguageMap; type: string };
}

/** The result part of a statement. */
export interface XapiResult {
  score?: { scaled?: number; raw?: number; min?: number; max?: number };
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: Record<string, unknown>;
}

/** An xAPI 1.0.3 statement as Trailguide writes it. */
export interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: LanguageMap };
  object: XapiActivity;
  result?: XapiResult;
  context: {
    platform: string;
    instructor?: XapiAgent;
    contextActivities?: { parent?: XapiActivity[]; grouping?: XapiActivity[] };
    extensions?: Record<string, unknown>;
  };
  timestamp: string;
}

/** What the mapping needs: the log, the current track, journal entries and naming options. */
export interface XapiInput {
  events: readonly TrailEvent[];
  track: Track;
  journal: readonly JournalEntryRef[];
  /** Base of activity IRIs (default DEFAULT_ACTIVITY_BASE). */
  activityBase?: string;
  /** The learner of the workspace, for events recorded by someone else (a mentor's sign-off). */
  learner: string;
}

/** A name-based UUID (version 5, SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds as an ISO 8601 duration to hundredths of a second (xAPI keeps 0.01 s): 1500 → "PT1.5S". */
export function isoDuration(ms: number): string {
  const hundredths = Math.round(Math.max(0, ms) / 10);
  const hours = Math.floor(hundredths / 360000);
  const minutes = Math.floor((hundredths % 360000) / 6000);
  const seconds = (hundredths % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}

/** Checks that an activity base is an absolute http(s) IRI; returns it without a trailing slash. */
export function activityBaseOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

// Something that happened at a time: an event of the log, or a journal entry (files, not events).
type Happening = { key: string; timestamp: string; event: TrailEvent } | { key: string; timestamp: string; entry: JournalEntryRef };

/**
 * Maps a learner's history to xAPI statements, in time order (docs/xapi.md has the table).
 * Completions are derived: whenever the projection of the log turns a node done, a `completed`
 * statement follows the event (or journal entry) that did it; likewise for the whole track.
 */
export function toStatements(input: XapiInput): XapiStatement[] {
  const { track } = input;
  const base = `${input.activityBase ?? DEFAULT_ACTIVITY_BASE}/tracks/${encodeURIComponent(track.id)}`;
  const resolve = renameResolver(renamesOf(track));
  const graph = buildGraph(track);
  const nodesById = new Map(track.nodes.map((node) => [node.id, node]));
  const trackActivity: XapiActivity = { objectType: 'Activity', id: base, definition: { name: { en: track.title }, type: `${ACTIVITY}course` } };

  const nodeActivity = (id: string): XapiActivity => ({
    objectType: 'Activity',
    id: `${base}/nodes/${encodeURIComponent(id)}`,
    definition: { name: { en: nodesById.get(id)?.title ?? id }, type: `${ACTIVITY}module` },
  });
  const criterionActivity = (node: string, criterion: string): XapiActivity => {
    const kind = nodesById.get(node)?.criteria.find((c) => c.id === criterion)?.kind;
    return {
      objectType: 'Activity',
      id: `${nodeActivity(node).id}/criteria/${encodeURIComponent(criterion)}`,
      definition: { name: { en: `${nodesById.get(node)?.title ?? node}: ${criterion}` }, type: (kind && CRITERION_TYPES[kind]) ?? `${ACTIVITY}objective` },
    };
  };
  const questionActivity = (node: string, criterion: string | undefined, question: string): XapiActivity => ({
    objectType: 'Activity',
    // Questions belong to a quiz criterion; an event without one hangs the question off the node.
    id: `${criterion ? criterionActivity(node, criterion).id : nodeActivity(node).id}/questions/${encodeURIComponent(question)}`,
    definition: { name: { en: `${nodesById.get(node)?.title ?? node}: question ${question}` }, type: `${ACTIVITY}cmi.interaction` },
  });

  // The object of an event and the activities it sits in (parent, then the track as grouping).
  const placeOf = (event: TrailEvent): { object: XapiActivity; parent: XapiActivity | undefined } => {
    const { object } = event;
    if (typeof object.node !== 'string') return { object: trackActivity, parent: undefined };
    const node = resolve(object.node);
    const criterion = typeof object.criterion === 'string' ? object.criterion : undefined;
    if (typeof object.question === 'string') {
      return { object: questionActivity(node, criterion, object.question), parent: criterion ? criterionActivity(node, criterion) : nodeActivity(node) };
    }
    if (criterion) return { object: criterionActivity(node, criterion), parent: nodeActivity(node) };
    return { object: nodeActivity(node), parent: trackActivity };
  };

  const statement = (
    id: string,
    actorName: string,
    verb: VerbName,
    timestamp: string,
    place: { object: XapiActivity; parent: XapiActivity | undefined },
    result: XapiResult | undefined,
    extensions: Record<string, unknown>,
  ): XapiStatement => {
    const contextActivities: NonNullable<XapiStatement['context']['contextActivities']> = {};
    if (place.parent) contextActivities.parent = [place.parent];
    if (place.object.id !== trackActivity.id && place.parent?.id !== trackActivity.id) contextActivities.grouping = [trackActivity];
    const context: XapiStatement['context'] = { platform: 'Trailguide' };
    if (Object.keys(contextActivities).length > 0) context.contextActivities = contextActivities;
    const known = Object.entries(extensions).filter(([, value]) => value !== undefined);
    if (known.length > 0) context.extensions = Object.fromEntries(known.map(([name, value]) => [`${EXTENSION_BASE}${name}`, value]));
    const built: XapiStatement = {
      id,
      actor: agent(actorName),
      verb: { id: VERBS[verb], display: { en: verb } },
      object: place.object,
      context,
      timestamp: isoTimestamp(timestamp),
    };
    if (result && Object.keys(result).length > 0) built.result = result;
    return built;
  };

  const timeline: Happening[] = [
    ...[...input.events].sort(byTime).map((event) => ({ key: event.id, timestamp: event.timestamp, event })),
    ...input.journal.map((entry) => ({ key: `journal:${entry.path}`, timestamp: journalTime(entry.date), entry })),
  ].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const statements: XapiStatement[] = [];
  const progress = emptyProgress();
  const journalSoFar: JournalEntryRef[] = [];
  // Supported kinds only turn "unmet" into "pending": neither is met, so done-ness does not depend on them.
  const statusOf = () => computeState({ track, graph, progress, journal: journalSoFar, supported: new Set() });
  let before = statusOf();
  let trackDone = isTrackDone(before.progress);
  for (const happening of timeline) {
    let actor: string;
    const trackContext: Record<string, unknown> = {};
    if ('entry' in happening) {
      const { entry } = happening;
      journalSoFar.push(entry);
      actor = input.learner;
      const node = entry.node ? resolve(entry.node) : undefined;
      const place = node ? { object: nodeActivity(node), parent: trackActivity } : { object: trackActivity, parent: undefined };
      // The entry's text stays in the learner's files; the record says that a reflection of so many words exists.
      statements.push(
        statement(
          uuidV5(happening.key),
          actor,
          'commented',
          happening.timestamp,
          place,
          { extensions: { [`${EXTENSION_BASE}words`]: entry.words } },
          { 'journal-path': entry.path },
        ),
      );
    } else {
      const { event } = happening;
      actor = event.actor?.name ?? input.learner;
      Object.assign(trackContext, { 'track-version': event.context?.trackVersion, practice: event.context?.practice });
      const mapped = mapEvent(event, input.learner);
      if (mapped) {
        statements.push(
          statement(uuidV5(event.id), mapped.actor ?? actor, mapped.verb, event.timestamp, placeOf(event), mapped.result, {
            ...trackContext,
            ...mapped.extensions,
          }),
        );
        if (mapped.instructor) statements.at(-1)!.context.instructor = agent(mapped.instructor);
        if (mapped.actor) actor = mapped.actor;
      }
      applyEvents(progress, [event], resolve);
    }
    // Only some events can change whether a node is done; the others skip the projection.
    if ('event' in happening && !CHANGES_DONE.has(happening.event.verb)) continue;
    const after = statusOf();
    after.nodes.forEach((state, i) => {
      if (state.status === 'done' && before.nodes[i]!.status !== 'done') {
        const place = { object: nodeActivity(state.id), parent: trackActivity };
        statements.push(
          statement(uuidV5(`${happening.key}/completed/${state.id}`), actor, 'completed', happening.timestamp, place, { completion: true }, trackContext),
        );
      }
    });
    const nowDone = isTrackDone(after.progress);
    if (nowDone && !trackDone) {
      statements.push(
        statement(
          uuidV5(`${happening.key}/completed`),
          actor,
          'completed',
          happening.timestamp,
          { object: trackActivity, parent: undefined },
          { completion: true },
          trackContext,
        ),
      );
    }
    trackDone = nowDone;
    before = after;
  }
  return statements;
}

function isTrackDone(progress: { required: number; requiredDone: number }): boolean {
  return progress.required > 0 && progress.requiredDone === progress.required;
}

function agent(name: string): XapiAgent {
  return { objectType: 'Agent', name, account: { homePage: ACCOUNT_HOME_PAGE, name } };
}

// Dates without a time (hand-written journal entries) sit at the start of their day, never in the future.
function journalTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : isoTimestamp(date);
}

function isoTimestamp(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

interface Mapped {
  verb: VerbName;
  result?: XapiResult;
  extensions?: Record<string, unknown>;
  /** The statement's actor when it is not the event's (a mentor signs off the learner's work). */
  actor?: string;
  instructor?: string;
}

/** The statement an event makes, or undefined for bookkeeping events (docs/xapi.md lists which). */
function mapEvent(event: TrailEvent, learner: string): Mapped | undefined {
  const result = event.result ?? {};
  const duration = typeof result.durationMs === 'number' && Number.isFinite(result.durationMs) ? isoDuration(result.durationMs) : undefined;
  switch (event.verb) {
    case 'attested':
      return { verb: 'responded', result: compact({ response: responseOf(result.response), completion: true }) };
    case 'skipped':
      return { verb: 'waived' };
    case 'answered':
    case 'reviewed-card':
      return {
        verb: 'answered',
        result: compact({ success: booleanOf(result.success), response: responseOf(result.response), duration }),
        extensions:
          event.verb === 'reviewed-card' ? { review: true, rating: result.rating } : { attempt: event.context?.attempt, hinted: booleanOf(result.hinted) },
      };
    case 'completed-quiz': {
      const success = booleanOf(result.success);
      return {
        verb: success ? 'passed' : 'failed',
        result: compact({ score: scoreOf(result.score), success: success ?? false, completion: true, duration }),
        extensions: { attempt: event.context?.attempt },
      };
    }
    case 'checked': {
      const status = result.status;
      const extensions = { status, 'run-id': result.runId };
      if (status === 'pass') return { verb: 'passed', result: compact({ success: true, completion: true, duration }), extensions };
      if (status === 'fail' || status === 'timeout') return { verb: 'failed', result: compact({ success: false, completion: true, duration }), extensions };
      // A run that could not judge the work (error) says the learner tried, not how well.
      return { verb: 'attempted', result: compact({ completion: false, duration }), extensions };
    }
    case 'experimented':
      return {
        verb: 'experienced',
        result: { extensions: { [`${EXTENSION_BASE}metrics`]: typeof result.metrics === 'object' && result.metrics !== null ? result.metrics : {} } },
        extensions: { 'run-id': result.runId, source: result.source, criterion: result.criterion },
      };
    case 'reviewed': {
      if (typeof result.approved !== 'boolean') return undefined;
      return {
        verb: result.approved ? 'passed' : 'failed',
        result: { success: result.approved, completion: true },
        actor: learner,
        instructor: event.actor?.name,
      };
    }
    default:
      // reset, practiced, review-settings, track-updated and unknown verbs are bookkeeping, not learning.
      return undefined;
  }
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function booleanOf(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

// xAPI responses are strings; other answers (choices, numbers) are kept as their JSON text.
function responseOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function scoreOf(value: unknown): XapiResult['score'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const score = value as Record<string, unknown>;
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const built = compact({ scaled: number(score.scaled), raw: number(score.raw), min: number(score.min), max: number(score.max) });
  return Object.keys(built).length > 0 ? built : undefined;
}
