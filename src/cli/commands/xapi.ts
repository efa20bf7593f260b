import { TrailError } from '../../core/errors.js';
import { syncStatements } from '../lrs.js';
import { activityBaseOf, DEFAULT_ACTIVITY_BASE, toStatements, type XapiStatement } from '../../records/xapi.js';
import { localActor } from '../../workspace/record.js';
import type { Session } from '../../workspace/session.js';
import { writeFileAtomic } from '../../store/safe-files.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** Options of `trail export --xapi`. */
export interface XapiExportOptions extends JsonOption {
  out?: string;
  activityBase?: string;
}

/** Options of `trail sync-lrs`. */
export interface SyncLrsOptions extends JsonOption {
  endpoint: string;
  user: string;
  password?: string;
  batch?: string;
  activityBase?: string;
}

/** `trail sync-lrs`. */
export const syncLrsCommand = command({
  name: 'sync-lrs',
  description: 'send the xAPI statements a Learning Record Store has not stored yet, in batches',
  options: [
    { flags: '--endpoint <url>', description: 'the LRS endpoint (statements go to <url>/statements)', required: true },
    { flags: '--user <name>', description: 'LRS user (key)', required: true },
    { flags: '--password <secret>', description: 'LRS password (secret); default: $TRAIL_LRS_PASSWORD' },
    { flags: '--batch <n>', description: 'statements per request', default: '50' },
    { flags: '--activity-base <iri>', description: 'base of activity IRIs', default: 'https://trailguide.invalid' },
    JSON_OPTION,
  ],
  action: (cli, options: SyncLrsOptions) => syncLrs(cli, options),
});

/** The workspace's history as xAPI statements (log events and journal entries, in time order). */
export async function statementsOf(session: Session, activityBase: string | undefined): Promise<XapiStatement[]> {
  const base = activityBaseOf(activityBase ?? DEFAULT_ACTIVITY_BASE);
  if (!base) throw new TrailError('USAGE', `--activity-base "${activityBase}" is not an absolute http(s) IRI`, `e.g. --activity-base ${DEFAULT_ACTIVITY_BASE}`);
  const { events } = await session.store.events.read();
  return toStatements({ events, track: session.track, journal: session.journal, activityBase: base, learner: localActor().name });
}

/** `trail export --xapi [--out <file>]`: the history as a JSON array of xAPI 1.0.3 statements. */
export async function xapiExport(cli: Cli, options: XapiExportOptions): Promise<number> {
  const session = await openFor(cli, options);
  const statements = await statementsOf(session, options.activityBase);
  const text = `${JSON.stringify(statements, null, 2)}\n`;
  if (!options.out) {
    cli.stdout.write(text);
    return 0;
  }
  const out = cli.path(options.out);
  try {
    writeFileAtomic(out, text);
  } catch (error) {
    throw new TrailError(
      'FILE_NOT_FOUND',
      `cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'give --out a path in a folder that exists and that you can write to',
    );
  }
  if (options.json) printJson(cli, { out, statements: statements.length });
  else printLines(cli, `Wrote ${statements.length} xAPI statement(s) to ${out}.`);
  return 0;
}

/** `trail sync-lrs`: posts the statements an LRS has not stored yet, in batches. */
export async function syncLrs(cli: Cli, options: SyncLrsOptions): Promise<number> {
  const batch = options.batch === undefined ? 50 : Number(options.batch);
  if (!Number.isInteger(batch) || batch < 1)
    throw new TrailError('USAGE', `--batch "${options.batch}" is not a whole number of statements above 0`, 'e.g. --batch 50');
  const password = options.password ?? cli.env.TRAIL_LRS_PASSWORD;
  if (password === undefined)
    throw new TrailError('USAGE', 'no LRS password given', 'pass --password <secret>, or set TRAIL_LRS_PASSWORD (kept out of your shell history)');
  const session = await openFor(cli, options);
  const statements = await statementsOf(session, options.activityBase);
  const report = await syncStatements(session.workspace, statements, { endpoint: options.endpoint, user: options.user, password, batch });
  if (options.json) {
    printJson(cli, report);
    return 0;
  }
  const now = report.stored + report.alreadyStored;
  printLines(
    cli,
    now === 0
      ? `Nothing new to send: the LRS at ${report.endpoint} has all ${report.total} statement(s).`
      : `Sent ${now} statement(s) to ${report.endpoint} in ${report.batches} request(s)${report.alreadyStored ? ` (${report.alreadyStored} it already had)` : ''}; ${report.sentBefore} were sent before.`,
  );
  return 0;
}
