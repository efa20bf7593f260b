import type { Migration } from 'kysely';
import * as team from './0001-team.js';
import * as checkQueue from './0002-check-queue.js';
import * as runResults from './0003-run-results.js';

/**
 * The migrations, in order. Listed here rather than read from the folder, so that the bundled CLI
 * carries them. A migration once released is never edited: a change is a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-team': team,
  '0002-check-queue': checkQueue,
  '0003-run-results': runResults,
};
