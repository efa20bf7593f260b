import { TrailError } from '../../core/errors.js';
import { newEvent } from '../../workspace/record.js';
import { printJson, printLines } from '../output.js';
import { commit, describeOutcome, eventContext, requireNode, requireUnlocked, openFor, type JsonOption } from './common.js';
import { ask } from './prompt.js';

/** `trail attest <node> [criterion] --text`: the learner affirms a statement in their own words. */
export async function attest(where: string, nodeId: string, criterionId: string | undefined, options: JsonOption & { text?: string }): Promise<number> {
  const session = await openFor(where, options);
  const { node, state } = requireNode(session, nodeId);
  const attests = node.criteria.filter((criterion) => criterion.kind === 'attest');
  const list = attests.map((criterion) => `${criterion.id} ("${criterion.text}")`).join('; ');
  let criterion = criterionId ? attests.find((candidate) => candidate.id === criterionId) : undefined;
  if (criterionId && !criterion) {
    throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no attest criterion "${criterionId}"`, attests.length ? `its attest criteria: ${list}` : `"${node.id}" has no attest criteria; \`trail show ${node.id}\` lists what it needs`);
  }
  if (!criterion) {
    const open = attests.filter((candidate) => state.criteria.find((c) => c.id === candidate.id)?.state !== 'met');
    if (attests.length === 0) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no attest criteria`, `\`trail show ${node.id}\` lists what it needs`);
    if (open.length !== 1) {
      throw new TrailError('USAGE', `node "${node.id}" has ${open.length || attests.length} attest criteria; say which one`, `e.g. \`trail attest ${node.id} ${(open[0] ?? attests[0])!.id} --text "…"\`; criteria: ${list}`);
    }
    criterion = open[0]!;
  }
  if (criterion.kind !== 'attest') throw new Error('unreachable: attest criteria only');
  requireUnlocked(session, state);

  let statement = options.text ?? (await ask(`${criterion.text}\nIn your own words: `));
  if (statement === undefined) {
    throw new TrailError('USAGE', 'no statement given', `pass it with --text: \`trail attest ${node.id} ${criterion.id} --text "…"\``);
  }
  statement = statement.trim();
  if (statement.length < criterion.minLength) {
    throw new TrailError('STATEMENT_TOO_SHORT', `your statement has ${statement.length} characters; "${criterion.id}" asks for at least ${criterion.minLength}`, 'say in your own words what you did or understood, and how you know');
  }
  if (normalise(statement) === normalise(criterion.text)) {
    throw new TrailError('STATEMENT_TOO_SHORT', 'your statement repeats the criterion word for word', 'say it in your own words: what you did, what you found, how you know');
  }
  const event = newEvent('attested', { type: 'criterion', node: node.id, criterion: criterion.id }, { result: { response: statement }, context: eventContext(session) });
  const outcome = await commit(session, node.id, event);
  if (options.json) {
    printJson({ event, node: outcome.node, unlocked: outcome.unlocked });
    return 0;
  }
  printLines(`Recorded: ${node.id} › ${criterion.id}.`, ...describeOutcome(outcome));
  return 0;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
