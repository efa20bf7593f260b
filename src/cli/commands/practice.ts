import { TrailError } from '../../core/errors.js';
import { setPractice } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, reported, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail practice`. */
export const practiceCommand = command({
  name: 'practice',
  description: 'practice mode: unlock every node (recorded in your log as practice)',
  arguments: [{ name: '<on|off>', description: 'turn practice mode on or off' }],
  options: [JSON_OPTION],
  action: (cli, mode: string, options: JsonOption) => practice(cli, mode, options),
});

/** `trail practice on|off`: practice mode opens every node; events made in it say so. */
export async function practice(cli: Cli, mode: string, options: JsonOption): Promise<number> {
  if (mode !== 'on' && mode !== 'off') throw new TrailError('USAGE', `"${mode}" is not on or off`, 'run `trail practice on` or `trail practice off`');
  const session = await openFor(cli, options);
  const enabled = mode === 'on';
  const outcome = reported(cli, await setPractice(session, enabled));
  if (options.json) printJson(cli, { practice: enabled, event: outcome.event });
  else
    printLines(
      cli,
      enabled
        ? `Practice mode is on: every node is open (${outcome.unlocked.length} unlocked). Work done now is recorded as practice.`
        : "Practice mode is off: the track's rules apply again; what you finished stays done.",
    );
  return 0;
}
