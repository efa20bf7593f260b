import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ulid } from 'ulid';
import type { Clock } from '../../core/clock.js';
import type { CheckResult } from '../../core/check.js';
import type { TrailEvent } from '../../core/events.js';
import type { AnyRunRecord } from '../../core/runs.js';
import { runCheck } from '../../runner/check.js';
import { writeFileAtomic } from '../../store/safe-files.js';
import { newEvent } from '../../workspace/record.js';
import { addJobEvent, blobsOf, findJob, type JobRow, type Sql, type SqlPool } from './store.js';

/** A verified run as the learner's records keep it: its record, what it came to, and the bytes of the files it produced. */
export interface VerifiedRun {
  record: AnyRunRecord;
  result: CheckResult;
  artifacts: Uint8Array[];
}

/**
 * Where a verified run goes: the learner's events and run records in the team database, in the
 * transaction that records the result.
 */
export type VerifiedEventSink = (sql: Sql, learner: string, track: string, events: TrailEvent[], run: VerifiedRun) => Promise<void>;

/** One attempt at a job, as the queue hands it to a worker. */
export interface Attempt {
  job: string;
  attempt: number;
  maxAttempts: number;
  worker: string;
}

/** What a worker runs checks with. */
export interface AttemptOptions {
  pool: SqlPool;
  events: VerifiedEventSink;
  /** Folder for the runs' temporary workspaces (default: the system's). */
  tmpDir: string;
  /** The environment checks start from (secrets are left out by the runner). */
  env: NodeJS.ProcessEnv;
  clock: Clock;
}

/** What an attempt came to: `done` (result recorded), `stale` (another attempt owns the job now), `gone` (no job to run). */
export type AttemptOutcome = 'done' | 'stale' | 'gone';

/**
 * Runs one attempt of a check job: materialises the learner's files with the track's in a
 * temporary workspace, runs the check in the sandbox, and records the result, the worker and
 * the duration with a verified `checked` event. A failure to run (not the learner's failing
 * check) is recorded as `retrying` or, after the last attempt, `dead`, and thrown to the queue.
 */
