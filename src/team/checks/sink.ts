import type { VerifiedEventSink } from './run-job.js';

/** Appends a verified run's events to the learner's events in the team database (idempotent by event id). */
export const teamEventSink: VerifiedEventSink = async (sql, learner, track, events) => {
  for (const event of events) {
    await sql.query(`insert into events (id, learner, track, event) values ($1, $2, $3, $4) on conflict (id) do nothing`, [event.id, learner, track, JSON.stringify(event)]);
  }
};
