import { sql, type Kysely } from 'kysely';

/** Accounts, cohorts, sessions, the audit log, and the learners' events and records (one schema for PostgreSQL and PGlite). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('learner', 'mentor', 'admin')`))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('cohorts')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('track', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('enrollments')
    .addColumn('cohort', 'text', (col) => col.notNull().references('cohorts.name').onDelete('cascade'))
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('learner', 'mentor')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('enrollments_pk', ['cohort', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('enrollments_user').on('enrollments').column('user_id').execute();
  // Session cookies and CLI tokens are kept as SHA-256 digests: a copy of the database signs nobody in.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('api_tokens')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  // Failed sign-ins, per email and address: the rate limit holds across server processes.
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key', 'at']).execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('detail', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('address', 'text')
    .execute();
  // The tracks each learner follows on the server (their "home").
  await db.schema
    .createTable('followed_tracks')
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('track', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('followed_tracks_pk', ['user_id', 'track'])
    .execute();
  // A store's rows are keyed by its owner (a learner and a track). Events are kept as the JSON
  // text they came as (fields this version does not know survive); `seq` orders them and is the cursor.
  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigserial', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addUniqueConstraint('events_owner_id', ['owner', 'id'])
    .execute();
  await db.schema.createIndex('events_owner_seq').on('events').columns(['owner', 'seq']).execute();
  await db.schema
    .createTable('journal_entries')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('journal_entries_pk', ['owner', 'name'])
    .execute();
  await db.schema
    .createTable('paper_notes')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('paper_notes_pk', ['owner', 'slug'])
    .execute();
  await db.schema
    .createTable('runs')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('record', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('runs_pk', ['owner', 'id'])
    .execute();
  await db.schema
    .createTable('artifacts')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('bytes', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('artifacts_pk', ['owner', 'sha256'])
    .execute();
}

/** Drops what `up` made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'artifacts',
    'runs',
    'paper_notes',
    'journal_entries',
    'events',
    'followed_tracks',
    'audit_log',
    'login_failures',
    'api_tokens',
    'sessions',
    'enrollments',
    'cohorts',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
