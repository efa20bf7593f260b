import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTrack } from '../../content/load.js';
import { TRAIL } from '../../test-support/cli.js';
import { usePostgres } from '../../test-support/postgres.js';
import { openTeamDatabase } from '../db.js';
import { prepareCheckQueue } from './prepare.js';
import { pgSql } from './sql.js';
import { findJob, graphileQueue, jobEventsAfter, type CheckSpec } from './store.js';
import { submitCheck } from './submit.js';

const TRACK = fileURLToPath(new URL('./fixtures/queue-track/', import.meta.url));
const { track } = loadTrack(TRACK);
const node = track!.nodes[0]!;
const criterion = node.criteria[0] as CheckSpec;

const postgres = usePostgres();
let url: string;
let pool: pg.Pool;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  url = await postgres().createDatabase();
  await (await openTeamDatabase({ url })).close();
  await prepareCheckQueue(url);
  pool = new pg.Pool({ connectionString: url });
}, 60_000);

afterEach(() => {
  for (const worker of workers.splice(0)) if (worker.exitCode === null) worker.kill('SIGKILL');
});

afterAll(async () => {
  await pool?.end();
});

/** A `trail team worker` process, and what it has logged. */
function startWorker(env: Record<string, string> = {}): ChildProcess & { log: string } {
  const child = spawn(process.execPath, [TRAIL, 'team', 'worker', '--database-url', url, '--poll-interval', '300', '--recover-interval', '500'], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { log: string };
  child.log = '';
  child.stdout!.on('data', (chunk) => (child.log += chunk));
  child.stderr!.on('data', (chunk) => (child.log += chunk));
  workers.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
const answer = (text: string) => [{ path: 'answer.py', content: Buffer.from(text).toString('base64') }];
let learners = 0;
const submit = (text: string, maxAttempts = 3) =>
  submitCheck(pgSql(pool), graphileQueue, {
    learner: `learner-${++learners}`,
    track: 'queue-fixture',
    trackDir: TRACK,
    node,
    criterion,
    files: answer(text),
    maxAttempts,
    now: new Date(),
  });
const workerIdOf = (child: ChildProcess & { log: string }) =>
  until('the worker to start', async () => /worker (\S+) is taking check jobs/.exec(child.log)?.[1]);

describe('check jobs on the PostgreSQL queue', () => {
  it('a worker killed mid-job: the job is retried and finished by another, with exactly one verified result', async () => {
    const [first, second] = [startWorker(), startWorker()];
    const ids = [await workerIdOf(first), await workerIdOf(second)];
    const job = await submit('ANSWER = 42\nSLEEP = 3\n');
    // The job is mid-run when its program has printed "checking".
    const running = await until('the check to start', async () => {
      const events = await jobEventsAfter(pool, job.id, 0);
      return events.some((e) => e.event === 'output' && JSON.stringify(e.data).includes('checking')) && (await findJob(pool, job.id))?.worker;
    });
    const victim = running === ids[0] ? first : second;
    const survivor = victim === first ? second : first;
    victim.kill('SIGKILL');
    const done = await until('the job to finish', async () => {
      const row = await findJob(pool, job.id);
      return row?.state === 'done' || row?.state === 'dead' ? row : undefined;
    });
    expect(done.state).toBe('done');
    expect(done.attempts).toBe(2);
    expect(done.worker).toBe(ids[victim === first ? 1 : 0]);
    expect(done.result?.status).toBe('pass');
    expect(done.duration_ms).toBeGreaterThanOrEqual(3000);
    const events = await jobEventsAfter(pool, job.id, 0);
    expect(events.map((e) => e.event).filter((e) => e !== 'output')).toEqual(['queued', 'attempt', 'start', 'retrying', 'attempt', 'start', 'result', 'done']);
    expect((events.find((e) => e.event === 'retrying')!.data as { error: string }).error).toContain(`worker ${running} stopped answering`);
    const checked = await pool.query(`select body from events where owner = $1 and body::jsonb->>'verb' = 'checked'`, [`${done.learner}/queue-fixture`]);
    expect(checked.rows).toHaveLength(1);
    expect(JSON.parse(checked.rows[0].body).result).toMatchObject({ status: 'pass', provenance: 'verified', job: job.id, worker: done.worker });
    const gone = await pool.query(`select stop_reason from check_workers where id = $1`, [running]);
    expect(gone.rows[0].stop_reason).toBe('vanished');
    expect(survivor.log).toContain(`worker ${running} is gone`);
  }, 60_000);

  it('SIGTERM lets the running check finish, then the worker stops', async () => {
    const worker = startWorker();
    const id = await workerIdOf(worker);
    const job = await submit('ANSWER = 42\nSLEEP = 1.5\n');
    await until('the check to start', async () => (await findJob(pool, job.id))?.state === 'running');
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe(0);
    const row = await findJob(pool, job.id);
    expect(row).toMatchObject({ state: 'done', worker: id, attempts: 1 });
    const stopped = await pool.query(`select stop_reason from check_workers where id = $1`, [id]);
    expect(stopped.rows[0].stop_reason).toBe('stopped');
  }, 60_000);

  it('a job that cannot be run lands in the dead-letter state after its last attempt', async () => {
    // A worker whose temporary folder is gone cannot lay out any check.
    startWorker({ TMPDIR: '/nonexistent/trail-tmp' });
    const job = await submit('ANSWER = 42\n', 2);
    const dead = await until('the job to die', async () => {
      const row = await findJob(pool, job.id);
      return row?.state === 'dead' ? row : undefined;
    });
    expect(dead.attempts).toBe(2);
    expect(dead.last_error).toContain('/nonexistent/trail-tmp');
    const events = (await jobEventsAfter(pool, job.id, 0)).map((e) => e.event);
    expect(events).toEqual(['queued', 'attempt', 'start', 'retrying', 'attempt', 'start', 'dead', 'failure']);
    const listed = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [TRAIL, 'team', 'dead-jobs', '--database-url', url, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', () => resolve(out));
    });
    expect(JSON.parse(listed).jobs.map((j: { id: string }) => j.id)).toContain(job.id);
  }, 60_000);

  it('refuses an upload over the size limit, and queues nothing', async () => {
    const before = await pool.query('select count(*)::int as n from check_jobs');
    const big = 'x'.repeat(1024 * 1024 + 1);
    await expect(submit(big)).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
      message: 'answer.py is 1024 kB; a file of a check upload may have 1024 kB at most',
    });
    const after = await pool.query('select count(*)::int as n from check_jobs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
