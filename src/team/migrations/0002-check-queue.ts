import { sql, type Kysely } from 'kysely';

/**
 * The tables of server-verified checks. A job is one check of one learner's uploaded files; its
 * progress is a list of events other servers read (a NOTIFY on `trail_check_events` wakes them);
 * files are kept once by content hash; a worker says it is alive by holding an advisory lock.
 * The queue itself (retries, backoff, locking) is graphile-worker's, in its own schema, made by
 * its own migrations when a server on PostgreSQL starts (src/team/checks/prepare.ts).
 */
const STATEMENTS = [
  `create table check_blobs (
    sha256 text primary key,
    size integer not null,
    bytes bytea not null
  )`,
  `create table check_jobs (
    id text primary key,
    learner text not null,
    track text not null,
    node text not null,
    criterion text not null,
    spec jsonb not null,
    files jsonb not null,
    state text not null default 'queued' check (state in ('queued', 'running', 'retrying', 'done', 'dead')),
    attempts integer not null default 0,
    max_attempts integer not null,
    worker text,
    duration_ms integer,
    result jsonb,
    last_error text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz
  )`,
  `create index check_jobs_learner on check_jobs (learner, created_at)`,
  `create index check_jobs_open on check_jobs (state) where state in ('queued', 'running', 'retrying', 'dead')`,
  `create table check_job_events (
    seq bigserial primary key,
    job text not null references check_jobs (id) on delete cascade,
    event text not null,
    data jsonb not null,
    at timestamptz not null default now()
  )`,
  `create index check_job_events_job on check_job_events (job, seq)`,
  `create table check_workers (
    id text primary key,
    host text not null,
    pid integer not null,
    concurrency integer not null,
    lock_key bigint not null,
    slots text[] not null default '{}',
    started_at timestamptz not null default now(),
    stopped_at timestamptz,
    stop_reason text
  )`,
];

/** Creates the check job tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

/** Drops what `up` made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['check_workers', 'check_job_events', 'check_jobs', 'check_blobs']) await db.schema.dropTable(table).execute();
}
