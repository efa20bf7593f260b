import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../test-support/postgres.js';
import { openTestPGlite, pgliteTemplate } from '../test-support/team-db.js';
import { openTeamDatabase, redact, type TeamDatabase } from './db.js';
import { MIGRATIONS } from './migrations/index.js';

const postgres = usePostgres();

const kinds: Array<[string, () => Promise<TeamDatabase>]> = [
  ['PGlite', openTestPGlite],
  ['PostgreSQL', async () => openTeamDatabase({ url: await postgres().createDatabase() })],
];

describe.each(kinds)('the team database on %s', (_name, open) => {
  it('runs every migration on first open, and the same queries work on both drivers', async () => {
    const first = await open();
    try {
      expect(first.migrated).toEqual(Object.keys(MIGRATIONS));
      await first.db.insertInto('users').values({ id: 'u1', email: 'ada@example.org', role: 'learner' }).execute();
      await first.db
        .insertInto('events')
        .values([
          { owner: 'u1:t', id: 'e1', actor: 'ada', body: '{"id":"e1"}' },
          { owner: 'u1:t', id: 'e2', actor: 'ada', body: '{"id":"e2"}' },
        ])
        .execute();
      const rows = await first.db.selectFrom('events').select(['seq', 'id']).orderBy('seq').execute();
      // Sequence numbers come back as numbers on both drivers.
      expect(rows.map((row) => typeof row.seq)).toEqual(['number', 'number']);
      expect(rows.map((row) => row.id)).toEqual(['e1', 'e2']);
      const user = await first.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user.created_at).toBeInstanceOf(Date);
      // The same event id twice for one owner is refused by the schema.
      await expect(first.db.insertInto('events').values({ owner: 'u1:t', id: 'e1', actor: 'ada', body: '{}' }).execute()).rejects.toThrow(/unique|duplicate/i);
      const { rows: counted } = await sql<{ n: number }>`select count(*) as n from events`.execute(first.db);
      expect(counted[0]!.n).toBe(2);
    } finally {
      await first.close();
    }
  });

  it('refuses a role the schema does not know', async () => {
    const database = await open();
    try {
      await expect(
        database.db
          .insertInto('users')
          .values({ id: 'u2', email: 'x@example.org', role: 'owner' as never })
          .execute(),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await database.close();
    }
  });
});

describe('the team database', () => {
  it('keeps PGlite data in its folder across openings, migrating only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-team-'));
    try {
      const dataDir = join(dir, 'team', 'pgdata');
      const first = await openTeamDatabase({ dataDir, template: await pgliteTemplate() });
      await first.db.insertInto('cohorts').values({ name: 'spring', track: 'learning-path' }).execute();
      await first.close();
      const second = await openTeamDatabase({ dataDir });
      expect(second.migrated).toEqual([]);
      expect(await second.db.selectFrom('cohorts').select('track').execute()).toEqual([{ track: 'learning-path' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL, migrates once when several servers start together', async () => {
    const url = await postgres().createDatabase();
    const opened = await Promise.all([1, 2, 3].map(() => openTeamDatabase({ url, poolSize: 2 })));
    try {
      expect(opened.map((database) => database.migrated.length).sort()).toEqual([0, 0, Object.keys(MIGRATIONS).length]);
    } finally {
      await Promise.all(opened.map((database) => database.close()));
    }
  });

  it('says which server it cannot reach, without the password', async () => {
    const url = `postgres://trail:s3cret@127.0.0.1:${postgres().port + 1}/team`;
    const error = await openTeamDatabase({ url }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('postgres://trail:***@127.0.0.1') });
    expect(String((error as Error).message)).not.toContain('s3cret');
    expect(redact('postgres://a:b@h/d')).toBe('postgres://a:***@h/d');
  });
});
