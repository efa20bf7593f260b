import { TrailError } from '../../core/errors.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { commit, eventContext, openFor, type JsonOption } from './common.js';

/** `trail practice on|off`: practice mode opens every node; events made in it say so. */
export async function practice(where: string, mode: string, options: JsonOption): Promise<number> {
  if (mode !== 'on' && mode !== 'off') throw new TrailError('USAGE', `"${mode}" is not on or off`, 'run `trail practice on` or `trail practice off`');
  const session = await openFor(where, options);
  const enabled = mode === 'on';
  const event = newEvent('practiced', { type: 'track', track: session.track.id }, { result: { enabled }, context: eventContext(session) });
  const outcome = await commit(session, undefined, event);
  if (options.json) printJson({ practice: enabled, event });
  else printLines(enabled ? `Practice mode is on: every node is open (${outcome.unlocked.length} unlocked). Work done now is recorded as practice.` : 'Practice mode is off: the track\'s rules apply again; what you finished stays done.');
  return 0;
}
