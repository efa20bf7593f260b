import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeCheck, readSeries, skippedCheck, type CheckResult, type Observation, type TestOutcome } from '../core/check.js';
import { parseBytes, parseSeconds } from '../core/limits.js';
import type { RunRecord } from '../core/runs.js';
import type { Criterion, Node } from '../core/track.js';
import { missingNeeds } from './needs.js';
import { runProcess } from './process.js';

type CheckSpec = Extract<Criterion, { kind: 'check' }>;

const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
/** Helpers shipped for learners' code: the metric protocol in Python and JavaScript, test runners. */
export const HELPERS = join(PACKAGE, 'helpers');

// Names of variables that look like secrets; never passed to the learner's program unless allowed.
const SECRET = /(?:_KEY|_TOKEN|_SECRET|PASSWORD|_PASS|_CREDENTIALS?)$|^TRAIL_/i;

/** A run of a check: its id, where its files are, and the experiment-run record. */
export interface CheckRun {
  id: string;
  result: CheckResult;
  dir: string;
  record: RunRecord;
}

/** Everything a check run needs from the workspace and track. */
export interface CheckContext {
  workspaceRoot: string;
  trackDir: string;
  node: Node;
  criterion: CheckSpec;
  runId: string;
  now: Date;
  /** The environment the program starts from (less secrets): the process's, passed down from the composition point. */
  env: Readonly<Record<string, string | undefined>>;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * Writes a record of the run (result.json, run.json, the check's latest result) whole or not at
   * all: the store's atomic writer, given by the caller (the runner sits beside the store and
   * does not import it). Runs of one check at once then never tear its latest result.
   */
  writeFile: (path: string, text: string) => void;
}

/** The environment of the learner's program: the caller's, less secrets, plus the check's. */
export function checkEnvironment(base: Readonly<Record<string, string | undefined>>, spec: CheckSpec, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    // A check that needs a model gets the key of the model server it is pointed at.
    if (SECRET.test(name) && !spec.allowEnv.includes(name) && !(name === 'OPENAI_API_KEY' && spec.needs.includes('llm'))) continue;
    env[name] = value;
  }
  const bin = join(PACKAGE, 'node_modules', '.bin');
  env.PATH = [bin, env.PATH].filter(Boolean).join(':');
  env.PYTHONPATH = [HELPERS, env.PYTHONPATH].filter(Boolean).join(':');
  env.PYTHONUNBUFFERED = '1';
  return { ...env, ...spec.env, ...extra };
}

// Check files and tests come from the track before every run, so editing them cannot make a check pass.
function restore(context: CheckContext, nodeDir: string): void {
  const { criterion, trackDir, node } = context;
  for (const file of [...criterion.checkFiles, ...(criterion.tests?.files ?? [])]) {
    const target = join(nodeDir, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(trackDir, node.dir, file), target);
  }
  installHelpers(nodeDir);
  for (const file of criterion.files) {
    const target = join(nodeDir, file);
    if (!existsSync(target)) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(trackDir, node.dir, file), target);
    }
  }
}

/** Puts the metric helpers beside the learner's code (Python or JavaScript/TypeScript), so it also runs by hand. */
export function installHelpers(nodeDir: string): void {
  const names = existsSync(nodeDir) ? readdirSync(nodeDir) : [];
  const helpers = [
    ...(names.some((name) => name.endsWith('.py')) ? ['trail_metrics.py'] : []),
    ...(names.some((name) => /\.(?:[cm]?[jt]s)$/.test(name) && !name.startsWith('trail_metrics')) ? ['trail_metrics.mjs', 'trail_metrics.d.mts'] : []),
  ];
  for (const helper of helpers) copyFileSync(join(HELPERS, helper), join(nodeDir, helper));
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function commandOf(spec: CheckSpec, resultsPath: string): string {
  if (!spec.tests) return spec.run!;
  const files = spec.tests.files.map(quote).join(' ');
  if (spec.tests.framework === 'python-unittest') return `python3 ${quote(join(HELPERS, 'unittest_runner.py'))} ${files}`;
  return `node --test --test-reporter=${quote(join(HELPERS, 'node-test-reporter.mjs'))} --test-reporter-destination=${quote(resultsPath)} ${files}`;
}

function readTests(path: string): TestOutcome[] | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as TestOutcome[]).map((t) => ({ ...t, name: String(t.name) }));
  } catch {
    return undefined;
  }
}

let ajv: { compile: (schema: object) => ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null } } | undefined;

function schemaProblem(text: string, schema: Record<string, unknown>): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (!ajv) {
    const Ajv = createRequire(import.meta.url)('ajv').default as new (options: object) => NonNullable<typeof ajv>;
    ajv = new Ajv({ allErrors: true, strict: false });
  }
  const validate = ajv.compile(schema);
  if (validate(data)) return undefined;
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim()).join('; ');
}

/** The commit checked out in the workspace, when it is a git repository. */
export function gitCommit(root: string): string | null {
  if (!existsSync(join(root, '.git'))) return null;
  const git = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : null;
}

