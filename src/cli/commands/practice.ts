import { TrailError } from '../../core/errors.js';
import { setPractice } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { openFor, reported, type JsonOption } from './common.js';

/** `trail practice on|off`: practice mode opens every node; events made in it say so. */
export async function practice(where: string, mode: string, options: JsonOption): Promise<number> {
  if (mode !== 'on' && mode !== 'off') throw new TrailError('USAGE', `"${mode}" is not on or off`, 'run `trail practice on` or `trail practice off`');
  const session = await openFor(where, options);
  const enabled = mode === 'on';
  const outcome = reported(await setPractice(session, enabled));
  if (options.json) printJson({ practice: enabled, event: outcome.event });
  else printLines(enabled ? `Practice mode is on: every node is open (${outcome.unlocked.length} unlocked). Work done now is recorded as practice.` : 'Practice mode is off: the track\'s rules apply again; what you finished stays done.');
  return 0;
}
