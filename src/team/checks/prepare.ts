import { makeWorkerUtils } from 'graphile-worker';
import pg from 'pg';

/**
 * Creates (or upgrades) graphile-worker's schema, the queue the check jobs go on; idempotent and
 * safe from several processes. The check tables come with the team database's migrations.
 */
export async function prepareCheckQueue(connectionString: string): Promise<void> {
  const pool = new pg.Pool({ connectionString, max: 2 });
  try {
    const utils = await makeWorkerUtils({ pgPool: pool });
    try {
      await utils.migrate();
    } finally {
      await utils.release();
    }
  } finally {
    await pool.end();
  }
}
