import type { TrailEvent } from '../../core/events.js';

/**
 * An event as a learner may send it to a team server: a `checked` or `experimented` event that
 * claims to be verified loses the claim (only the server's workers write it), so a run on the
 * learner's own machine is always shown as reported.
 */
export function asReported(event: TrailEvent): TrailEvent {
  if (!event.result || !('provenance' in event.result)) return event;
  const { provenance: _claimed, ...result } = event.result;
  return { ...event, result };
}
