import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { monotonicFactory } from 'ulid';
import type { EventObject, TrailEvent } from '../core/events.js';
import { appendEvents } from '../store/event-log.js';
import type { Host } from './session.js';
import type { Workspace } from './workspace.js';

let actor: string | undefined;

/** Who acts in personal mode: the operating-system user. */
export function localActor(): { name: string } {
  if (actor === undefined) {
    try {
      actor = userInfo().username;
    } catch {
      actor = 'learner';
    }
  }
  return { name: actor };
}

// ulid draws one random number per character; taking them from a pool of random bytes costs an
// id a microsecond where asking the system for each costs tens (the server makes many).
let pool = Buffer.alloc(0);
let drawn = 0;
function random(): number {
  if (drawn + 4 > pool.length) {
    pool = randomBytes(4096);
    drawn = 0;
  }
  const value = pool.readUInt32LE(drawn) / 0x100000000;
  drawn += 4;
  return value;
}

// Ids of events made in the same millisecond by this process increase with each event, so a
// reader of the log finds new events after those it has applied (and need not replay the log).
let monotonic = monotonicFactory(random);
let latest = 0;

/**
 * A ULID for an event at `time`: increasing within this process while time does not go back.
 * When it does (a clock set back, or another run of `trail` in this process with a clock of its
 * own), ids start increasing again from that time, so events made together keep their order.
 */
export function eventId(time: number): string {
  if (time < latest) monotonic = monotonicFactory(random);
  latest = time;
  return monotonic(time);
}

/** Builds an event made at `now` (from the host's clock) by the host's actor (else the operating-system user), with a fresh time-ordered id. */
export function newEvent(
  verb: TrailEvent['verb'],
  object: EventObject,
  options: { result?: Record<string, unknown>; context?: TrailEvent['context']; now: Date; host: Pick<Host, 'actor'> },
): TrailEvent {
  const { now } = options;
  const event: TrailEvent = { id: eventId(now.getTime()), timestamp: now.toISOString(), actor: options.host.actor ?? localActor(), verb, object };
  if (options.result) event.result = options.result;
  if (options.context) event.context = options.context;
  return event;
}

/** Appends events to the workspace's log. */
export function record(workspace: Workspace, ...events: TrailEvent[]): void {
  appendEvents(workspace.eventsPath, events);
}
