import { TrailError } from '../../core/errors.js';
import { attest as attestStatement, pickAttest } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { describeOutcome, reported, requireNode, requireUnlocked, openFor, type JsonOption } from './common.js';
import { ask } from './prompt.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';

/** `trail attest`. */
export const attestCommand = command({
  name: 'attest',
  description: 'affirm an attest criterion of a node in your own words',
  arguments: [
    { name: '<node>', description: 'node id' },
    { name: '[criterion]', description: 'criterion id (needed when the node has several open ones)' },
  ],
  options: [{ flags: '--text <statement>', description: 'your statement (asked for when omitted in a terminal)' }, JSON_OPTION],
  action: (cli, node: string, criterion: string | undefined, options: JsonOption & { text?: string }) => attest(cli, node, criterion, options),
});

/** `trail attest <node> [criterion] --text`: the learner affirms a statement in their own words. */
export async function attest(cli: Cli, nodeId: string, criterionId: string | undefined, options: JsonOption & { text?: string }): Promise<number> {
  const session = await openFor(cli, options);
  const { node, state } = requireNode(session, nodeId);
  const criterion = pickAttest(node, state, criterionId);
  requireUnlocked(state);

  const statement = options.text ?? (await ask(cli, `${criterion.text}\nIn your own words: `));
  if (statement === undefined) {
    throw new TrailError('USAGE', 'no statement given', `pass it with --text: \`trail attest ${node.id} ${criterion.id} --text "…"\``);
  }
  const outcome = reported(cli, await attestStatement(session, node, criterion, statement));
  if (options.json) {
    printJson(cli, { event: outcome.event, node: outcome.node, unlocked: outcome.unlocked });
    return 0;
  }
  printLines(cli, `Recorded: ${node.id} › ${criterion.id}.`, ...describeOutcome(outcome));
  return 0;
}
