import { TrailError } from '../core/errors.js';

/** The time commands record and schedule by: now, or `TRAIL_NOW` (an ISO date), a hook for tests. */
export function clock(): Date {
  const fixed = process.env.TRAIL_NOW;
  if (!fixed) return new Date();
  const time = new Date(fixed);
  if (Number.isNaN(time.getTime())) throw new TrailError('USAGE', `TRAIL_NOW is not a date: "${fixed}"`, 'unset it, or give an ISO date such as 2026-11-23T10:00:00Z');
  return time;
}
