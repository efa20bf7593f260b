import { TrailError } from '../../core/errors.js';
import { artifactOf, readMetricsFile } from '../../store/runs.js';
import { sparkline } from '../../records/sparkline.js';
import { logExperiment } from '../../workspace/experiments.js';
import { colours, printJson, printLines } from '../output.js';
import { collect, command, JSON_OPTION } from '../command.js';
import { describeOutcome, openFor, reported, requireNode, requireUnlocked, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** Options of `trail log`. */
export interface LogOptions extends JsonOption {
  node: string;
  objective: string;
  param?: string[];
  metric?: string[];
  metrics?: string;
  notes?: string;
  artifact?: string[];
}

function split(raw: string, flag: string, example: string): [string, string] {
  const at = raw.indexOf('=');
  const key = at < 0 ? '' : raw.slice(0, at).trim();
  if (!key) throw new TrailError('USAGE', `${flag} "${raw}" is not name=value`, `write e.g. ${flag} ${example}`);
  return [key, raw.slice(at + 1).trim()];
}

/** Reads `--param k=v` flags into a map; a key given twice is refused. */
export function parseParams(raw: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of raw) {
    const [key, value] = split(item, '--param', 'lr=0.01');
    if (key in params) throw new TrailError('USAGE', `--param ${key} is given twice`, 'give each parameter once');
    params[key] = value;
  }
  return params;
}

/** Reads `--metric name=value` flags into series (the same name again adds a value to its series). */
export function parseMetricFlags(raw: readonly string[]): Record<string, number[]> {
  const series: Record<string, number[]> = {};
  for (const item of raw) {
    const [name, text] = split(item, '--metric', 'accuracy=0.91');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value))
      throw new TrailError('USAGE', `--metric ${name}: "${text}" is not a number`, `write e.g. --metric ${name}=0.91`);
    (series[name] ??= []).push(value);
  }
  return series;
}

/** `trail log`. */
export const logCommand = command({
  name: 'log',
  description: 'record an experiment you ran by hand: objective, params, metrics, notes, artifacts (series are plotted)',
  options: [
    { flags: '-n, --node <id>', description: 'node the experiment belongs to', required: true },
    { flags: '--objective <text>', description: 'what the experiment tries to find out', required: true },
    { flags: '--param <key=value>', description: 'a parameter of the run (repeatable)', parse: collect },
    { flags: '--metric <name=value>', description: 'a metric value (repeatable; the same name again adds to its series)', parse: collect },
    { flags: '--metrics <file>', description: 'series from a file: metric-protocol JSONL lines, or CSV with a step column and one column per metric' },
    { flags: '--notes <text>', description: 'notes on the run' },
    { flags: '--artifact <path>', description: 'a file the run produced, inside the workspace (repeatable; its sha256 is kept)', parse: collect },
    JSON_OPTION,
  ],
  action: (cli, options: LogOptions) => log(cli, options),
});

/** `trail log`: records a manual experiment run of a node (objective, params, metrics, notes, artifacts) and plots its series. */
export async function log(cli: Cli, options: LogOptions): Promise<number> {
  const session = await openFor(cli, options);
  const { node, state } = requireNode(session, options.node);
  requireUnlocked(state);
  const params = parseParams(options.param ?? []);
  const fromFile = options.metrics ? readMetricsFile(options.metrics, cli.cwd) : {};
  const fromFlags = parseMetricFlags(options.metric ?? []);
  for (const name of Object.keys(fromFlags)) {
    if (name in fromFile) throw new TrailError('USAGE', `metric "${name}" is both in ${options.metrics} and in --metric`, 'give each metric in one place');
  }
  const artifacts = (options.artifact ?? []).map((path) => artifactOf(session.workspace, path, cli.cwd));
  const { record, path, plots, ...outcome } = reported(
    cli,
    await logExperiment(
      session,
      node,
      { objective: options.objective, params, metrics: { ...fromFile, ...fromFlags }, notes: options.notes ?? null, artifacts },
      session.host.clock(),
    ),
  );
  const objective = record.objective;
  const file = path.slice(session.workspace.root.length + 1);
  if (options.json) {
    printJson(cli, { run: record, path: file, plots, node: outcome.node ?? null, unlocked: outcome.unlocked });
    return 0;
  }
  const c = colours(cli);
  const lines = [`Logged run ${record.id} for ${node.id}: ${objective}`];
  const paramText = Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .join('  ');
  if (paramText) lines.push(`  params   ${paramText}`);
  for (const [name, values] of Object.entries(record.metrics)) {
    lines.push(
      `  ${name.padEnd(16)} ${String(values.at(-1)).padStart(12)}  ${sparkline(values)}${values.length > 1 ? c.dim(`  (${values.length} values)`) : ''}`,
    );
  }
  for (const artifact of artifacts) lines.push(c.dim(`  artifact ${artifact.path} sha256 ${artifact.sha256.slice(0, 12)}… (${artifact.bytes} bytes)`));
  for (const plot of plots) lines.push(`  plot ${plot}`);
  lines.push(c.dim(`  record: ${file}`));
  printLines(cli, ...lines, ...describeOutcome(outcome));
  return 0;
}
