// A learner's events as their mentor reads them: one line of what happened each, newest first,
// and the checks whose latest run did not pass. Pure: events and progress are passed in.

import type { TrailEvent } from './events.js';
import type { Progress } from './progress.js';

/** One event as a line of the mentor's timeline. */
export interface TimelineEntry {
  id: string;
  at: string;
  verb: string;
  node: string | null;
  summary: string;
}

/** A check criterion whose latest run failed, errored or timed out. */
export interface FailingCheck {
  criterion: string;
  status: 'fail' | 'error' | 'timeout';
}

// A statement is the learner's own words, worth reading in full up to a paragraph.
const clip = (text: string) => (text.length > 280 ? `${text.slice(0, 279).trimEnd()}…` : text.trim());

const percent = (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : '?');

/** What an event says in a few words, in the mentor's view of the learner ("passed the quiz quiz-1 (80%)"). */
export function describeEvent(event: TrailEvent): string {
  const { object, result = {} } = event;
  const criterion = object.criterion ?? object.question ?? '';
  switch (event.verb) {
    case 'attested':
      return `affirmed ${criterion}${typeof result.response === 'string' ? `: “${clip(result.response)}”` : ''}`;
    case 'skipped':
      return 'skipped the node';
    case 'reset':
      return object.type === 'track' ? 'started the track over' : 'started the node over';
    case 'practiced':
      return result.enabled ? 'turned practice mode on' : 'turned practice mode off';
    case 'completed-quiz': {
      const score = (result.score as { scaled?: unknown } | undefined)?.scaled;
      return `${result.success === false ? 'failed' : result.success ? 'passed' : 'took'} the quiz ${criterion} (${percent(score)})`;
    }
    case 'answered':
      return `answered ${criterion} ${result.success ? 'right' : 'wrong'}`;
    case 'reviewed-card':
      return `reviewed ${criterion}${typeof result.rating === 'string' ? ` (${result.rating})` : ''}`;
    case 'checked':
      return `ran the check ${criterion}: ${String(result.status)}`;
    case 'experimented':
      return `logged an experiment run (${Object.keys((result.metrics as object | undefined) ?? {}).length} metrics)`;
    case 'hinted':
      return `revealed hint ${String(result.hint)}`;
    case 'tutor-guarded':
      return 'the tutor held back part of a solution';
    case 'reviewed': {
      const comment = typeof result.comment === 'string' && result.comment.trim() ? `: “${result.comment.trim()}”` : '';
      return `${result.approved ? 'signed off' : 'sent back'} ${criterion} (${event.actor.name})${comment}`;
    }
    case 'track-updated':
      return 'the track was updated';
    default:
      return event.verb;
  }
}

/** The events as timeline entries, newest first (ties by id, so the order is stable). */
export function timeline(events: readonly TrailEvent[]): TimelineEntry[] {
  return [...events]
    .sort((a, b) => (a.timestamp !== b.timestamp ? (a.timestamp < b.timestamp ? 1 : -1) : a.id < b.id ? 1 : -1))
    .map((event) => ({ id: event.id, at: event.timestamp, verb: event.verb, node: event.object.node ?? null, summary: describeEvent(event) }));
}

/** When the learner last acted, or null if never: a mentor's sign-off or an update of the track is not the learner's doing. */
export function lastEventAt(events: readonly TrailEvent[]): string | null {
  let latest: string | null = null;
  for (const event of events) {
    if (event.actor.role === 'mentor' || event.verb === 'reviewed' || event.verb === 'track-updated') continue;
    if (latest === null || event.timestamp > latest) latest = event.timestamp;
  }
  return latest;
}

/** Per node, the first check criterion whose latest run (since the node's last reset) did not pass. */
export function failingChecks(progress: Progress): Record<string, FailingCheck> {
  const failing: Record<string, FailingCheck> = {};
  for (const [node, state] of progress.nodes) {
    for (const [criterion, status] of state.checks) {
      if (status === 'fail' || status === 'error' || status === 'timeout') {
        failing[node] = { criterion, status };
        break;
      }
    }
  }
  return failing;
}
