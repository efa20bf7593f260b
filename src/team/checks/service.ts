import type { Clock } from '../../core/clock.js';
import type { TeamDatabase } from '../db.js';
import { followJobs, pollingFollower, type JobFollower } from './follow.js';
import { localQueue, startLocalRunner } from './local-runner.js';
import { prepareCheckQueue } from './prepare.js';
import { teamEventSink } from './sink.js';
import { kyselySql } from './sql.js';
import { graphileQueue, type QueueAdd, type SqlPool } from './store.js';

/** What a team server's check routes need: the database, how jobs are queued, how streams wake. */
export interface TeamChecks {
  sql: SqlPool;
  queue: QueueAdd;
  follower: JobFollower;
  /** Who runs the checks: `workers` (separate processes) or `server` (this process, on PGlite). */
  runBy: 'workers' | 'server';
  close(): Promise<void>;
}

/**
 * Sets up checks for a team server: on PostgreSQL the graphile-worker queue (its schema is made
 * or upgraded here) and a LISTEN connection, the checks run by `trail team worker` processes; on
 * the embedded PGlite database, which no other process can open, a runner in this process.
 */
export async function openTeamChecks(
  database: TeamDatabase,
  options: { url?: string | undefined; tmpDir: string; env: NodeJS.ProcessEnv; clock: Clock; log?: (line: string) => void },
): Promise<TeamChecks> {
  const sql = kyselySql(database.db);
  if (database.kind === 'postgres' && options.url) {
    await prepareCheckQueue(options.url);
    const follower = await followJobs(options.url);
    return { sql, queue: graphileQueue, follower, runBy: 'workers', close: () => follower.close() };
  }
  const runner = await startLocalRunner({
    sql,
    events: teamEventSink,
    tmpDir: options.tmpDir,
    env: options.env,
    clock: options.clock,
    ...(options.log ? { log: options.log } : {}),
  });
  return { sql, queue: localQueue, follower: pollingFollower(), runBy: 'server', close: () => runner.stop() };
}
