import { TrailError } from '../../core/errors.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { commit, describeOutcome, eventContext, requireNode, openFor, type JsonOption } from './common.js';

/** `trail skip <node>`: skips an optional node; required nodes cannot be skipped. */
export async function skip(where: string, nodeId: string, options: JsonOption): Promise<number> {
  const session = await openFor(where, options);
  const { node } = requireNode(session, nodeId);
  if (!node.optional) {
    throw new TrailError('NOT_OPTIONAL', `"${node.id}" is required, so it cannot be skipped`, 'only nodes marked optional can be skipped; practice mode (`trail practice on`) opens everything instead');
  }
  const event = newEvent('skipped', { type: 'node', node: node.id }, { context: eventContext(session) });
  const outcome = await commit(session, node.id, event);
  if (options.json) printJson({ event, node: outcome.node, unlocked: outcome.unlocked });
  else printLines(`Skipped ${node.id}. \`trail reset ${node.id}\` takes it back.`, ...describeOutcome(outcome));
  return 0;
}
