import { makeWorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { CHECK_TABLES } from './tables.js';

/** Creates (or upgrades) the queue's schema and the check tables; idempotent, safe from several processes. */
export async function prepareCheckQueue(connectionString: string): Promise<void> {
  const pool = new pg.Pool({ connectionString, max: 2 });
  try {
    const utils = await makeWorkerUtils({ pgPool: pool });
    try {
      await utils.migrate();
    } finally {
      await utils.release();
    }
    await pool.query(CHECK_TABLES);
  } finally {
    await pool.end();
  }
}
