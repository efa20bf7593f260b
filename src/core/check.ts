import type { CheckExpectations, MetricExpectation } from './schema.js';
import type { z } from 'zod';
import { skippedMessage, type MissingNeed } from './needs.js';

/** Version of the check result contract written for every run (docs/checks.md). */
export const CHECK_RESULT_VERSION = 1;

export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'skipped';

/** One test of a check: a test of the track's test files, or one expectation of the check. */
export interface TestOutcome {
  name: string;
  status: 'pass' | 'fail' | 'error' | 'skipped';
  message?: string;
  expected?: string;
  actual?: string;
  /** The test's own output, truncated. */
  output?: string;
}

/** One metric condition and how the learner's series met it. */
export interface MetricOutcome {
  name: string;
  of: string;
  value: number | null;
  op: string;
  threshold: number | null;
  tolerance?: number;
  ok: boolean;
}

/** A file the check looked at, with its digest. */
export interface Artifact {
  path: string;
  sha256: string;
  bytes: number;
}

/** The result of one run of an exercise check: contract version 1. */
export interface CheckResult {
  version: typeof CHECK_RESULT_VERSION;
  status: CheckStatus;
  message: string;
  tests: TestOutcome[];
  metrics: MetricOutcome[];
  artifacts: Artifact[];
  durationMs: number;
  exitCode: number | null;
  /** Whether the program could reach the network: denied, allowed, or not isolated (and why). */
  network: string;
  /** `enforced`: the kernel held the memory and process limits; `best-effort`: Trailguide sampled them (docs/checks.md); `not run`: the check was skipped. */
  limits: 'enforced' | 'best-effort' | 'not run';
  stdout: string;
  stderr: string;
  /** True when stdout or stderr was longer than what is kept. */
  truncated: boolean;
  /** With status `skipped`: the check's needs this machine does not meet. */
  missing?: MissingNeed[];
}

/** What running the learner's program showed, for the judge. */
export interface Observation {
  runnerError?: string;
  commandNotFound?: string;
  timedOut?: { seconds: number };
  limit?: { kind: 'memory' | 'processes'; text: string };
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  durationMs: number;
  network: string;
  limits: 'enforced' | 'best-effort';
  series: ReadonlyMap<string, number[]>;
  /** Files the expectations name: their digest and, for JSON files, whether they match the schema. */
  files: ReadonlyMap<string, { sha256: string; bytes: number; schemaProblem?: string } | undefined>;
  /** Outcomes of the track's tests, in tests mode. */
  tests?: TestOutcome[];
}

type Expectations = z.infer<typeof CheckExpectations>;
type Metric = z.infer<typeof MetricExpectation>;

/** Whether `value op threshold` holds; `≈` means within the tolerance. */
export function compare(value: number, op: string, threshold: number, tolerance = 0): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '≈':
      return Math.abs(value - threshold) <= tolerance;
    default:
      return value === threshold;
  }
}

/** Judges one metric condition against the logged series. */
export function judgeMetric(metric: Metric, series: readonly number[] | undefined): MetricOutcome {
  const base = {
    name: metric.metric,
    of: metric.of,
    op: metric.op ?? 'decreasing',
    threshold: metric.value ?? null,
    ...(metric.tolerance === undefined ? {} : { tolerance: metric.tolerance }),
  };
  if (!series || series.length === 0) return { ...base, value: null, ok: false };
  if (metric.of === 'series') {
    const tolerance = metric.tolerance ?? 0;
    let ok = true;
    for (let i = 1; i < series.length; i++) if (series[i]! > series[i - 1]! + tolerance) ok = false;
    // A "decreasing" series must also end lower than it started.
    ok = ok && series.at(-1)! < series[0]!;
    return { ...base, value: series.at(-1)!, ok: metric.decreasing === false ? !ok : ok };
  }
  const value =
    metric.of === 'last'
      ? series.at(-1)!
      : metric.of === 'min'
        ? Math.min(...series)
        : metric.of === 'max'
          ? Math.max(...series)
          : metric.of === 'mean'
            ? series.reduce((a, b) => a + b, 0) / series.length
            : series.length;
  return { ...base, value, ok: compare(value, metric.op!, metric.value!, metric.tolerance) };
}

function describeMetric(m: MetricOutcome): string {
  if (m.of === 'series') return `${m.name} decreasing${m.tolerance ? ` (within ${m.tolerance})` : ''}`;
  const what = m.of === 'length' ? `steps of ${m.name}` : `${m.of} ${m.name}`;
  return `${what} ${m.op} ${m.threshold}${m.op === '≈' ? ` ± ${m.tolerance}` : ''}`;
}

