import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Sql, SqlPool } from './store.js';

/** Queries through a `pg` pool or one of its connections; the rows are what the caller's SQL selects. */
function pgQuery(db: pg.Pool | pg.PoolClient): Sql['query'] {
  return async (text, values) => ({ rows: (await db.query(text, values)).rows });
}

/** The check jobs' database over a `pg` pool: a transaction holds one connection of it. */
export function pgSql(pool: pg.Pool): SqlPool {
  return {
    query: pgQuery(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const value = await work({ query: pgQuery(client) });
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** The check jobs' database over the team's Kysely database (PostgreSQL or PGlite): the same SQL, its transactions. */
export function kyselySql<T>(db: Kysely<T>): SqlPool {
  const over = (executor: Kysely<T>): Sql => ({
    query: async (text, values = []) => ({ rows: (await executor.executeQuery(CompiledQuery.raw(text, values))).rows as never[] }),
  });
  return {
    ...over(db),
    transaction: (work) => db.transaction().execute((trx) => work(over(trx))),
  };
}
