import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, type ColumnType, type Generated, type MigrationResult } from 'kysely';
import { TrailError } from '../core/errors.js';
import type { Store } from '../store/port.js';
import { openSqlStore, type StoreTables } from '../store/sql.js';
import { MIGRATIONS } from './migrations/index.js';
import { PGliteDialect } from './pglite-dialect.js';

type Created = ColumnType<Date, Date | string | undefined, never>;

/** The team database's own tables, as Kysely types them (see migrations/ for the schema). */
export interface TeamOwnTables {
  users: { id: string; email: string; role: 'learner' | 'mentor' | 'admin'; password_hash: string | null; created_at: Created };
  cohorts: { name: string; track: string; created_at: Created };
  enrollments: { cohort: string; user_id: string; role: 'learner' | 'mentor'; created_at: Created };
  sessions: { token_hash: string; user_id: string; created_at: Created; expires_at: Date | string };
  api_tokens: { token_hash: string; user_id: string; label: string; created_at: Created; last_used_at: Date | string | null };
  login_failures: { id: Generated<number>; key: string; at: Created };
  audit_log: {
    id: Generated<number>;
    at: Created;
    actor: string | null;
    action: string;
    subject: string | null;
    detail: Generated<string>;
    address: string | null;
  };
  followed_tracks: { user_id: string; track: string; created_at: Created };
}

// One schema holds the store's tables and the team's own. Kysely's database type does not narrow (a
// Kysely<A & B> is no Kysely<A>), so the team's tables are declared on StoreTables: the team's
// database is then the store's as it is.
declare module '../store/sql.js' {
  interface StoreTables extends TeamOwnTables {}
}

/** The team database's tables: the store's (events, journal entries, papers, runs, artifacts) and its own. */
export type TeamTables = StoreTables;

/** Which database to open: a PostgreSQL server by URL, else an embedded PGlite database in a folder (or in memory). */
export interface DatabaseOptions {
  /** `postgres://…` (DATABASE_URL or --database-url). */
  url?: string | undefined;
  /** The PGlite data folder when there is no URL; none: in memory. */
  dataDir?: string | undefined;
  /** A PGlite data folder dumped earlier (`dumpDataDir`), loaded instead of a cold init: tests start in a second, not seconds. */
  template?: Blob | undefined;
  /** Connections in the pool (PostgreSQL only; default 10). */
  poolSize?: number;
}

/** An open team database, migrated to the latest version. */
export interface TeamDatabase {
  db: Kysely<TeamTables>;
  kind: 'postgres' | 'pglite';
  /** Where the data is, for people (the URL without its password, or the folder). */
  where: string;
  /** The migrations applied by this opening (empty when the schema was up to date). */
  migrated: string[];
  close(): Promise<void>;
}

/** The store of one owner (a learner's track: `<user id>/<track id>`) in the team database. */
export function ownerStore(db: Kysely<TeamTables>, owner: string): Store {
  return openSqlStore(db, owner);
}

/** Where PGlite keeps the team's data when no PostgreSQL server is configured: `$TRAIL_HOME/team/pgdata`. */
export function pgliteDataDir(home: string): string {
  return join(home, 'team', 'pgdata');
}

// int8 (counts, sequence numbers) read as numbers on both drivers: they stay far below 2^53.
const INT8 = 20;
const parseInt8 = (value: string) => Number(value);

/** Opens the team database (PostgreSQL when a URL is given, else PGlite) and runs the migrations not yet applied. */
export async function openTeamDatabase(options: DatabaseOptions): Promise<TeamDatabase> {
  const opened = options.url ? await openPostgres(options.url, options.poolSize ?? 10) : await openPGlite(options.dataDir, options.template);
  try {
    const migrated = await migrate(opened.db);
    return { ...opened, migrated };
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
}

async function openPostgres(url: string, max: number): Promise<Omit<TeamDatabase, 'migrated'>> {
  const { default: pg } = await import('pg');
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text')) };
  const pool = new pg.Pool({ connectionString: url, max, types: types as never });
  // A broken idle connection (the server restarted) is dropped by the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<TeamTables>({ dialect: new PostgresDialect({ pool }) });
  const where = redact(url);
  try {
    await pool.query('select 1');
  } catch (error) {
    await db.destroy();
    throw new TrailError(
      'USAGE',
      `cannot reach the team database at ${where}: ${(error as Error).message}`,
      'check DATABASE_URL (or --database-url): postgres://user:password@host:5432/database',
    );
  }
  return { db, kind: 'postgres', where, close: () => db.destroy() };
}

async function openPGlite(dataDir: string | undefined, template: Blob | undefined): Promise<Omit<TeamDatabase, 'migrated'>> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockFolder(`${dataDir}.lock`) : () => undefined;
  const database = new PGlite({ ...(dataDir ? { dataDir } : {}), ...(template ? { loadDataDir: template } : {}), parsers: { [INT8]: parseInt8 } });
  await database.waitReady;
  const db = new Kysely<TeamTables>({ dialect: new PGliteDialect(database) });
  return { db, kind: 'pglite', where: dataDir ?? 'memory', close: () => db.destroy().finally(unlock) };
}

// The embedded database is one process's at a time (PGlite has no server to share it): a second
// opening is refused while the process holding it lives, instead of corrupting its files.
function lockFolder(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (holder && holder !== process.pid && alive(holder)) {
        throw new TrailError(
          'USAGE',
          `the embedded team database is in use by process ${holder} (a running \`trail serve --team\`?)`,
          'stop that process first, or run the team on PostgreSQL (DATABASE_URL) so that the server and the commands share it',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new TrailError('USAGE', `cannot lock the embedded team database (${path})`, 'remove the lock file if no trail process runs');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Applies the migrations not yet applied, in order; a failed one leaves the schema as it was before it (each runs in a transaction). */
async function migrate(db: Kysely<TeamTables>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result: MigrationResult) => result.status === 'Error');
    throw new TrailError(
      'USAGE',
      `the team database could not be migrated${failed ? ` (migration ${failed.migrationName})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      'restore it from a backup (docs/team.md), or use a newer trail',
    );
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** A connection URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured database URL';
  }
}