export async function runAttempt(options: AttemptOptions, attempt: Attempt): Promise<AttemptOutcome> {
  const { pool } = options;
  const row = await findJob(pool, attempt.job);
  if (!row || row.state === 'done' || row.state === 'dead') return 'gone';
  const { clock } = options;
  const started = clock().getTime();
  await pool.transaction(async (sql) => {
    await sql.query(`update check_jobs set state = 'running', attempts = $2, worker = $3, started_at = now() where id = $1`, [
      attempt.job,
      attempt.attempt,
      attempt.worker,
    ]);
    await addJobEvent(sql, attempt.job, 'attempt', { attempt: attempt.attempt, of: attempt.maxAttempts, worker: attempt.worker });
  });
  let dir: string | undefined;
  try {
    const { node, criterion } = row.spec;
    await addJobEvent(pool, attempt.job, 'start', {
      criterion: criterion.id,
      command: criterion.run ?? `${criterion.tests!.framework} tests`,
      timeout: criterion.timeout,
      worker: attempt.worker,
    });
    dir = mkdtempSync(join(options.tmpDir, 'trail-check-'));
    await materialise(pool, row, dir);
    const output = outputBatcher(pool, attempt.job);
    const run = await runCheck({
      workspaceRoot: join(dir, 'workspace'),
      trackDir: join(dir, 'track'),
      node,
      criterion,
      runId: ulid(started),
      now: new Date(started),
      env: options.env,
      onOutput: output.add,
      writeFile: writeFileAtomic,
    });
    await output.flush();
    const durationMs = clock().getTime() - started;
    return await pool.transaction(async (sql) => {
      // Only the attempt that owns the job records: a worker given up on as vanished, that comes back, does not.
      const owned = await sql.query(
        `update check_jobs set state = 'done', result = $4, duration_ms = $5, finished_at = now(), last_error = null where id = $1 and attempts = $2 and worker = $3 and state = 'running' returning id`,
        [attempt.job, attempt.attempt, attempt.worker, JSON.stringify(run.result), durationMs],
      );
      if (owned.rows.length === 0) return 'stale';
      const verified = { provenance: 'verified', job: attempt.job, worker: attempt.worker };
      await addJobEvent(sql, attempt.job, 'result', { criterion: criterion.id, runId: run.id, dir: node.dir, result: run.result, ...verified, durationMs });
      await options.events(sql, row.learner, row.track, verifiedEvents(row, run.id, run.result, run.record.metrics, verified, clock()), {
        record: run.record,
        result: run.result,
        artifacts: run.record.artifacts.map((artifact) => readFileSync(join(dir!, 'workspace', artifact.path))),
      });
      await addJobEvent(sql, attempt.job, 'done', { job: attempt.job, state: 'done', status: run.result.status, worker: attempt.worker, durationMs });
      return 'done';
    });
  } catch (error) {
    await failAttempt(pool, attempt, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Records a failed attempt: `retrying` while attempts remain, else `dead` (the dead letter); only the attempt that owns the job does. */
export async function failAttempt(sql: SqlPool, attempt: Attempt, message: string): Promise<void> {
  const dead = attempt.attempt >= attempt.maxAttempts;
  await sql.transaction(async (tx) => {
    const owned = await tx.query(
      `update check_jobs set state = $4, last_error = $5, finished_at = case when $4 = 'dead' then now() else null end where id = $1 and attempts = $2 and worker = $3 and state = 'running' returning id`,
      [attempt.job, attempt.attempt, attempt.worker, dead ? 'dead' : 'retrying', message],
    );
    if (owned.rows.length === 0) return;
    await addJobEvent(tx, attempt.job, dead ? 'dead' : 'retrying', {
      attempt: attempt.attempt,
      of: attempt.maxAttempts,
      worker: attempt.worker,
      error: message,
    });
    if (dead)
      await addJobEvent(tx, attempt.job, 'failure', {
        code: 'CHECK_NOT_RUN',
        message: `the check could not be run after ${attempt.attempt} attempt(s): ${message}`,
      });
  });
}

// The learner's files go in the node folder of a workspace, the track's in a track folder; the
// runner restores check files and tests from the track, so an upload cannot replace them.
async function materialise(sql: Sql, row: JobRow, dir: string): Promise<void> {
  const blobs = await blobsOf(
    sql,
    row.files.map((file) => file.sha256),
  );
  const nodeDir = row.spec.node.dir;
  mkdirSync(join(dir, 'workspace', nodeDir), { recursive: true });
  for (const file of row.files) {
    const bytes = blobs.get(file.sha256);
    if (!bytes) throw new Error(`the file ${file.path} (${file.sha256.slice(0, 12)}) of job ${row.id} is missing from the database`);
    const target = join(dir, file.from === 'learner' ? 'workspace' : 'track', nodeDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

// Output comes in many small pieces: it goes to the stream a few times a second, not per write.
function outputBatcher(sql: Sql, job: string): { add: (stream: 'stdout' | 'stderr', text: string) => void; flush: () => Promise<void> } {
  let pending: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    for (const piece of batch) chain = chain.then(() => addJobEvent(sql, job, 'output', piece)).catch(() => undefined);
    return chain;
  };
  return {
    add(stream, text) {
      const last = pending.at(-1);
      if (last && last.stream === stream) last.text += text;
      else pending.push({ stream, text });
      timer ??= setTimeout(() => void flush(), 200);
    },
    flush,
  };
}

function verifiedEvents(
  row: JobRow,
  runId: string,
  result: { status: string; durationMs: number; message: string; missing?: unknown },
  metrics: Record<string, number[]>,
  verified: Record<string, string>,
  now: Date,
): TrailEvent[] {
  const { node, criterion } = row.spec;
  const context = { track: row.track };
  const actor = { name: row.spec.actor ?? row.learner };
  const skipped = result.status === 'skipped' ? { message: result.message, missing: result.missing } : {};
  const events = [
    newEvent(
      'checked',
      { type: 'criterion', node: node.id, criterion: criterion.id },
      {
        result: { status: result.status, runId, durationMs: result.durationMs, success: result.status === 'pass', ...skipped, ...verified },
        context,
        now,
        host: { actor },
      },
    ),
  ];
  if (result.status === 'pass' || result.status === 'fail') {
    const finals = Object.fromEntries(Object.entries(metrics).map(([name, values]) => [name, values.at(-1)!]));
    events.push(
      newEvent(
        'experimented',
        { type: 'node', node: node.id },
        { result: { runId, source: 'check', criterion: criterion.id, metrics: finals, ...verified }, context, now, host: { actor } },
      ),
    );
  }
  return events;
}