/** Runs one exercise check in the workspace and judges it; writes the result and the run record. */
export async function runCheck(context: CheckContext): Promise<CheckRun> {
  const { criterion, node, workspaceRoot, runId } = context;
  const nodeDir = join(workspaceRoot, node.dir);
  const dir = join(workspaceRoot, '.trail', 'runs', runId);
  mkdirSync(dir, { recursive: true });
  mkdirSync(nodeDir, { recursive: true });
  const metricsPath = join(dir, 'metrics.jsonl');
  const testsPath = join(dir, 'tests.json');
  writeFileSync(metricsPath, '');
  const timeout = parseSeconds(criterion.timeout)!;
  const env = checkEnvironment(context.env, criterion, {
    TRAIL_METRICS: metricsPath,
    TRAIL_RUN_ID: runId,
    TRAIL_TEST_RESULTS: testsPath,
    TRAIL_HELPERS: HELPERS,
  });
  const missing = criterion.needs.length > 0 ? await missingNeeds(criterion.needs, env) : [];
  if (missing.length > 0) return record(context, dir, skippedCheck(missing), new Map());
  let observation: Observation;
  try {
    restore(context, nodeDir);
    const command = commandOf(criterion, testsPath);
    const run = await runProcess({
      command,
      cwd: nodeDir,
      env,
      marker: `TRAIL_RUN_ID=${runId}`,
      writable: [nodeDir, dir],
      readable: [workspaceRoot, PACKAGE],
      timeoutMs: timeout * 1000,
      memoryBytes: parseBytes(criterion.memory)!,
      maxProcesses: criterion.processes,
      network: criterion.network,
      keepBytes: 64 * 1024,
      onOutput: context.onOutput,
    });
    const { series } = readSeries(readFileSync(metricsPath, 'utf8'));
    const files = new Map<string, { sha256: string; bytes: number; schemaProblem?: string } | undefined>();
    for (const file of criterion.expect.files) {
      const path = join(nodeDir, file.path);
      if (!existsSync(path)) {
        files.set(file.path, undefined);
        continue;
      }
      const content = readFileSync(path);
      const problem = file.schema ? schemaProblem(content.toString('utf8'), file.schema) : undefined;
      files.set(file.path, {
        sha256: createHash('sha256').update(content).digest('hex'),
        bytes: content.length,
        ...(problem ? { schemaProblem: problem } : {}),
      });
    }
    const tests = criterion.tests ? readTests(testsPath) : undefined;
    const notFound =
      run.exitCode === 127 ? /(?:^|\n)(?:[^\n:]*sh|env)?:?\s*(?:\d+:\s*)?([^\n:]+):\s*(?:command )?not found/.exec(run.stderr)?.[1]?.trim() : undefined;
    observation = {
      ...(run.spawnError ? { runnerError: run.spawnError } : {}),
      ...(notFound ? { commandNotFound: notFound } : {}),
      ...(run.timedOut ? { timedOut: { seconds: timeout } } : {}),
      ...(run.limit ? { limit: { kind: run.limit, text: run.limit === 'memory' ? criterion.memory : `${criterion.processes} processes` } } : {}),
      ...(criterion.tests && !tests && !run.timedOut && !run.limit
        ? {
            runnerError: `the ${criterion.tests.framework} runner wrote no results (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`,
          }
        : {}),
      exitCode: run.exitCode,
      signal: run.signal,
      stdout: run.stdout,
      stderr: run.stderr,
      truncated: run.truncated,
      durationMs: run.durationMs,
      network: run.network,
      limits: run.limits,
      series,
      files,
      ...(tests ? { tests } : {}),
    };
  } catch (error) {
    observation = {
      runnerError: (error as Error).message,
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: '',
      truncated: false,
      durationMs: 0,
      network: 'not run',
      limits: 'best-effort',
      series: new Map(),
      files: new Map(),
    };
  }
  return record(context, dir, judgeCheck(criterion.expect, observation, Boolean(criterion.tests)), observation.series);
}

// Writes the result and the run record of a run (also of one skipped), and the check's latest result.
function record(context: CheckContext, dir: string, result: CheckResult, series: ReadonlyMap<string, number[]>): CheckRun {
  const { criterion, node, workspaceRoot, runId } = context;
  const run: RunRecord = {
    id: runId,
    node: node.id,
    criterion: criterion.id,
    kind: 'check',
    command: criterion.run ?? `${criterion.tests?.framework} ${criterion.tests?.files.join(' ')}`,
    startedAt: context.now.toISOString(),
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    status: result.status,
    metrics: Object.fromEntries(series),
    // The result names files from the node's folder; a run record names them from the workspace.
    artifacts: result.artifacts.map((artifact) => ({ ...artifact, path: `${node.dir}/${artifact.path}` })),
    gitCommit: gitCommit(workspaceRoot),
  };
  context.writeFile(join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  context.writeFile(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  const latest = join(workspaceRoot, '.trail', 'checks', node.id);
  mkdirSync(latest, { recursive: true });
  context.writeFile(join(latest, `${criterion.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return { id: runId, result, dir, record: run };
}
