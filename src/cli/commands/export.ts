import { TrailError } from '../../core/errors.js';
import { autoExportOn, writeExport } from '../../records/export.js';
import { readEventLog } from '../../store/event-log.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { eventContext, openFor, type JsonOption } from './common.js';
import { workspaceFiles } from '../../store/files.js';

/** Options of `trail export`. */
export interface ExportOptions extends JsonOption {
  force?: boolean;
  auto?: string;
}

/**
 * `trail export`: writes experiments_log.md, learning_journal.md, PROGRESS.md and the progress
 * block of README.md. `--auto on|off` instead records whether that happens after each completed node.
 */
export async function exportCommand(where: string, options: ExportOptions): Promise<number> {
  const session = await openFor(where, options);
  if (options.auto !== undefined) {
    if (options.auto !== 'on' && options.auto !== 'off') throw new TrailError('USAGE', `--auto takes "on" or "off", not "${options.auto}"`, 'write `trail export --auto off` (or on)');
    const auto = options.auto === 'on';
    const changed = autoExportOn(readEventLog(session.workspace.eventsPath).events) !== auto;
    if (changed) await session.store.events.append([newEvent('export-settings', { type: 'track', track: session.track.id }, { result: { auto }, context: eventContext(session), now: session.host.clock() })]);
    if (options.json) {
      printJson({ auto, changed });
      return 0;
    }
    printLines(auto ? 'Records are exported after each node you complete.' : 'Records are no longer exported automatically; run `trail export` when you want them.');
    return 0;
  }
  const files = await writeExport(session, workspaceFiles(session.workspace.root), { force: options.force });
  if (options.json) {
    printJson({ files });
    return 0;
  }
  printLines(...files.map((file) => `${file.action === 'written' ? 'wrote    ' : 'unchanged'} ${file.path}`));
  return 0;
}
