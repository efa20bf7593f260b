import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { addJobEvent, type Sql, type SqlPool } from './store.js';

/**
 * A worker says it is alive by holding a session advisory lock on a connection of its own: when
 * its process dies, even by SIGKILL, the database closes that session and the lock is free. Any
 * other worker can then take the lock for a moment, and so knows the worker is gone.
 */
export interface Liveness {
  id: string;
  /** Adds a queue worker id (one per concurrent job) to what this process answers for. */
  addSlot(slot: string): Promise<void>;
  /** Lets go of the lock and records a clean stop. */
  release(): Promise<void>;
  /** Settles when the lock's connection is lost: the worker must stop, its jobs go to others. */
  lost: Promise<Error>;
}

/** Registers a worker process and takes its lock. */
export async function holdLiveness(pool: SqlPool, connectionString: string, concurrency: number): Promise<Liveness> {
  const id = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  const key = randomBytes(8).readBigInt64BE().toString();
  const client = new pg.Client({ connectionString, keepAlive: true, application_name: `trail-worker ${id}` });
  let lose: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (lose = resolve));
  client.on('error', (error) => lose(error));
  client.on('end', () => lose(new Error("the connection that holds the worker's lock closed")));
  await client.connect();
  await client.query('select pg_advisory_lock($1)', [key]);
  await pool.query('insert into check_workers (id, host, pid, concurrency, lock_key) values ($1, $2, $3, $4, $5)', [
    id,
    hostname(),
    process.pid,
    concurrency,
    key,
  ]);
  return {
    id,
    lost,
    addSlot: async (slot) => {
      await pool.query('update check_workers set slots = array_append(slots, $2) where id = $1', [id, slot]);
    },
    release: async () => {
      client.removeAllListeners('end');
      await pool.query(`update check_workers set stopped_at = now(), stop_reason = 'stopped' where id = $1 and stopped_at is null`, [id]);
      await client.end().catch(() => undefined);
    },
  };
}

/** A worker found gone, and what became of the jobs it was running. */
export interface Recovered {
  worker: string;
  retried: string[];
  dead: string[];
}

/**
 * Finds workers whose lock is free (their process is gone), marks them stopped, gives their
 * jobs back to the queue and records each job's attempt as failed: `retrying`, or `dead` when
 * it was the last. Safe to run from every worker at once: a gone worker is handled by one.
 */
export async function recoverVanished(pool: SqlPool, me: string): Promise<Recovered[]> {
  return pool.transaction(async (sql) => {
    const { rows } = await sql.query<{ id: string; slots: string[] }>(
      `update check_workers set stopped_at = now(), stop_reason = 'vanished'
       where id in (select id from check_workers where stopped_at is null and id <> $1 for update skip locked)
         and pg_try_advisory_xact_lock(lock_key)
       returning id, slots`,
      [me],
    );
    const recovered: Recovered[] = [];
    for (const worker of rows) recovered.push(await giveBack(sql, worker.id, worker.slots));
    return recovered;
  });
}

async function giveBack(sql: Sql, worker: string, slots: string[]): Promise<Recovered> {
  const reason = `worker ${worker} stopped answering (its connection to the database closed) during the attempt`;
  await sql.query('select graphile_worker.force_unlock_workers($1::text[])', [slots]);
  const { rows } = await sql.query<{ id: string; attempts: number; max_attempts: number }>(
    `update check_jobs set state = case when attempts >= max_attempts then 'dead' else 'retrying' end, last_error = $2,
       finished_at = case when attempts >= max_attempts then now() else null end
     where worker = $1 and state = 'running' returning id, attempts, max_attempts`,
    [worker, reason],
  );
  const dead = rows.filter((job) => job.attempts >= job.max_attempts);
  // The queue counted the attempt when it was taken; a job on its last one is failed for good there too.
  if (dead.length > 0)
    await sql.query(`select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs where key = any($1::text[])), $2)`, [
      dead.map((job) => job.id),
      reason,
    ]);
  for (const job of rows) {
    const last = job.attempts >= job.max_attempts;
    await addJobEvent(sql, job.id, last ? 'dead' : 'retrying', { attempt: job.attempts, of: job.max_attempts, worker, error: reason });
    if (last)
      await addJobEvent(sql, job.id, 'failure', { code: 'CHECK_NOT_RUN', message: `the check could not be run after ${job.attempts} attempt(s): ${reason}` });
  }
  return { worker, retried: rows.filter((job) => job.attempts < job.max_attempts).map((job) => job.id), dead: dead.map((job) => job.id) };
}
