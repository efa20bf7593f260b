import { createHash } from 'node:crypto';
import { sql, type Kysely, type Generated } from 'kysely';
import { TrailError } from '../core/errors.js';
import type { LogProblem, TrailEvent } from '../core/events.js';
import { JOURNAL_DIR, parseJournalText, type JournalRead } from './journal.js';
import { PAPERS_DIR, parsePaper } from './papers.js';
import type { ArtifactStore, EventPage, EventQuery, EventStore, JournalStore, PaperStore, RecordStore, RunResultStore, RunStore, Store } from './port.js';
import { parseCheckResult, parseRunRecord } from './runs.js';

/**
 * The tables a SQL store keeps its owners' rows in (created by the team database's migrations,
 * src/team/migrations/). Every row carries its owner: one learner's one track.
 */
export interface StoreTables {
  events: { seq: Generated<number>; owner: string; id: string; actor: string; body: string };
  journal_entries: { owner: string; name: string; text: string };
  paper_notes: { owner: string; slug: string; text: string };
  runs: { owner: string; id: string; record: string };
  run_results: { owner: string; id: string; result: string };
  artifacts: { owner: string; sha256: string; bytes: Uint8Array };
}

// Rows inserted per statement: PostgreSQL takes at most 65535 parameters, and PGlite is quicker in batches.
const BATCH = 500;
const NAME = /^[^/\\\0.][^/\\\0]*$/;
const RUN_ID = /^[0-9A-Za-z]+$/;
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * The store of one owner in a PostgreSQL database (a server through `pg`, or embedded PGlite:
 * the same SQL on both, through Kysely's PostgreSQL dialect). `close` does not close the
 * database, which the caller opened and shares between owners.
 */
export function openSqlStore(db: Kysely<StoreTables>, owner: string): Store {
  return { events: sqlEventStore(db, owner), records: sqlRecordStore(db, owner), close: async () => {} };
}

// Appends of one owner take turns (a lock held until their transaction ends), so that sequence
// numbers are committed in their order: a reader at a cursor never misses an event committed
// later with a smaller number.
const lockOwner = (owner: string) => sql`select pg_advisory_xact_lock(hashtext(${owner}))`;

/** The events of one owner, ordered by a sequence number that is also the cursor. */
export function sqlEventStore(db: Kysely<StoreTables>, owner: string): EventStore {
  const rows = (events: readonly TrailEvent[]) => events.map((event) => ({ owner, id: event.id, actor: event.actor?.name ?? '', body: JSON.stringify(event) }));
  return {
    async append(events) {
      if (events.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await lockOwner(owner).execute(trx);
        for (let at = 0; at < events.length; at += BATCH)
          await trx
            .insertInto('events')
            .values(rows(events.slice(at, at + BATCH)))
            .execute();
      });
    },
    async import(events) {
      if (events.length === 0) return { added: 0, skipped: 0 };
      // One statement per batch: the ids and actors go as two arrays and the events as one JSON
      // array, whose elements PostgreSQL hands back as the very text they came as (JSON.stringify
      // of each event, as append stores it); far less to encode than an array of JSON texts. Rows
      // whose id the owner holds (or that came twice) are skipped by the unique key, and the count
      // inserted comes back. The owner's lock is taken by the statement itself, before any row
      // takes its sequence number.
      const insert = async (executor: Kysely<StoreTables>, batch: readonly TrailEvent[]) => {
        const result = await sql`insert into events (owner, id, actor, body)
          select ${owner}, e.id, e.actor, e.body::text
          from (select pg_advisory_xact_lock(hashtext(${owner}))) as locked,
            rows from (unnest(${batch.map((event) => event.id)}::text[]), unnest(${batch.map((event) => event.actor?.name ?? '')}::text[]),
              json_array_elements(${JSON.stringify(batch)}::json)) with ordinality as e(id, actor, body, n)
          order by e.n on conflict (owner, id) do nothing`.execute(executor);
        return Number(result.numAffectedRows ?? 0);
      };
      // A batch is one statement, and so its own transaction: one round trip to the database.
      if (events.length <= BATCH) {
        const added = await insert(db, events);
        return { added, skipped: events.length - added };
      }
      return db.transaction().execute(async (trx) => {
        let added = 0;
        for (let at = 0; at < events.length; at += BATCH) added += await insert(trx, events.slice(at, at + BATCH));
        return { added, skipped: events.length - added };
      });
    },
    read: (query = {}) => readEvents(db, owner, query),
  };
}

