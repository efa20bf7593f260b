import { skip as skipNode } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { describeOutcome, openFor, reported, requireNode, type JsonOption } from './common.js';

/** `trail skip <node>`: skips an optional node; required nodes cannot be skipped. */
export async function skip(where: string, nodeId: string, options: JsonOption): Promise<number> {
  const session = await openFor(where, options);
  const { node } = requireNode(session, nodeId);
  const outcome = reported(await skipNode(session, node));
  if (options.json) printJson({ event: outcome.event, node: outcome.node, unlocked: outcome.unlocked });
  else printLines(`Skipped ${node.id}. \`trail reset ${node.id}\` takes it back.`, ...describeOutcome(outcome));
  return 0;
}
