import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import { openTeamDatabase, ownerStore as openSqlStore, type TeamDatabase } from '../team/db.js';
import { usePostgres } from '../test-support/postgres.js';
import { openTestPGlite } from '../test-support/team-db.js';
import { runStoreContract } from './contract.js';

const postgres = usePostgres();

// One database per driver for the file; each store is a fresh owner in it (owners never see each other's rows).
const databases: Partial<Record<'pglite' | 'postgres', TeamDatabase>> = {};
let owners = 0;
beforeAll(async () => {
  databases.pglite = await openTestPGlite();
  databases.postgres = await openTeamDatabase({ url: await postgres().createDatabase() });
}, 120_000);
afterAll(async () => {
  await databases.pglite?.close();
  await databases.postgres?.close();
});

runStoreContract('PGlite', async () => openSqlStore(databases.pglite!.db, `owner-${++owners}`));
runStoreContract('PostgreSQL', async () => openSqlStore(databases.postgres!.db, `owner-${++owners}`));

const event = (n: number, actor = 'ada'): TrailEvent => ({
  id: `01JE${String(n).padStart(22, '0')}`,
  timestamp: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
  actor: { name: actor },
  verb: 'skipped',
  object: { type: 'node', node: `n${n}` },
});

describe.each(['pglite', 'postgres'] as const)('SQL store on %s', (kind) => {
  it("keeps each owner's events, records and cursors apart", async () => {
    const db = databases[kind]!.db;
    const [ada, bob] = [openSqlStore(db, `apart-${kind}-ada`), openSqlStore(db, `apart-${kind}-bob`)];
    await ada.events.append([event(1), event(2)]);
    await bob.events.append([event(3)]);
    // The same event id may live in two owners' logs (a learner's event is theirs alone).
    expect(await bob.events.import([event(1)])).toEqual({ added: 1, skipped: 0 });
    expect((await ada.events.read()).events.map((e) => e.object.node)).toEqual(['n1', 'n2']);
    expect((await bob.events.read()).events.map((e) => e.object.node)).toEqual(['n3', 'n1']);
    await ada.records.journal.create('2026-11-23-n1', '---\ndate: 2026-11-23\n---\n\nAda.\n');
    expect((await bob.records.journal.list()).entries).toEqual([]);
    const at = (await ada.events.read()).cursor;
    await bob.events.append([event(4)]);
    expect((await ada.events.read({ since: at })).events).toEqual([]);
  });
});

describe.each(['pglite', 'postgres'] as const)('SQL store import on %s', (kind) => {
  it('stores each event as the text append stores, odd characters included, in order, past one statement', async () => {
    const db = databases[kind]!.db;
    const odd: TrailEvent = {
      ...event(1, 'zoë "z" \\ o\'brien'),
      result: { response: 'a lone \ud800, a nul \u0000, "quotes", a back\\slash, 🙂 and\nlines' },
    };
    const many = [odd, ...Array.from({ length: 1200 }, (_, i) => event(i + 2, i % 2 ? 'ada' : 'bob'))];
    const [imported, appended] = [openSqlStore(db, `text-${kind}-import`), openSqlStore(db, `text-${kind}-append`)];
    expect(await imported.events.import(many)).toEqual({ added: 1201, skipped: 0 });
    await appended.events.append(many);
    const rows = (owner: string) => db.selectFrom('events').select(['id', 'actor', 'body']).where('owner', '=', owner).orderBy('seq').execute();
    const stored = await rows(`text-${kind}-import`);
    expect(stored).toEqual(await rows(`text-${kind}-append`));
    expect(stored[0]).toEqual({ id: odd.id, actor: odd.actor.name, body: JSON.stringify(odd) });
    expect((await imported.events.read()).events).toEqual(many);
    expect(await imported.events.import(many.slice(600))).toEqual({ added: 0, skipped: 601 });
  });
});

describe('SQL store on PostgreSQL from several server processes', () => {
  it('gives every reader at a cursor each event once, while two pools append to one owner at once', async () => {
    const url = await postgres().createDatabase();
    const [a, b] = await Promise.all([openTeamDatabase({ url, poolSize: 4 }), openTeamDatabase({ url, poolSize: 4 })]);
    try {
      const [one, two] = [openSqlStore(a.db, 'shared'), openSqlStore(b.db, 'shared')];
      const seen: string[] = [];
      let cursor: string | undefined;
      const writes = Array.from({ length: 30 }, (_, i) => (i % 2 ? one : two).events.append([event(100 + i)]));
      // A reader follows the log while the writes land, as a syncing client does.
      for (let round = 0; round < 20; round++) {
        const page = await one.events.read(cursor === undefined ? {} : { since: cursor });
        seen.push(...page.events.map((e) => e.id));
        cursor = page.cursor;
      }
      await Promise.all(writes);
      seen.push(...(await one.events.read({ since: cursor! })).events.map((e) => e.id));
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
