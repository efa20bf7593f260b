import { ulid } from 'ulid';
import { TrailError } from '../core/errors.js';
import type { Criterion, Node } from '../core/track.js';
import { runCheck, type CheckRun } from '../runner/check.js';
import { writeFileAtomic } from '../store/safe-files.js';
import { commit, eventContext, type Outcome } from './actions.js';
import { newEvent } from './record.js';
import type { Session } from './session.js';

/** The check criterion of a node: what to run and what to expect. */
export type CheckSpec = Extract<Criterion, { kind: 'check' }>;

/** What a caller wants to hear while checks run: each start, and the program's output as it comes. */
export interface CheckListener {
  onStart?(criterion: CheckSpec): void;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  onRun?(criterion: CheckSpec, run: CheckRun): void;
}

/** Picks the check criteria of a node to run: one by id, or all of them. */
export function checksOf(node: Node, criterionId: string | undefined): CheckSpec[] {
  const checks = node.criteria.filter((c): c is CheckSpec => c.kind === 'check');
  if (checks.length === 0)
    throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no exercise check`, `\`trail show ${node.id}\` lists what it needs`);
  if (!criterionId) return checks;
  const one = checks.find((c) => c.id === criterionId);
  if (!one) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no check "${criterionId}"`, `its checks: ${checks.map((c) => c.id).join(', ')}`);
  return [one];
}

/** Runs the checks of a node, records each run (a `checked` and an `experimented` event), returns the runs; programs start from `env` (default: this process's). */
export async function runNodeChecks(
  session: Session,
  node: Node,
  checks: CheckSpec[],
  listener: CheckListener = {},
  env?: NodeJS.ProcessEnv,
): Promise<{ runs: Array<{ criterion: string; run: CheckRun }>; outcome: Outcome }> {
  const runs: Array<{ criterion: string; run: CheckRun }> = [];
  const events = [];
  for (const criterion of checks) {
    listener.onStart?.(criterion);
    const onOutput = listener.onOutput;
    const now = session.host.clock();
    const run = await runCheck({
      workspaceRoot: session.workspace.root,
      trackDir: session.workspace.trackDir,
      node,
      criterion,
      runId: ulid(now.getTime()),
      now,
      env: session.host.env,
      writeFile: writeFileAtomic,
      ...(onOutput ? { onOutput } : {}),
      ...(env ? { env } : {}),
    });
    runs.push({ criterion: criterion.id, run });
    listener.onRun?.(criterion, run);
    await session.host.publish?.plots(session, run.record);
    const context = eventContext(session);
    const at = session.host.clock();
    const skipped = run.result.status === 'skipped' ? { message: run.result.message, missing: run.result.missing } : {};
    events.push(
      newEvent(
        'checked',
        { type: 'criterion', node: node.id, criterion: criterion.id },
        {
          result: { status: run.result.status, runId: run.id, durationMs: run.result.durationMs, success: run.result.status === 'pass', ...skipped },
          context,
          now: at,
          host: session.host,
        },
      ),
    );
    const finals = Object.fromEntries(Object.entries(run.record.metrics).map(([name, values]) => [name, values.at(-1)!]));
    // A run that was stopped or could not start is no experiment.
    if (run.result.status === 'pass' || run.result.status === 'fail')
      events.push(
        newEvent(
          'experimented',
          { type: 'node', node: node.id },
          { result: { runId: run.id, source: 'check', criterion: criterion.id, metrics: finals }, context, now: at, host: session.host },
        ),
      );
  }
  return { runs, outcome: await commit(session, node.id, ...events) };
}
