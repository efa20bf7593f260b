import { EventEmitter } from 'node:events';
import { Logger, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { Clock } from '../../core/clock.js';
import { holdLiveness, recoverVanished, type Recovered } from './liveness.js';
import { runAttempt, type VerifiedEventSink } from './run-job.js';
import { pgSql } from './sql.js';
import { CHECK_TASK } from './store.js';

/** How a worker process runs. */
export interface CheckWorkerOptions {
  connectionString: string;
  /** Checks run at once by this process. */
  concurrency: number;
  events: VerifiedEventSink;
  /** How often to look for new or retried jobs when no notification came (ms). */
  pollIntervalMs?: number;
  /** How often to look for workers that are gone (ms). */
  recoverEveryMs?: number;
  /** Where checks are laid out (the system's temporary folder). */
  tmpDir: string;
  /** The environment checks start from. */
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** What the worker has to say: each attempt's start and end, workers found gone. */
  log?: (line: string) => void;
}

/** A running worker process: its id, and how to stop it. */
export interface CheckWorker {
  id: string;
  /** Takes no more jobs, lets running checks finish, then lets go (SIGTERM). */
  stop(): Promise<void>;
  /** Settles when the worker has stopped, by `stop` or because it lost the database. */
  stopped: Promise<void>;
}

// graphile-worker's own messages below warnings are for its developers, not ours.
const quietLogger = (log: (line: string) => void) =>
  new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`queue ${level}: ${message}`);
  });

/** Starts a worker: holds its liveness lock, takes check jobs from the queue, and recovers the jobs of workers that vanished. */
export async function startCheckWorker(options: CheckWorkerOptions): Promise<CheckWorker> {
  const log = options.log ?? (() => undefined);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.concurrency + 4, keepAlive: true });
  pool.on('error', (error) => log(`database: ${error.message}`));
  const sql = pgSql(pool);
  const liveness = await holdLiveness(sql, options.connectionString, options.concurrency);
  const recover = async () => {
    try {
      for (const gone of await recoverVanished(sql, liveness.id)) log(describeRecovery(gone));
    } catch (error) {
      log(`could not look for vanished workers: ${(error as Error).message}`);
    }
  };
  await recover();
  const attemptOptions = { pool: sql, events: options.events, tmpDir: options.tmpDir, env: options.env, clock: options.clock };
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 2000,
    parsedCronItems: [],
    logger: quietLogger(log),
    events: new EventEmitter(),
    preset: {
      plugins: [
        {
          name: 'TrailWorkerSlots',
          version: '1.0.0',
          // Each queue worker is named to the database before it takes its first job, so a job it holds is never orphaned.
          worker: { hooks: { startWorker: async (_info, event) => liveness.addSlot(event.worker.workerId) } },
        },
      ],
    },
    taskList: {
      [CHECK_TASK]: async (payload, helpers) => {
        const job = (payload as { job: string }).job;
        const attempt = { job, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, worker: liveness.id };
        log(`job ${job}: attempt ${attempt.attempt} of ${attempt.maxAttempts}`);
        const started = options.clock().getTime();
        try {
          const outcome = await runAttempt(attemptOptions, attempt);
          log(`job ${job}: ${outcome === 'done' ? 'verified' : outcome} in ${options.clock().getTime() - started} ms`);
        } catch (error) {
          log(`job ${job}: attempt ${attempt.attempt} failed: ${(error as Error).message}`);
          throw error;
        }
      },
    },
  });
  const timer = setInterval(() => void recover(), options.recoverEveryMs ?? 5000);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      await runner.stop();
      await liveness.release();
      await pool.end();
    })());
  void liveness.lost.then((error) => {
    log(`lost the database (${error.message}): stopping; the jobs running here go to other workers`);
    void stop();
  });
  return { id: liveness.id, stop, stopped: runner.promise.then(() => stopping) };
}

function describeRecovery(gone: Recovered): string {
  const jobs = [...gone.retried.map((id) => `${id} (to be retried)`), ...gone.dead.map((id) => `${id} (dead: it was the last attempt)`)];
  return `worker ${gone.worker} is gone${jobs.length > 0 ? `; its jobs: ${jobs.join(', ')}` : ''}`;
}
