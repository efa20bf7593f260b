import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { formatMeasure } from '../../core/text.js';
import { plotComparison, runPlotPath } from '../../records/plots.js';
import { compareRuns, runSummary } from '../../records/runs.js';
import { finalMetrics, type AnyRunRecord, type RunProblem } from '../../core/runs.js';
import { openFileStore } from '../../store/files.js';
import { listRuns, readRun, readRunResult } from '../../store/runs.js';
import { sparkline } from '../../records/sparkline.js';
import { openWorkspace } from '../../workspace/workspace.js';
import { colours, printJson, printLines, warn } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { describeResult } from './check.js';
import { openFor, requireNode, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail runs list|show|compare`. */
export const runsCommand = command({
  name: 'runs',
  description: 'experiment runs: check runs and logged ones (`trail runs` lists them)',
  subcommands: [
    command({
      name: 'list',
      isDefault: true,
      description: 'list the runs, oldest first',
      options: [{ flags: '-n, --node <id>', description: 'only runs of this node' }, JSON_OPTION],
      action: (cli, options: JsonOption & { node?: string }) => runsList(cli, options),
    }),
    command({
      name: 'show',
      description: 'one run: params, final metrics with a sparkline per series, artifacts, plots',
      arguments: [{ name: '<id>', description: 'run id (or its unique beginning)' }],
      options: [JSON_OPTION],
      action: (cli, id: string, options: JsonOption) => runsShow(cli, id, options),
    }),
    command({
      name: 'compare',
      description: 'two runs side by side (params, final metrics) and an overlay plot per shared metric',
      arguments: [
        { name: '<a>', description: 'first run id' },
        { name: '<b>', description: 'second run id' },
      ],
      options: [JSON_OPTION],
      action: (cli, a: string, b: string, options: JsonOption) => runsCompare(cli, a, b, options),
    }),
  ],
});
import { workspaceFiles } from '../../store/files.js';

function what(run: AnyRunRecord): string {
  return run.kind === 'manual' ? `reported: ${run.objective}` : `measured: check ${run.criterion} (${run.status})`;
}

function finalsText(run: AnyRunRecord): string {
  return Object.entries(finalMetrics(run))
    .map(([name, value]) => `${name}=${formatMeasure(value)}`)
    .join(' ');
}

/** `trail runs`: the experiment runs of the workspace (check runs and logged ones), oldest first. */
export async function runsList(cli: Cli, options: JsonOption & { node?: string }): Promise<number> {
  let nodeId: string | undefined;
  if (options.node) nodeId = requireNode(await openFor(cli, options), options.node).node.id;
  const workspace = openWorkspace(cli.where);
  const problems: RunProblem[] = [];
  const runs = listRuns(workspace, problems).filter((run) => !nodeId || run.node === nodeId);
  if (options.json) {
    printJson(cli, { runs: runs.map(runSummary), problems });
    return 0;
  }
  for (const problem of problems) warn(cli, `${problem.path} left out: ${problem.message}`);
  const c = colours(cli);
  const lines = runs.map(
    (run) => `${run.id}  ${c.dim(run.startedAt.slice(0, 16).replace('T', ' '))}  ${run.node.padEnd(20)} ${what(run)}  ${c.dim(finalsText(run))}`,
  );
  if (lines.length === 0)
    lines.push(
      nodeId
        ? `No runs of ${nodeId} yet: \`trail check ${nodeId}\` or \`trail log --node ${nodeId} --objective "…"\`.`
        : 'No runs yet: `trail check <node>` or `trail log --node <id> --objective "…"`.',
    );
  printLines(cli, ...lines);
  return 0;
}

/** One series of a run as `trail runs show` reports it. */
function seriesOf(root: string, run: AnyRunRecord) {
  return Object.entries(run.metrics).map(([name, values]) => {
    const plot = runPlotPath(run.id, name);
    return {
      name,
      count: values.length,
      final: values.at(-1) ?? null,
      min: values.length ? values.reduce((m, v) => Math.min(m, v)) : null,
      max: values.length ? values.reduce((m, v) => Math.max(m, v)) : null,
      sparkline: sparkline(values),
      plot: existsSync(join(root, plot)) ? plot : null,
    };
  });
}

const OUTPUT_TAIL = 15;

/** Who verified a check run, when the team's workers ran it (its `checked` event says so); null for a run of this machine. */
async function verification(root: string, runId: string): Promise<{ worker: string; job: string } | null> {
  const { events } = await openFileStore(root).events.read();
  const checked = events.find((event) => event.verb === 'checked' && event.result?.runId === runId && event.result.provenance === 'verified');
  return checked ? { worker: String(checked.result?.worker ?? ''), job: String(checked.result?.job ?? '') } : null;
}

