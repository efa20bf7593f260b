import { TrailError } from '../../core/errors.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { commit, eventContext, requireNode, openFor, type JsonOption } from './common.js';
import { ask } from './prompt.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';

/** `trail reset`. */
export const resetCommand = command({
  name: 'reset',
  description: 'start a node (or the whole track) over; earlier events stay in the log',
  arguments: [{ name: '[node]', description: 'node id' }],
  options: [{ flags: '--all', description: 'reset every node' }, { flags: '-y, --yes', description: 'do not ask for confirmation' }, JSON_OPTION],
  action: (cli, node: string | undefined, options: JsonOption & { all?: boolean; yes?: boolean }) => reset(cli, node, options),
});

/** `trail reset <node>|--all`: records a reset after confirmation; no event or file is deleted. */
export async function reset(cli: Cli, nodeId: string | undefined, options: JsonOption & { all?: boolean; yes?: boolean }): Promise<number> {
  if (!nodeId === !options.all) {
    throw new TrailError('USAGE', options.all ? 'give either a node or --all, not both' : 'say what to reset', 'e.g. `trail reset m1` or `trail reset --all`');
  }
  const session = await openFor(cli, options);
  const node = nodeId ? requireNode(session, nodeId).node : undefined;
  const what = node ? `node "${node.id}"` : `all ${session.track.nodes.length} nodes of ${session.track.id}`;
  if (!options.yes) {
    const answer = await ask(cli, `Reset ${what}? Its progress starts over; the history stays in your log. [y/N] `);
    if (answer === undefined) throw new TrailError('CONFIRMATION_REQUIRED', `resetting ${what} needs confirmation`, 'run it in a terminal, or add --yes');
    if (!/^y(es)?$/i.test(answer.trim())) {
      printLines(cli, 'Nothing was reset.');
      return 0;
    }
  }
  const object = node ? { type: 'node', node: node.id } : { type: 'track', track: session.track.id };
  const event = newEvent('reset', object, { context: eventContext(session), now: session.host.clock(), host: session.host });
  const outcome = await commit(cli, session, node?.id, event);
  if (options.json) printJson(cli, { event, node: outcome.node ?? null });
  else printLines(cli, `Reset ${what}. Earlier events stay in .trail/events.jsonl; journal entries and files are untouched.`);
  return 0;
}
