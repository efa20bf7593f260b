import type { VerifiedEventSink } from './run-job.js';

/**
 * Appends a verified run's events to the learner's events in the team database: the store of a
 * learner and a track (owner `<user id>:<track>`), idempotent by event id.
 */
export const teamEventSink: VerifiedEventSink = async (sql, learner, track, events) => {
  for (const event of events) {
    await sql.query(`insert into events (owner, id, actor, body) values ($1, $2, $3, $4) on conflict (owner, id) do nothing`, [`${learner}:${track}`, event.id, event.actor.name, JSON.stringify(event)]);
  }
};
