import { createHash } from 'node:crypto';
import { ownerOf } from '../cohorts.js';
import type { VerifiedEventSink } from './run-job.js';

/**
 * Appends a verified run's events to the learner's events in the team database (the store of a
 * learner's track), idempotent by event id, and keeps its run record, its result and the files it produced
 * beside the learner's other runs (so the node page and the experiments list show it). It takes
 * the owner's lock as the SQL store's appends do, so that sequence numbers (the cursors) commit
 * in order.
 */
export const teamEventSink: VerifiedEventSink = async (sql, learner, track, events, run) => {
  const owner = ownerOf(learner, track);
  await sql.query(`insert into runs (owner, id, record) values ($1, $2, $3) on conflict (owner, id) do nothing`, [
    owner,
    run.record.id,
    JSON.stringify(run.record),
  ]);
  await sql.query(`insert into run_results (owner, id, result) values ($1, $2, $3) on conflict (owner, id) do nothing`, [
    owner,
    run.record.id,
    JSON.stringify(run.result),
  ]);
  for (const bytes of run.artifacts)
    await sql.query(`insert into artifacts (owner, sha256, bytes) values ($1, $2, $3) on conflict (owner, sha256) do nothing`, [
      owner,
      createHash('sha256').update(bytes).digest('hex'),
      bytes,
    ]);
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [owner]);
  for (const event of events) {
    await sql.query(`insert into events (owner, id, actor, body) values ($1, $2, $3, $4) on conflict (owner, id) do nothing`, [
      owner,
      event.id,
      event.actor.name,
      JSON.stringify(event),
    ]);
  }
};
