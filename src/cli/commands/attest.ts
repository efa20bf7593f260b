import { TrailError } from '../../core/errors.js';
import { attest as attestStatement, pickAttest } from '../../workspace/actions.js';
import { printJson, printLines } from '../output.js';
import { describeOutcome, reported, requireNode, requireUnlocked, openFor, type JsonOption } from './common.js';
import { ask } from './prompt.js';

/** `trail attest <node> [criterion] --text`: the learner affirms a statement in their own words. */
export async function attest(where: string, nodeId: string, criterionId: string | undefined, options: JsonOption & { text?: string }): Promise<number> {
  const session = await openFor(where, options);
  const { node, state } = requireNode(session, nodeId);
  const criterion = pickAttest(session, node, state, criterionId);
  requireUnlocked(session, state);

  const statement = options.text ?? (await ask(`${criterion.text}\nIn your own words: `));
  if (statement === undefined) {
    throw new TrailError('USAGE', 'no statement given', `pass it with --text: \`trail attest ${node.id} ${criterion.id} --text "…"\``);
  }
  const outcome = reported(await attestStatement(session, node, criterion, statement));
  if (options.json) {
    printJson({ event: outcome.event, node: outcome.node, unlocked: outcome.unlocked });
    return 0;
  }
  printLines(`Recorded: ${node.id} › ${criterion.id}.`, ...describeOutcome(outcome));
  return 0;
}
