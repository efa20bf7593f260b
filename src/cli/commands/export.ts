import { TrailError } from '../../core/errors.js';
import { autoExportOn, writeExport } from '../../records/export.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { eventContext, openFor, type JsonOption } from './common.js';
import type { XapiExportOptions } from './xapi.js';
import type { Cli } from '../context.js';
import { workspaceFiles } from '../../store/files.js';

/** Options of `trail export`. */
export interface ExportOptions extends JsonOption {
  force?: boolean;
  auto?: string;
}

/** `trail export`, and `trail export --xapi`. */
export const exportCommand = command({
  name: 'export',
  description: 'write experiments_log.md, learning_journal.md, PROGRESS.md and the README progress block; --xapi: xAPI statements',
  options: [
    { flags: '--xapi', description: 'write your history as xAPI 1.0.3 statements (a JSON array) instead' },
    { flags: '-o, --out <file>', description: 'with --xapi: write to this file instead of stdout' },
    { flags: '--activity-base <iri>', description: 'with --xapi: base of activity IRIs', default: 'https://trailguide.invalid' },
    { flags: '--force', description: 'overwrite export files edited by hand outside their markers' },
    { flags: '--auto <on|off>', description: 'instead of exporting: whether to export after each node you complete (default on)' },
    JSON_OPTION,
  ],
  action: async (cli, options: XapiExportOptions & ExportOptions & { xapi?: boolean }) => {
    if (!options.xapi) return exportRecords(cli, options);
    const { xapiExport } = await import('./xapi.js');
    return xapiExport(cli, options);
  },
});

/**
 * `trail export`: writes experiments_log.md, learning_journal.md, PROGRESS.md and the progress
 * block of README.md. `--auto on|off` instead records whether that happens after each completed node.
 */
export async function exportRecords(cli: Cli, options: ExportOptions): Promise<number> {
  const session = await openFor(cli, options);
  if (options.auto !== undefined) {
    if (options.auto !== 'on' && options.auto !== 'off')
      throw new TrailError('USAGE', `--auto takes "on" or "off", not "${options.auto}"`, 'write `trail export --auto off` (or on)');
    const auto = options.auto === 'on';
    const changed = autoExportOn((await session.store.events.read()).events) !== auto;
    if (changed)
      await session.store.events.append([
        newEvent(
          'export-settings',
          { type: 'track', track: session.track.id },
          { result: { auto }, context: eventContext(session), now: session.host.clock(), host: session.host },
        ),
      ]);
    if (options.json) {
      printJson(cli, { auto, changed });
      return 0;
    }
    printLines(
      cli,
      auto ? 'Records are exported after each node you complete.' : 'Records are no longer exported automatically; run `trail export` when you want them.',
    );
    return 0;
  }
  const files = await writeExport(session, workspaceFiles(session.workspace.root), { force: options.force });
  if (options.json) {
    printJson(cli, { files });
    return 0;
  }
  printLines(cli, ...files.map((file) => `${file.action === 'written' ? 'wrote    ' : 'unchanged'} ${file.path}`));
  return 0;
}
