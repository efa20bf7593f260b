import { skip as skipNode } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { describeOutcome, openFor, reported, requireNode, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail skip`. */
export const skipCommand = command({
  name: 'skip',
  description: 'skip an optional node',
  arguments: [{ name: '<node>', description: 'node id' }],
  options: [JSON_OPTION],
  action: (cli, node: string, options: JsonOption) => skip(cli, node, options),
});

/** `trail skip <node>`: skips an optional node; required nodes cannot be skipped. */
export async function skip(cli: Cli, nodeId: string, options: JsonOption): Promise<number> {
  const session = await openFor(cli, options);
  const { node } = requireNode(session, nodeId);
  const outcome = reported(cli, await skipNode(session, node));
  if (options.json) printJson(cli, { event: outcome.event, node: outcome.node, unlocked: outcome.unlocked });
  else printLines(cli, `Skipped ${node.id}. \`trail reset ${node.id}\` takes it back.`, ...describeOutcome(outcome));
  return 0;
}