/** Turns what a run showed into a check result: the judge of the result contract. */
export function judgeCheck(expect: Expectations, seen: Observation, hasTests: boolean): CheckResult {
  const result = (status: CheckStatus, message: string, tests: TestOutcome[] = [], metrics: MetricOutcome[] = []): CheckResult => ({
    version: CHECK_RESULT_VERSION,
    status,
    message,
    tests,
    metrics,
    artifacts: [...seen.files].flatMap(([path, file]) => (file ? [{ path, sha256: file.sha256, bytes: file.bytes }] : [])),
    durationMs: Math.round(seen.durationMs),
    exitCode: seen.exitCode,
    network: seen.network,
    limits: seen.limits,
    stdout: seen.stdout,
    stderr: seen.stderr,
    truncated: seen.truncated,
  });
  if (seen.runnerError) return result('error', `the check could not run: ${seen.runnerError}`);
  if (seen.commandNotFound) return result('error', `command not found: ${seen.commandNotFound} (install it, or fix "run" in the check)`);
  if (seen.timedOut) return result('timeout', `stopped after the ${seen.timedOut.seconds} s time limit`);
  if (seen.limit) return result('fail', `stopped: the program went over its ${seen.limit.kind} limit (${seen.limit.text})`);

  const tests: TestOutcome[] = [...(seen.tests ?? [])];
  const expectation = (name: string, ok: boolean, expected?: string, actual?: string) =>
    tests.push({ name, status: ok ? 'pass' : 'fail', ...(ok ? {} : { expected, actual }) });
  const wantExit = expect.exitCode ?? (hasTests ? undefined : 0);
  if (wantExit !== undefined) {
    const got = seen.exitCode === null ? `killed by ${seen.signal ?? 'a signal'}` : String(seen.exitCode);
    expectation(`exits with code ${wantExit}`, seen.exitCode === wantExit, String(wantExit), got);
  }
  for (const [stream, text] of [
    ['stdout', seen.stdout],
    ['stderr', seen.stderr],
  ] as const) {
    const want = expect[stream];
    if (!want) continue;
    const tail = (s: string) => JSON.stringify(s.length > 200 ? `…${s.slice(-200)}` : s);
    if (want.contains !== undefined)
      expectation(`${stream} contains ${JSON.stringify(want.contains)}`, text.includes(want.contains), JSON.stringify(want.contains), tail(text));
    if (want.notContains !== undefined)
      expectation(
        `${stream} does not contain ${JSON.stringify(want.notContains)}`,
        !text.includes(want.notContains),
        `no ${JSON.stringify(want.notContains)}`,
        tail(text),
      );
    if (want.matches !== undefined)
      expectation(`${stream} matches /${want.matches}/`, new RegExp(want.matches, 'm').test(text), `/${want.matches}/`, tail(text));
  }
  const metrics = expect.metrics.map((metric) => judgeMetric(metric, seen.series.get(metric.metric)));
  for (const m of metrics) {
    const logged = seen.series.get(m.name)?.length ?? 0;
    expectation(
      `metric: ${describeMetric(m)}`,
      m.ok,
      describeMetric(m),
      logged === 0 ? `no "${m.name}" values logged` : m.of === 'series' ? `${logged} values, last ${m.value}` : String(m.value),
    );
  }
  for (const file of expect.files) {
    const found = seen.files.get(file.path);
    if (!found) expectation(`file ${file.path} exists`, false, 'the file', 'no such file');
    else if (file.schema) expectation(`file ${file.path} matches its schema`, !found.schemaProblem, 'JSON matching the schema', found.schemaProblem ?? 'ok');
    else expectation(`file ${file.path} exists`, true);
  }
  const failed = tests.filter((t) => t.status === 'fail' || t.status === 'error');
  if (failed.length === 0) return result('pass', `${tests.length} test(s) passed`, tests, metrics);
  return result('fail', `${failed.length} of ${tests.length} test(s) failed; first: ${failed[0]!.name}`, tests, metrics);
}

/** The result of a check that did not run because the machine lacks what it needs: never a pass, never the learner's fail. */
export function skippedCheck(missing: MissingNeed[]): CheckResult {
  return {
    version: CHECK_RESULT_VERSION,
    status: 'skipped',
    message: skippedMessage(missing),
    tests: [],
    metrics: [],
    artifacts: [],
    durationMs: 0,
    exitCode: null,
    network: 'not run',
    limits: 'not run',
    stdout: '',
    stderr: '',
    truncated: false,
    missing,
  };
}

/** Reads metric-protocol lines (`{"name","value","step"}`) into series by name, in step order. */
export function readSeries(jsonl: string): { series: Map<string, number[]>; skipped: number } {
  const points = new Map<string, Array<{ step: number; order: number; value: number }>>();
  let skipped = 0;
  let order = 0;
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    try {
      const point = JSON.parse(line) as { name?: unknown; value?: unknown; step?: unknown };
      if (typeof point.name !== 'string' || typeof point.value !== 'number' || !Number.isFinite(point.value)) throw new Error('not a point');
      const list = points.get(point.name) ?? [];
      list.push({ step: typeof point.step === 'number' ? point.step : list.length, order: order++, value: point.value });
      points.set(point.name, list);
    } catch {
      skipped++;
    }
  }
  const series = new Map<string, number[]>();
  for (const [name, list] of points)
    series.set(
      name,
      list.sort((a, b) => a.step - b.step || a.order - b.order).map((p) => p.value),
    );
  return { series, skipped };
}