/** `trail runs show <id>`: one run with its check result (what failed, expected and actual, the output's tail), params, final metrics, a sparkline per series, artifacts and plots. */
export async function runsShow(cli: Cli, id: string, options: JsonOption): Promise<number> {
  const workspace = openWorkspace(cli.where);
  const run = readRun(workspace, id);
  const series = seriesOf(workspace.root, run);
  const result = readRunResult(workspace, run);
  const verified = run.kind === 'check' ? await verification(workspace.root, run.id) : null;
  if (options.json) {
    printJson(cli, { run, series, result, verified });
    return 0;
  }
  const c = colours(cli);
  const lines = [c.bold(`Run ${run.id}`), `  node      ${run.node}`, `  started   ${run.startedAt}`];
  if (run.kind === 'manual') {
    lines.push(`  logged    by hand with trail log: reported, not measured`, `  objective ${run.objective}`);
    for (const [key, value] of Object.entries(run.params)) lines.push(`  param     ${key} = ${value}`);
  } else {
    lines.push(
      `  check     ${run.criterion}: ${run.status} (${verified ? `verified by ${verified.worker}, job ${verified.job}` : 'measured'})`,
      `  command   ${run.command}`,
      // The program's exit code, not the check's verdict: a program that exits 0 can still fail the check's other expectations.
      `  duration  ${(run.durationMs / 1000).toFixed(1)} s, the program ${run.exitCode === null ? 'gave no exit code' : `exited with code ${run.exitCode}`}`,
    );
  }
  if (run.gitCommit) lines.push(`  commit    ${run.gitCommit}`);
  if (result) lines.push('', 'Result:', ...describeResult(cli, run.criterion ?? '', result, `.trail/runs/${run.id}/result.json`, OUTPUT_TAIL));
  if (series.length > 0) lines.push('', 'Metrics (final, min … max, values):');
  for (const s of series) {
    const shown = (value: number | null) => (value === null ? '—' : formatMeasure(value));
    lines.push(`  ${s.name.padEnd(16)} ${shown(s.final).padStart(12)}  ${c.dim(`${shown(s.min)} … ${shown(s.max)}, ${s.count}`)}  ${s.sparkline}`);
    if (s.plot) lines.push(c.dim(`  ${''.padEnd(16)} plot ${s.plot}`));
  }
  if (run.artifacts.length > 0) lines.push('', 'Artifacts:');
  for (const a of run.artifacts) lines.push(`  ${a.path}  ${c.dim(`sha256 ${a.sha256} (${a.bytes} bytes)`)}`);
  if (run.kind === 'manual' && run.notes) lines.push('', 'Notes:', ...run.notes.split('\n').map((line) => `  ${line}`));
  printLines(cli, ...lines);
  return 0;
}

/** `trail runs compare <a> <b>`: params and final metrics side by side, and an overlay plot per shared metric. */
export async function runsCompare(cli: Cli, first: string, second: string, options: JsonOption): Promise<number> {
  const workspace = openWorkspace(cli.where);
  const a = readRun(workspace, first);
  const b = readRun(workspace, second);
  if (a.id === b.id)
    throw new TrailError('USAGE', `"${first}" and "${second}" are the same run (${a.id})`, 'compare two different runs (`trail runs` lists them)');
  const { params, metrics } = compareRuns(a, b);
  const plots = await plotComparison(workspaceFiles(workspace.root), a, b);
  if (options.json) {
    printJson(cli, { a: runSummary(a), b: runSummary(b), params, metrics, plots });
    return 0;
  }
  const c = colours(cli);
  const width = 28;
  const row = (label: string, x: string, y: string, extra = '') => `  ${label.padEnd(16)} ${x.padEnd(width)} ${y.padEnd(width)} ${extra}`.trimEnd();
  const lines = [row('', `A ${a.id}`, `B ${b.id}`), row('node', a.node, b.node), row('run', what(a), what(b))];
  if (params.length > 0) lines.push('Params:');
  for (const p of params) lines.push(row(p.name, p.a ?? '—', p.b ?? '—', p.same ? '' : c.yellow('differs')));
  if (metrics.length > 0) lines.push('Metrics (final values):');
  for (const m of metrics)
    lines.push(
      row(
        m.name,
        m.a === null ? '—' : formatMeasure(m.a),
        m.b === null ? '—' : formatMeasure(m.b),
        m.delta === null ? '' : `Δ ${m.delta >= 0 ? '+' : ''}${formatMeasure(m.delta)}`,
      ),
    );
  for (const plot of plots) lines.push(`  plot ${plot.path}`);
  printLines(cli, ...lines);
  return 0;
}