async function readEvents(db: Kysely<StoreTables>, owner: string, query: EventQuery): Promise<EventPage> {
  const since = query.since === undefined ? 0 : /^\d{1,15}$/.test(query.since) ? Number(query.since) : NaN;
  if (Number.isNaN(since))
    throw new TrailError('CURSOR_INVALID', `"${query.since}" is not a cursor of this team database`, 'read again from the start (without a cursor)');
  // One snapshot for the page and the end it reached: an event committed between the two is read next time.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let select = trx.selectFrom('events').select(['seq', 'body']).where('owner', '=', owner).where('seq', '>', since);
      if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
      if (query.limit !== undefined) select = select.limit(query.limit);
      const found = await select.orderBy('seq').execute();
      const events: TrailEvent[] = [];
      const problems: LogProblem[] = [];
      for (const row of found) {
        try {
          events.push(JSON.parse(row.body) as TrailEvent);
        } catch (error) {
          problems.push({ line: row.seq, kind: 'invalid', message: `event ${row.seq} of the team database is not JSON: ${(error as Error).message}` });
        }
      }
      const full = query.limit !== undefined && found.length === query.limit;
      let cursor = found.at(-1)?.seq ?? since;
      // A page that reached the end stands at the owner's last event, past those of other actors.
      if (!full) {
        const last = await trx
          .selectFrom('events')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('owner', '=', owner)
          .executeTakeFirst();
        cursor = Math.max(cursor, Number(last?.seq ?? 0));
      }
      return { events, cursor: String(cursor), problems };
    });
}

/** The records of one owner: journal entries, paper notes, runs, their results and artifacts as rows. */
export function sqlRecordStore(db: Kysely<StoreTables>, owner: string): RecordStore {
  return {
    journal: sqlJournal(db, owner),
    papers: sqlPapers(db, owner),
    runs: sqlRuns(db, owner),
    artifacts: sqlArtifacts(db, owner),
    results: sqlResults(db, owner),
  };
}

// Inserts under the first free name `<stem>`, `<stem>-2`, …; never replaces a row.
async function insertFree(stem: string, insert: (name: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    if (await insert(name)) return name;
  }
}

const notFound = (what: string, name: string, hint: string) => new TrailError('FILE_NOT_FOUND', `no ${what} "${name}" in the team database`, hint);

function sqlJournal(db: Kysely<StoreTables>, owner: string): JournalStore {
  const hint = 'GET /api/tracks/:track/journal lists the entries';
  return {
    async create(stem, text) {
      if (!NAME.test(stem)) throw new TrailError('USAGE', `"${stem}" cannot name a journal entry`, 'a name has no slashes and does not start with a dot');
      const name = await insertFree(stem, async (candidate) => {
        const result = await db
          .insertInto('journal_entries')
          .values({ owner, name: `${candidate}.md`, text })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
      });
      return `${JOURNAL_DIR}/${name}.md`;
    },
    async list(): Promise<JournalRead> {
      const rows = await db.selectFrom('journal_entries').select(['name', 'text']).where('owner', '=', owner).orderBy('name').execute();
      const read: JournalRead = { entries: [], problems: [] };
      for (const row of rows) {
        const parsed = await parseJournalText(`${JOURNAL_DIR}/${row.name}`, row.text);
        if ('entry' in parsed) read.entries.push(parsed.entry);
        else read.problems.push(parsed.problem);
      }
      return read;
    },
    async text(path) {
      const name = path.startsWith(`${JOURNAL_DIR}/`) ? path.slice(JOURNAL_DIR.length + 1) : '';
      const row = NAME.test(name)
        ? await db.selectFrom('journal_entries').select('text').where('owner', '=', owner).where('name', '=', name).executeTakeFirst()
        : undefined;
      if (!row) throw notFound('journal entry', path, hint);
      return row.text;
    },
  };
}

