import type { CheckResult } from '../../core/check.js';
import { TrailError } from '../../core/errors.js';
import { checksOf, runNodeChecks, type CheckListener } from '../../workspace/run-checks.js';
import { formatMeasure } from '../../core/text.js';
import { colours, printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { describeOutcome, openFor, reported, requireNode, requireUnlocked, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

const SHOWN_FAILURES = 8;

/**
 * Lines for people: the status, every failing test and expectation with expected and actual, metrics, artifacts, and where the result is.
 * With `outputTail`, a result that did not pass ends with that many last lines of the program's output.
 */
export function describeResult(cli: Cli, criterion: string, result: CheckResult, where: string, outputTail?: number): string[] {
  const c = colours(cli);
  const mark = { pass: c.green('✓ pass'), fail: c.red('✗ fail'), timeout: c.yellow('⏱ timeout'), error: c.red('! error'), skipped: c.yellow('⊘ skipped') }[
    result.status
  ];
  if (result.status === 'skipped') {
    return [
      `${mark} ${criterion}: not run on this machine`,
      ...(result.missing ?? []).map((m) => `  needs ${c.bold(m.need)}: ${m.reason}`),
      c.dim(`  result: ${where}`),
    ];
  }
  const lines = [`${mark} ${criterion}: ${result.message} ${c.dim(`(${(result.durationMs / 1000).toFixed(1)} s)`)}`];
  // Every failing test and expectation (exit code, output, metric, file) with what was expected and seen.
  // Metric conditions have their own lines below, with the value seen.
  const failed = result.tests.filter((t) => (t.status === 'fail' || t.status === 'error') && !t.name.startsWith('metric: '));
  for (const test of failed.slice(0, SHOWN_FAILURES)) {
    lines.push(`  ${c.red('✗')} ${c.bold(test.name)}`);
    if (test.message)
      lines.push(
        ...test.message
          .split('\n')
          .slice(0, 6)
          .map((line) => `    ${line}`),
      );
    if (test.expected !== undefined) lines.push(`    expected: ${test.expected}`);
    if (test.actual !== undefined) lines.push(`    actual:   ${test.actual}`);
  }
  if (failed.length > SHOWN_FAILURES) lines.push(c.dim(`  … and ${failed.length - SHOWN_FAILURES} more failing (all in the result file)`));
  const output = (result.stderr.trim() ? result.stderr : result.stdout).trim();
  if (outputTail && result.status !== 'pass' && output) {
    lines.push(
      c.dim('  output (last lines):'),
      ...output
        .split('\n')
        .slice(-outputTail)
        .map((line) => c.dim(`    ${line}`)),
    );
  } else if (failed.length > 0 && !result.tests.some((t) => t.message || t.output) && result.stderr.trim()) {
    lines.push(
      c.dim('  output (last lines):'),
      ...result.stderr
        .trim()
        .split('\n')
        .slice(-8)
        .map((line) => c.dim(`    ${line}`)),
    );
  }
  for (const m of result.metrics) {
    const condition = [m.op, m.threshold ?? undefined, m.tolerance !== undefined ? `± ${m.tolerance}` : undefined]
      .filter((part) => part !== undefined)
      .join(' ');
    lines.push(
      `  ${m.ok ? c.green('✓') : c.red('✗')} metric ${m.name} (${m.of}) = ${m.value === null || m.value === undefined ? '—' : formatMeasure(m.value)} ${condition}`,
    );
  }
  for (const a of result.artifacts) lines.push(c.dim(`  artifact ${a.path} sha256 ${a.sha256.slice(0, 12)}… (${a.bytes} bytes)`));
  if (result.network !== 'denied' && result.network !== 'allowed') lines.push(c.dim(`  network: ${result.network}`));
  if (result.limits === 'best-effort') lines.push(c.dim('  limits: best-effort (memory and processes were sampled, not held by the kernel)'));
  lines.push(c.dim(`  result: ${where}`));
  return lines;
}

/** Tells people on the terminal which check runs, streams its output and shows the elapsed time. */
export function liveListener(cli: Cli, nodeId: string): CheckListener {
  const c = colours(cli, cli.stderr);
  let ticker: NodeJS.Timeout | undefined;
  return {
    onStart(criterion) {
      cli.stderr.write(
        `${c.bold(`▶ ${nodeId} › ${criterion.id}`)} ${c.dim(`${criterion.run ?? `${criterion.tests!.framework} tests`} (limit ${criterion.timeout})`)}\n`,
      );
      const started = Date.now();
      if (cli.stderr.isTTY) ticker = setInterval(() => cli.stderr.write(`\r${c.dim(`⏱ ${((Date.now() - started) / 1000).toFixed(1)} s`)}`), 200);
    },
    onOutput: (stream, text) => (stream === 'stdout' ? cli.stdout : cli.stderr).write(text),
    onRun() {
      if (!ticker) return;
      clearInterval(ticker);
      ticker = undefined;
      cli.stderr.write('\r');
    },
  };
}

/** `trail check`. */
export const checkCommand = command({
  name: 'check',
  description: "run a node's exercise checks on your code: output, metrics, files and tests are judged",
  arguments: [{ name: '<node>', description: 'node id' }],
  options: [
    { flags: '-c, --criterion <id>', description: 'run only this check' },
    { flags: '--submit', description: "have your team server's workers run it on this node folder's files (verified), instead of running it here" },
    { flags: '--server <url>', description: 'with --submit: the team server (default: the last one `trail team login` signed in to)' },
    JSON_OPTION,
  ],
  examples: [
    { command: 'trail check value-objects', does: "run the node's checks on your code (exit 1 while one fails)" },
    { command: 'trail check value-objects --criterion experiment', does: 'run one of its checks' },
    { command: 'trail runs --node value-objects', does: 'its runs; `trail runs show <id>` shows what one showed, failures and output included' },
  ],
  action: (cli, node: string, options: CheckOptions) => check(cli, node, options),
});

/** Options of `trail check`. */
export interface CheckOptions extends JsonOption {
  criterion?: string;
  submit?: boolean;
  server?: string;
}

/** `trail check <node>`: runs the node's exercise checks on the learner's code. */
export async function check(cli: Cli, nodeId: string, options: CheckOptions): Promise<number> {
  const session = await openFor(cli, options);
  const { node, state } = requireNode(session, nodeId);
  requireUnlocked(state);
  if (options.submit) return (await import('./submit.js')).submitChecks(cli, session, node, checksOf(node, options.criterion), options);
  if (options.server) throw new TrailError('USAGE', '--server goes with --submit', 'add --submit to have the team server run the check');
  const { runs, outcome } = await runNodeChecks(session, node, checksOf(node, options.criterion), options.json ? {} : liveListener(cli, node.id), cli.env);
  reported(cli, outcome);
  // A run skipped for a missing need is not the learner's failure, and not a pass either: the output says which.
  const code = runs.some(({ run }) => run.result.status === 'error')
    ? 4
    : runs.every(({ run }) => run.result.status === 'pass' || run.result.status === 'skipped')
      ? 0
      : 1;
  if (options.json) {
    printJson(cli, {
      node: node.id,
      runs: runs.map(({ criterion, run }) => ({ criterion, runId: run.id, result: run.result })),
      status: outcome.node?.status ?? null,
      unlocked: outcome.unlocked,
    });
    return code;
  }
  printLines(
    cli,
    '',
    ...runs.flatMap(({ criterion, run }) => describeResult(cli, criterion, run.result, `${run.dir.slice(session.workspace.root.length + 1)}/result.json`)),
    ...describeOutcome(outcome),
  );
  return code;
}
