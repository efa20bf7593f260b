import { ulid } from 'ulid';
import type { CheckResult } from '../../core/check.js';
import { TrailError } from '../../core/errors.js';
import type { Criterion, Node } from '../../core/track.js';
import type { CheckFile } from './upload.js';

/** What the check jobs need of a database connection (a `pg` Pool, PoolClient or Client all have it). */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** A database the check jobs can also run a transaction on (sql.ts: over a `pg` pool, or the team's Kysely database). */
export interface SqlPool extends Sql {
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** How a recorded job is put on the queue that runs it, in the transaction that records it. */
export type QueueAdd = (sql: Sql, job: string, maxAttempts: number) => Promise<void>;

/** The graphile-worker queue of a PostgreSQL server: its workers take the job, retry it with backoff, keep it locked while it runs. */
export const graphileQueue: QueueAdd = async (sql, job, maxAttempts) => {
  await sql.query(`select graphile_worker.add_job($1, json_build_object('job', $2::text), max_attempts := $3, job_key := $2)`, [CHECK_TASK, job, maxAttempts]);
};

/** The check criterion of a node. */
export type CheckSpec = Extract<Criterion, { kind: 'check' }>;

/** Where a job stands: waiting, running, waiting for another attempt, finished, or given up (dead letter). */
export type JobState = 'queued' | 'running' | 'retrying' | 'done' | 'dead';

/** The graphile-worker task that runs a check job. */
export const CHECK_TASK = 'trail-check';
/** The channel a NOTIFY on which says "job X has new events". */
export const EVENTS_CHANNEL = 'trail_check_events';

/** A file a job runs with: the learner's upload, or the track's (check files, tests, starter files). */
export interface JobFile {
  path: string;
  sha256: string;
  from: 'learner' | 'track';
}

/** A check job as the API shows it. */
export interface CheckJob {
  id: string;
  learner: string;
  track: string;
  node: string;
  criterion: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** The worker of the latest attempt. */
  worker: string | null;
  durationMs: number | null;
  result: CheckResult | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** One event of a job's progress stream. */
export interface JobEventRow {
  seq: number;
  event: string;
  data: unknown;
}

/** Adds an event to a job's stream and wakes the servers that follow it (on commit, inside a transaction). */
export async function addJobEvent(sql: Sql, job: string, event: string, data: unknown): Promise<void> {
  await sql.query(`with e as (insert into check_job_events (job, event, data) values ($1, $2, $3) returning seq) select pg_notify($4, $1) from e`, [
    job,
    event,
    JSON.stringify(data),
    EVENTS_CHANNEL,
  ]);
}

/** What a new job is: whose, which check, with which files. */
export interface NewJob {
  learner: string;
  actor?: string;
  track: string;
  node: Node;
  criterion: CheckSpec;
  learnerFiles: CheckFile[];
  trackFiles: CheckFile[];
  maxAttempts: number;
  now: Date;
}

/**
 * Keeps the files, records the job and puts it on the queue, in one transaction: a job on the
 * queue always has its row and files. Refuses a second open job of the same learner and node.
 */
export async function enqueueCheck(pool: SqlPool, queue: QueueAdd, job: NewJob): Promise<CheckJob> {
  const id = ulid(job.now.getTime());
  return pool.transaction(async (sql) => {
    // Two uploads of one learner and node at once: the second waits here, then sees the first.
    await sql.query(`select pg_advisory_xact_lock(hashtext($1))`, [`${job.learner}/${job.track}/${job.node.id}`]);
    const open = await sql.query<{ id: string }>(
      `select id from check_jobs where learner = $1 and track = $2 and node = $3 and state in ('queued', 'running', 'retrying') limit 1`,
      [job.learner, job.track, job.node.id],
    );
    if (open.rows[0])
      throw new TrailError(
        'CHECK_RUNNING',
        `a check of "${job.node.id}" is queued or running already (job ${open.rows[0].id})`,
        `follow it at /api/jobs/${open.rows[0].id}, or wait for it to finish`,
      );
    const all = [...job.learnerFiles, ...job.trackFiles];
    const unique = [...new Map(all.map((file) => [file.sha256, file])).values()];
    if (unique.length > 0) {
      await sql.query(
        `insert into check_blobs (sha256, size, bytes) select * from unnest($1::text[], $2::int[], $3::bytea[]) on conflict (sha256) do nothing`,
        [unique.map((f) => f.sha256), unique.map((f) => f.bytes.length), unique.map((f) => f.bytes)],
      );
    }
    const files: JobFile[] = [
      ...job.learnerFiles.map((f) => ({ path: f.path, sha256: f.sha256, from: 'learner' as const })),
      ...job.trackFiles.map((f) => ({ path: f.path, sha256: f.sha256, from: 'track' as const })),
    ];
    const { rows } = await sql.query<JobRow>(
      `insert into check_jobs (id, learner, track, node, criterion, spec, files, max_attempts) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
      [
        id,
        job.learner,
        job.track,
        job.node.id,
        job.criterion.id,
        JSON.stringify({ node: job.node, criterion: job.criterion, ...(job.actor === undefined ? {} : { actor: job.actor }) }),
        JSON.stringify(files),
        job.maxAttempts,
      ],
    );
    await addJobEvent(sql, id, 'queued', { job: id, criterion: job.criterion.id, files: job.learnerFiles.length });
    await queue(sql, id, job.maxAttempts);
    return jobOf(rows[0]!);
  });
}

/** The row of check_jobs as it comes from the database. */
export interface JobRow {
  id: string;
  learner: string;
  track: string;
  node: string;
  criterion: string;
  /** `actor`: who the verified events name (jobs queued before it was kept name the learner's id). */
  spec: { node: Node; criterion: CheckSpec; actor?: string };
  files: JobFile[];
  state: JobState;
  attempts: number;
  max_attempts: number;
  worker: string | null;
  duration_ms: number | null;
  result: CheckResult | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** A job row as the API shows it. */
export function jobOf(row: JobRow): CheckJob {
  return {
    id: row.id,
    learner: row.learner,
    track: row.track,
    node: row.node,
    criterion: row.criterion,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    worker: row.worker,
    durationMs: row.duration_ms,
    result: row.result,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** A job by id, or undefined. */
export async function findJob(sql: Sql, id: string): Promise<JobRow | undefined> {
  const { rows } = await sql.query<JobRow>(`select * from check_jobs where id = $1`, [id]);
  return rows[0];
}

/** The events of a job after `after` (its sequence numbers), in order. */
export async function jobEventsAfter(sql: Sql, job: string, after: number): Promise<JobEventRow[]> {
  const { rows } = await sql.query<{ seq: string; event: string; data: unknown }>(
    `select seq, event, data from check_job_events where job = $1 and seq > $2 order by seq`,
    [job, after],
  );
  return rows.map((row) => ({ seq: Number(row.seq), event: row.event, data: row.data }));
}

/** Jobs given up after their last attempt (the dead letters), newest first. */
export async function deadJobs(sql: Sql, limit = 100): Promise<CheckJob[]> {
  const { rows } = await sql.query<JobRow>(`select * from check_jobs where state = 'dead' order by finished_at desc limit $1`, [limit]);
  return rows.map(jobOf);
}

/** The bytes of the files of a job, by digest. */
export async function blobsOf(sql: Sql, digests: readonly string[]): Promise<Map<string, Buffer>> {
  const { rows } = await sql.query<{ sha256: string; bytes: Buffer }>(`select sha256, bytes from check_blobs where sha256 = any($1::text[])`, [digests]);
  return new Map(rows.map((row) => [row.sha256, row.bytes]));
}
