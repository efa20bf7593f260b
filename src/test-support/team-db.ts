import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openTeamDatabase, type TeamDatabase } from '../team/db.js';

// A cold PGlite init takes seconds; a data folder dumped once (per PGlite version) loads in about one.
const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const version = (JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version: string }).version;
const TEMPLATE = join(tmpdir(), `trail-pglite-template-${version}.tar`);

/** A PGlite data folder freshly initialised, as a tarball (made once, then reused by every test). */
export async function pgliteTemplate(): Promise<Blob> {
  if (!existsSync(TEMPLATE)) {
    const { PGlite } = await import('@electric-sql/pglite');
    const database = new PGlite();
    await database.waitReady;
    const dump = await database.dumpDataDir('none');
    await database.close();
    mkdirSync(tmpdir(), { recursive: true });
    // Written beside and renamed: two test files making it at once never read half of it.
    const partial = `${TEMPLATE}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, TEMPLATE);
  }
  return new Blob([readFileSync(TEMPLATE)]);
}

/** A fresh, migrated PGlite team database in memory (from the template). */
export async function openTestPGlite(): Promise<TeamDatabase> {
  return openTeamDatabase({ template: await pgliteTemplate() });
}
