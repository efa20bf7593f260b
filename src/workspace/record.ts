import { userInfo } from 'node:os';
import { ulid } from 'ulid';
import type { EventObject, TrailEvent } from '../core/events.js';
import { appendEvents } from './event-log.js';
import type { Workspace } from './workspace.js';

/** Who acts in personal mode: the operating-system user. */
export function localActor(): { name: string } {
  try {
    return { name: userInfo().username };
  } catch {
    return { name: 'learner' };
  }
}

/** Builds an event with a fresh time-ordered id. */
export function newEvent(
  verb: TrailEvent['verb'],
  object: EventObject,
  options: { result?: Record<string, unknown>; context?: TrailEvent['context']; now?: Date } = {},
): TrailEvent {
  const now = options.now ?? new Date();
  const event: TrailEvent = { id: ulid(now.getTime()), timestamp: now.toISOString(), actor: localActor(), verb, object };
  if (options.result) event.result = options.result;
  if (options.context) event.context = options.context;
  return event;
}

/** Appends events to the workspace's log. */
export function record(workspace: Workspace, ...events: TrailEvent[]): void {
  appendEvents(workspace.eventsPath, events);
}
