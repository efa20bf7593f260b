import { ulid } from 'ulid';
import type { CheckResult } from '../../core/check.js';
import { TrailError } from '../../core/errors.js';
import type { Criterion, Node } from '../../core/track.js';
import { newEvent } from '../../workspace/record.js';
import type { Session } from '../../workspace/session.js';
import { plotRun } from '../../records/plots.js';
import { runCheck, type CheckRun } from '../../runner/check.js';
import { colours, printJson, printLines } from '../output.js';
import { commit, describeOutcome, eventContext, openFor, requireNode, requireUnlocked, type JsonOption, type Outcome } from './common.js';

type CheckSpec = Extract<Criterion, { kind: 'check' }>;

/** Picks the check criteria of a node to run: one by id, or all of them. */
export function checksOf(node: Node, criterionId: string | undefined): CheckSpec[] {
  const checks = node.criteria.filter((c): c is CheckSpec => c.kind === 'check');
  if (checks.length === 0) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no exercise check`, `\`trail show ${node.id}\` lists what it needs`);
  if (!criterionId) return checks;
  const one = checks.find((c) => c.id === criterionId);
  if (!one) throw new TrailError('CRITERION_NOT_FOUND', `node "${node.id}" has no check "${criterionId}"`, `its checks: ${checks.map((c) => c.id).join(', ')}`);
  return [one];
}

/** Runs the checks of a node, records each run (a `checked` and an `experimented` event), returns the runs. */
export async function runNodeChecks(session: Session, node: Node, checks: CheckSpec[], live: boolean): Promise<{ runs: Array<{ criterion: string; run: CheckRun }>; outcome: Outcome }> {
  const c = colours(process.stderr);
  const runs: Array<{ criterion: string; run: CheckRun }> = [];
  const events = [];
  for (const criterion of checks) {
    const started = Date.now();
    const ticker = live && process.stderr.isTTY ? setInterval(() => process.stderr.write(`\r${c.dim(`⏱ ${((Date.now() - started) / 1000).toFixed(1)} s`)}`), 200) : undefined;
    if (live) process.stderr.write(`${c.bold(`▶ ${node.id} › ${criterion.id}`)} ${c.dim(`${criterion.run ?? `${criterion.tests!.framework} tests`} (limit ${criterion.timeout})`)}\n`);
    const run = await runCheck({
      workspaceRoot: session.workspace.root,
      trackDir: session.workspace.trackDir,
      node,
      criterion,
      runId: ulid(),
      now: new Date(),
      ...(live ? { onOutput: (stream: 'stdout' | 'stderr', text: string) => (stream === 'stdout' ? process.stdout : process.stderr).write(text) } : {}),
    });
    if (ticker) {
      clearInterval(ticker);
      process.stderr.write('\r');
    }
    runs.push({ criterion: criterion.id, run });
    await plotRun(session.workspace, run.record);
    const context = eventContext(session);
    events.push(newEvent('checked', { type: 'criterion', node: node.id, criterion: criterion.id }, { result: { status: run.result.status, runId: run.id, durationMs: run.result.durationMs, success: run.result.status === 'pass' }, context }));
    const finals = Object.fromEntries(Object.entries(run.record.metrics).map(([name, values]) => [name, values.at(-1)!]));
    // A run that was stopped or could not start is no experiment.
    if (run.result.status === 'pass' || run.result.status === 'fail') events.push(newEvent('experimented', { type: 'node', node: node.id }, { result: { runId: run.id, source: 'check', criterion: criterion.id, metrics: finals }, context }));
  }
  return { runs, outcome: await commit(session, node.id, ...events) };
}

/** Lines for people: the status, the first failing test with expected and actual, metrics, artifacts. */
export function describeResult(criterion: string, result: CheckResult, dir: string): string[] {
  const c = colours();
  const mark = result.status === 'pass' ? c.green('✓ pass') : result.status === 'fail' ? c.red('✗ fail') : result.status === 'timeout' ? c.yellow('⏱ timeout') : c.red('! error');
  const lines = [`${mark} ${criterion}: ${result.message} ${c.dim(`(${(result.durationMs / 1000).toFixed(1)} s)`)}`];
  const failed = result.tests.find((t) => t.status === 'fail' || t.status === 'error');
  if (failed) {
    lines.push(`  first failing test: ${c.bold(failed.name)}`);
    if (failed.message) lines.push(`    ${failed.message}`);
    if (failed.expected !== undefined) lines.push(`    expected: ${failed.expected}`);
    if (failed.actual !== undefined) lines.push(`    actual:   ${failed.actual}`);
  }
  for (const m of result.metrics) {
    const condition = [m.op, m.threshold ?? undefined, m.tolerance !== undefined ? `± ${m.tolerance}` : undefined].filter((part) => part !== undefined).join(' ');
    lines.push(`  ${m.ok ? c.green('✓') : c.red('✗')} metric ${m.name} (${m.of}) = ${m.value ?? '—'} ${condition}`);
  }
  for (const a of result.artifacts) lines.push(c.dim(`  artifact ${a.path} sha256 ${a.sha256.slice(0, 12)}… (${a.bytes} bytes)`));
  if (result.network !== 'denied' && result.network !== 'allowed') lines.push(c.dim(`  network: ${result.network}`));
  lines.push(c.dim(`  result: ${dir}/result.json`));
  return lines;
}

/** `trail check <node>`: runs the node's exercise checks on the learner's code. */
export async function check(where: string, nodeId: string, options: JsonOption & { criterion?: string }): Promise<number> {
  const session = await openFor(where, options);
  const { node, state } = requireNode(session, nodeId);
  requireUnlocked(session, state);
  const { runs, outcome } = await runNodeChecks(session, node, checksOf(node, options.criterion), !options.json);
  const code = runs.some(({ run }) => run.result.status === 'error') ? 4 : runs.every(({ run }) => run.result.status === 'pass') ? 0 : 1;
  if (options.json) {
    printJson({ node: node.id, runs: runs.map(({ criterion, run }) => ({ criterion, runId: run.id, result: run.result })), status: outcome.node?.status ?? null, unlocked: outcome.unlocked });
    return code;
  }
  printLines('', ...runs.flatMap(({ criterion, run }) => describeResult(criterion, run.result, run.dir.slice(session.workspace.root.length + 1))), ...describeOutcome(outcome));
  return code;
}
