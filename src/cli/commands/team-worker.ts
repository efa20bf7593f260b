import { tmpdir } from 'node:os';
import pg from 'pg';
import { TrailError } from '../../core/errors.js';
import { deadJobs, type CheckJob } from '../../team/checks/store.js';
import { startCheckWorker, type CheckWorker } from '../../team/checks/worker.js';
import { teamEventSink } from '../../team/checks/sink.js';
import type { Cli } from '../context.js';
import { colours, printJson, printLines } from '../output.js';

/** Options of `trail team worker`. */
export interface TeamWorkerOptions {
  databaseUrl?: string;
  concurrency: string;
  pollInterval?: string;
  recoverInterval?: string;
}

/** The database of the team: --database-url, else DATABASE_URL; a PostgreSQL server, never the embedded database. */
export function databaseUrlOf(cli: Cli, option: string | undefined): string {
  const url = option ?? cli.env.DATABASE_URL;
  if (!url)
    throw new TrailError(
      'USAGE',
      "a check worker needs the team's PostgreSQL database",
      'pass --database-url postgres://user:password@host:5432/db, or set DATABASE_URL',
    );
  if (!/^postgres(?:ql)?:\/\//.test(url))
    throw new TrailError(
      'USAGE',
      `"${url.replace(/:[^:@/]*@/, ':…@')}" is not a PostgreSQL URL`,
      'workers need a PostgreSQL server (postgres://…); a team server on the embedded database runs its checks itself (docs/team.md)',
    );
  return url;
}

function positive(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new TrailError('USAGE', `${option} "${value}" is not a whole number of 1 or more`, `e.g. ${option} 2`);
  return n;
}

/**
 * `trail team worker`: takes check jobs from the team database and runs them in the sandbox until
 * SIGTERM or Ctrl-C (running checks finish first; a second signal stops at once and the jobs
 * go back to the queue).
 */
export async function teamWorker(cli: Cli, options: TeamWorkerOptions): Promise<number> {
  const connectionString = databaseUrlOf(cli, options.databaseUrl);
  const concurrency = positive(options.concurrency, '--concurrency');
  const c = colours(cli, cli.stderr);
  const log = (line: string) => cli.stderr.write(`${c.dim(cli.now().toISOString())} ${line}\n`);
  let worker: CheckWorker;
  try {
    worker = await startCheckWorker({
      connectionString,
      concurrency,
      events: teamEventSink,
      log,
      tmpDir: tmpdir(),
      env: cli.env,
      clock: cli.now,
      ...(options.pollInterval ? { pollIntervalMs: positive(options.pollInterval, '--poll-interval') } : {}),
      ...(options.recoverInterval ? { recoverEveryMs: positive(options.recoverInterval, '--recover-interval') } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/relation "check_(jobs|workers)" does not exist/.test(message))
      throw new TrailError(
        'QUEUE_UNAVAILABLE',
        'the team database has no check queue yet',
        'start the team server once (`trail serve --team`): it creates the tables',
      );
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED')
      throw new TrailError('QUEUE_UNAVAILABLE', `cannot reach the database: ${message}`, 'is PostgreSQL running, and is --database-url right?');
    throw error;
  }
  log(`worker ${worker.id} is taking check jobs (${concurrency} at a time); SIGTERM or Ctrl-C stops it`);
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      log('stopping: no new jobs; running checks finish first (signal again to stop now)');
      void worker.stop();
    } else process.exit(130);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await worker.stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  log(`worker ${worker.id} stopped`);
  return 0;
}

/** `trail team dead-jobs`: the check jobs given up after their last attempt, with why. */
export async function teamDeadJobs(cli: Cli, options: { databaseUrl?: string; json?: boolean }): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrlOf(cli, options.databaseUrl), max: 1 });
  let jobs: CheckJob[];
  try {
    jobs = await deadJobs(pool);
  } finally {
    await pool.end();
  }
  if (options.json) {
    printJson(cli, { jobs });
    return 0;
  }
  const c = colours(cli);
  if (jobs.length === 0) printLines(cli, 'No dead check jobs.');
  for (const job of jobs)
    printLines(
      cli,
      `${c.red('dead')} ${job.id}  ${job.learner}  ${job.track}/${job.node} ${job.criterion}  after ${job.attempts} attempt(s)`,
      `  ${c.dim(job.lastError ?? '')}`,
    );
  return 0;
}