function sqlPapers(db: Kysely<StoreTables>, owner: string): PaperStore {
  const hint = 'the paper notes are listed by `trail paper list`';
  const textOf = async (slug: string) => {
    const row = NAME.test(slug)
      ? await db.selectFrom('paper_notes').select('text').where('owner', '=', owner).where('slug', '=', slug).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('paper note', slug, hint);
    return row.text;
  };
  return {
    async create(stem, text) {
      if (!NAME.test(stem)) throw new TrailError('USAGE', `"${stem}" cannot name a paper note`, 'a name has no slashes and does not start with a dot');
      const slug = await insertFree(stem, async (candidate) => {
        const result = await db
          .insertInto('paper_notes')
          .values({ owner, slug: candidate, text })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
      });
      return { slug, path: `${PAPERS_DIR}/${slug}.md` };
    },
    async list() {
      const rows = await db.selectFrom('paper_notes').select(['slug', 'text']).where('owner', '=', owner).orderBy('slug').execute();
      const listed: Awaited<ReturnType<PaperStore['list']>> = { papers: [], problems: [] };
      for (const row of rows) {
        const parsed = parsePaper(`${PAPERS_DIR}/${row.slug}.md`, row.text);
        if ('paper' in parsed) listed.papers.push(parsed.paper);
        else listed.problems.push(parsed.problem);
      }
      return listed;
    },
    text: textOf,
    async replace(slug, text) {
      await textOf(slug);
      await db.updateTable('paper_notes').set({ text }).where('owner', '=', owner).where('slug', '=', slug).execute();
    },
  };
}

function sqlRuns(db: Kysely<StoreTables>, owner: string): RunStore {
  const unknown = (id: string, detail: string) => new TrailError('RUN_NOT_FOUND', `no run "${id}"${detail}`, '`trail runs` lists the runs and their ids');
  return {
    async write(record) {
      if (!RUN_ID.test(record.id)) throw new TrailError('RUN_NOT_FOUND', `"${record.id}" is not a run id`, 'a run id is a ULID: letters and digits only');
      const text = JSON.stringify(record);
      await db
        .insertInto('runs')
        .values({ owner, id: record.id, record: text })
        .onConflict((oc) => oc.columns(['owner', 'id']).doUpdateSet({ record: text }))
        .execute();
      return `runs/${record.id} (team database)`;
    },
    async list() {
      const rows = await db.selectFrom('runs').select(['id', 'record']).where('owner', '=', owner).orderBy('id').execute();
      const listed: Awaited<ReturnType<RunStore['list']>> = { runs: [], problems: [] };
      for (const row of rows) {
        try {
          listed.runs.push(parseRunRecord(row.record));
        } catch (error) {
          listed.problems.push({ path: `runs/${row.id}`, message: (error as Error).message });
        }
      }
      return listed;
    },
    async read(id) {
      if (!RUN_ID.test(id)) throw unknown(id, ': a run id has letters and digits only');
      const rows = await db
        .selectFrom('runs')
        .select(['id', 'record'])
        .where('owner', '=', owner)
        .where(sql<string>`upper(id)`, 'like', `${id.toUpperCase()}%`)
        .limit(2)
        .execute();
      if (rows.length !== 1) throw unknown(id, rows.length > 1 ? ': several runs start so; give more of the id' : '');
      return parseRunRecord(rows[0]!.record);
    },
  };
}

function sqlResults(db: Kysely<StoreTables>, owner: string): RunResultStore {
  return {
    async write(id, result) {
      if (!RUN_ID.test(id)) throw new TrailError('RUN_NOT_FOUND', `"${id}" is not a run id`, 'a run id is a ULID: letters and digits only');
      const text = JSON.stringify(result);
      await db
        .insertInto('run_results')
        .values({ owner, id, result: text })
        .onConflict((oc) => oc.columns(['owner', 'id']).doUpdateSet({ result: text }))
        .execute();
    },
    async read(id) {
      if (!RUN_ID.test(id)) return null;
      const row = await db.selectFrom('run_results').select('result').where('owner', '=', owner).where('id', '=', id).executeTakeFirst();
      return row ? parseCheckResult(row.result) : null;
    },
  };
}

function sqlArtifacts(db: Kysely<StoreTables>, owner: string): ArtifactStore {
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await db
        .insertInto('artifacts')
        .values({ owner, sha256, bytes })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return { sha256, bytes: bytes.length };
    },
    async get(sha256) {
      if (!DIGEST.test(sha256))
        throw new TrailError(
          'ARTIFACT_INVALID',
          `"${sha256}" is not a SHA-256 digest`,
          'a digest is 64 hexadecimal digits, lower case, as a run record lists it',
        );
      const row = await db.selectFrom('artifacts').select('bytes').where('owner', '=', owner).where('sha256', '=', sha256).executeTakeFirst();
      if (!row)
        throw new TrailError(
          'FILE_NOT_FOUND',
          `no artifact ${sha256} in the team database`,
          'the artifact was never stored here; store it again from its file',
        );
      return new Uint8Array(row.bytes);
    },
  };
}
