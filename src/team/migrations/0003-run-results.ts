import type { Kysely } from 'kysely';

/** Check results beside the runs of the SQL store (the port's `RunResultStore`): a worker's verified run keeps what it found. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('run_results')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('result', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('run_results_pk', ['owner', 'id'])
    .execute();
}

/** Drops what `up` made. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('run_results').execute();
}
