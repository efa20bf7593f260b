import { hostname } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { runAttempt, type VerifiedEventSink } from './run-job.js';
import { addJobEvent, type QueueAdd, type SqlPool } from './store.js';

/** Jobs for the in-process runner need no queue of their own: it reads them from the job table. */
export const localQueue: QueueAdd = async () => undefined;

/** What the in-process runner runs checks with. */
export interface LocalRunnerOptions {
  sql: SqlPool;
  events: VerifiedEventSink;
  tmpDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** How often to look for a job (ms). */
  pollMs?: number;
  log?: (line: string) => void;
}

/** The in-process runner of a team server on the embedded database. */
export interface LocalRunner {
  id: string;
  /** Takes no more jobs and waits for the running one. */
  stop(): Promise<void>;
}

/**
 * Runs check jobs one at a time inside the team server's process. It is what a server on the
 * embedded database (PGlite) does: no other process can reach that database, so there are no
 * workers; the jobs, their attempts, backoff, dead letters and streams are the same.
 */
export async function startLocalRunner(options: LocalRunnerOptions): Promise<LocalRunner> {
  const { sql, clock } = options;
  const id = `server ${hostname()}/${process.pid}`;
  const log = options.log ?? (() => undefined);
  // An attempt the server was running when it stopped failed; the next one starts afresh.
  const { rows: interrupted } = await sql.query<{ id: string; attempts: number; max_attempts: number }>(
    `update check_jobs set state = case when attempts >= max_attempts then 'dead' else 'retrying' end, last_error = 'the server stopped during the attempt' where state = 'running' returning id, attempts, max_attempts`,
  );
  for (const job of interrupted)
    await addJobEvent(sql, job.id, job.attempts >= job.max_attempts ? 'dead' : 'retrying', {
      attempt: job.attempts,
      of: job.max_attempts,
      worker: id,
      error: 'the server stopped during the attempt',
    });
  const notBefore = new Map<string, number>();
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const next = async () => {
    const { rows } = await sql.query<{ id: string; attempts: number; max_attempts: number }>(
      `select id, attempts, max_attempts from check_jobs where state in ('queued', 'retrying') order by id limit 50`,
    );
    const now = clock().getTime();
    return rows.find((job) => (notBefore.get(job.id) ?? 0) <= now);
  };
  const loop = async () => {
    while (!stopped) {
      const job = await next().catch(() => undefined);
      if (!job) {
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
        continue;
      }
      const attempt = { job: job.id, attempt: job.attempts + 1, maxAttempts: job.max_attempts, worker: id };
      try {
        await runAttempt({ pool: sql, events: options.events, tmpDir: options.tmpDir, env: options.env, clock }, attempt);
        notBefore.delete(job.id);
      } catch (error) {
        // The same backoff as the PostgreSQL queue's: e^attempt seconds.
        notBefore.set(job.id, clock().getTime() + Math.exp(Math.min(attempt.attempt, 10)) * 1000);
        log(`job ${job.id}: attempt ${attempt.attempt} failed: ${(error as Error).message}`);
      }
    }
  };
  current = loop();
  return {
    id,
    stop: async () => {
      stopped = true;
      await current;
    },
  };
}
