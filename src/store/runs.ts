import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as z from 'zod/mini';
import { TrailError } from '../core/errors.js';
import { firstIssue } from '../core/issues.js';
import type { CheckResult } from '../core/check.js';
import type { AnyRunRecord, RunArtifact, RunProblem } from '../core/runs.js';
import { parseMetricsCsv, parseMetricsJsonl } from './metrics-file.js';
import { isInside, statInside, TRAIL_DIR, writeFileAtomic } from './safe-files.js';

const RUN_ID = /^[0-9A-Za-z]+$/;
// A run record is a page of JSON; a file this large is not one.
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const nullableText = z.optional(z.nullable(z.string()));
/** `.trail/runs/<id>/run.json`, of a check run or a manual one: what the listings, charts and exports read. */
const RunFile = z.looseObject({
  id: z.string(),
  node: z.string(),
  kind: z.optional(z.enum(['check', 'manual'])),
  criterion: nullableText,
  command: nullableText,
  startedAt: z.string(),
  durationMs: z.optional(z.nullable(z.number())),
  status: nullableText,
  metrics: z.record(z.string(), z.array(z.number())),
  artifacts: z.optional(z.array(z.looseObject({ path: z.string(), sha256: z.optional(z.string()) }))),
  objective: nullableText,
  params: z.optional(z.record(z.string(), z.string())),
  notes: nullableText,
});

function runsDir(workspace: { root: string }): string {
  return join(workspace.root, TRAIL_DIR, 'runs');
}

// The record at `path` inside the workspace, checked against its schema; throws with what is wrong.
function readRecord(root: string, path: string): AnyRunRecord {
  const found = statInside(root, path);
  if (!found) throw new Error('no run.json');
  if ('problem' in found) throw new Error(found.problem);
  // The run folder itself may be a link: what counts is where the file really is.
  if (!isInside(realpathSync(root), realpathSync(path))) throw new Error('leads out of the workspace (a symbolic link); it is not read');
  if (!found.stat.isFile()) throw new Error('is not a file');
  if (found.stat.size > MAX_RECORD_BYTES) throw new Error(`is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`);
  return parseRunRecord(readFileSync(path, 'utf8'));
}

/** A run record from its JSON text, checked against its schema; throws with what is wrong. */
export function parseRunRecord(text: string): AnyRunRecord {
  const data: unknown = JSON.parse(text);
  const problem = firstIssue(RunFile, data);
  if (problem) throw new Error(`not a run record: ${problem}`);
  const record = data as AnyRunRecord;
  return {
    ...record,
    kind: record.kind ?? 'check',
    artifacts: record.artifacts ?? [],
    ...(record.kind === 'manual' ? { params: record.params ?? {} } : {}),
  } as AnyRunRecord;
}

/**
 * The runs of a workspace, kept between reads: a run.json is read again only when its size,
 * time or inode changed, so a long-running process (the server) reads each run once.
 */
export class RunIndex {
  private runs = new Map<string, { stamp: string; record?: AnyRunRecord; problem?: RunProblem }>();
  /** Counts the refreshes that found a run added, removed or changed. */
  version = 0;

  /** Every run, oldest first (run ids are ULIDs, so id order is time order); unreadable ones go to `problems`. */
  refresh(workspace: { root: string }): { runs: AnyRunRecord[]; problems: RunProblem[] } {
    const dir = runsDir(workspace);
    const folder = statInside(workspace.root, dir);
    if (!folder || !('stat' in folder) || !folder.stat.isDirectory()) {
      if (this.runs.size > 0) this.version++;
      this.runs.clear();
      return { runs: [], problems: folder && 'problem' in folder ? [{ path: '.trail/runs', message: folder.problem }] : [] };
    }
    const ids = readdirSync(dir)
      .filter((id) => RUN_ID.test(id))
      .sort();
    const seen = new Set(ids);
    const before = this.version;
    for (const id of this.runs.keys()) if (!seen.has(id) && this.runs.delete(id)) this.version = before + 1;
    const runs: AnyRunRecord[] = [];
    const problems: RunProblem[] = [];
    for (const id of ids) {
      const path = join(dir, id, 'run.json');
      const stat = lstatSync(path, { throwIfNoEntry: false });
      // A run folder without its record yet (a check still running) is not listed.
      if (!stat) {
        if (this.runs.delete(id)) this.version = before + 1;
        continue;
      }
      const stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
      let known = this.runs.get(id);
      if (known?.stamp !== stamp) {
        const shown = relative(workspace.root, path).split(sep).join('/');
        try {
          known = { stamp, record: readRecord(workspace.root, path) };
        } catch (error) {
          known = { stamp, problem: { path: shown, message: (error as Error).message } };
        }
        this.runs.set(id, known);
        this.version = before + 1;
      }
      if (known.record) runs.push(known.record);
      else if (known.problem) problems.push(known.problem);
    }
    return { runs, problems };
  }
}

/** Every run of the workspace, oldest first (run ids are ULIDs, so id order is time order). Unreadable ones go to `problems`. */
export function listRuns(workspace: { root: string }, problems: RunProblem[] = []): AnyRunRecord[] {
  const read = new RunIndex().refresh(workspace);
  problems.push(...read.problems);
  return read.runs;
}

/** Reads one run by its id or a unique beginning of it (case does not matter). */
export function readRun(workspace: { root: string }, id: string): AnyRunRecord {
  const dir = runsDir(workspace);
  const folder = statInside(workspace.root, dir);
  const ids =
    folder && 'stat' in folder && folder.stat.isDirectory()
      ? readdirSync(dir).filter((name) => RUN_ID.test(name) && existsSync(join(dir, name, 'run.json')))
      : [];
  const wanted = id.toUpperCase();
  const exact = ids.find((name) => name.toUpperCase() === wanted);
  const matches = exact ? [exact] : RUN_ID.test(id) ? ids.filter((name) => name.toUpperCase().startsWith(wanted)) : [];
  if (matches.length !== 1) {
    const hint =
      matches.length > 1
        ? `it could be ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}; give more of the id`
        : '`trail runs` lists the runs and their ids';
    throw new TrailError(
      'RUN_NOT_FOUND',
      matches.length > 1 ? `"${id}" is the beginning of ${matches.length} run ids` : `no run "${id}" in ${TRAIL_DIR}/runs`,
      hint,
    );
  }
  const path = join(dir, matches[0]!, 'run.json');
  try {
    return readRecord(workspace.root, path);
  } catch (error) {
    throw new TrailError('RUN_NOT_FOUND', `${path} cannot be read: ${(error as Error).message}`, 'restore the file from git, or delete the run folder');
  }
}

/**
 * The check result kept beside a check run's record (`.trail/runs/<id>/result.json`): what failed,
 * with what was expected and seen, and the output. Null for a run logged by hand, or when the file
 * is missing or is not a result (a run synced from a store that kept only its record).
 */
export function readRunResult(workspace: { root: string }, run: Pick<AnyRunRecord, 'id' | 'kind'>): CheckResult | null {
  if (run.kind !== 'check' || !RUN_ID.test(run.id)) return null;
  const path = join(runsDir(workspace), run.id, 'result.json');
  const found = statInside(workspace.root, path);
  if (!found || 'problem' in found || !found.stat.isFile() || found.stat.size > MAX_RECORD_BYTES) return null;
  try {
    if (!isInside(realpathSync(workspace.root), realpathSync(path))) return null;
    return parseCheckResult(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** A check result from its JSON text; null when the text is not one. */
export function parseCheckResult(text: string): CheckResult | null {
  try {
    const data = JSON.parse(text) as Partial<CheckResult> | null;
    // Only the contract's version 1 is read; anything else is not shown rather than shown wrong.
    return data?.version === 1 && typeof data.status === 'string' && Array.isArray(data.tests) ? (data as CheckResult) : null;
  } catch {
    return null;
  }
}

/** Writes a check run's result to `.trail/runs/<id>/result.json`, beside its record. */
export function writeRunResult(workspace: { root: string }, id: string, result: CheckResult): void {
  if (!RUN_ID.test(id)) throw new TrailError('RUN_NOT_FOUND', `"${id}" is not a run id`, 'a run id is a ULID: letters and digits only');
  const dir = join(runsDir(workspace), id);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
}

/** Writes a run's record to `.trail/runs/<id>/run.json`; returns its path. */
export function writeRunFile(workspace: { root: string }, record: AnyRunRecord): string {
  const dir = join(runsDir(workspace), record.id);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run.json');
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

/** Reads a metrics file (metric-protocol JSONL, or CSV with a `step` column) from `cwd`, naming file and line of any bad line. */
export function readMetricsFile(path: string, cwd = process.cwd()): Record<string, number[]> {
  const full = resolve(cwd, path);
  const format = extname(path).toLowerCase();
  if (format !== '.jsonl' && format !== '.ndjson' && format !== '.csv') {
    throw new TrailError(
      'METRICS_INVALID',
      `${path}: unknown metrics file type "${format || '(none)'}"`,
      'give a .jsonl file of metric-protocol lines or a .csv with a step column',
    );
  }
  if (!existsSync(full) || !statSync(full).isFile())
    throw new TrailError('FILE_NOT_FOUND', `no metrics file ${path}`, 'check the path (it is read relative to the current folder)');
  const parsed = format === '.csv' ? parseMetricsCsv(readFileSync(full, 'utf8')) : parseMetricsJsonl(readFileSync(full, 'utf8'));
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, 5).map((p) => `${path}:${p.line}: ${p.message}`);
    const more = parsed.problems.length > 5 ? `\n… and ${parsed.problems.length - 5} more` : '';
    throw new TrailError(
      'METRICS_INVALID',
      `${shown.join('\n')}${more}`,
      format === '.csv'
        ? 'each row needs a numeric step and numbers (or nothing) under the metric columns'
        : 'each line is {"name": "<metric>", "value": <number>, "step": <number, optional>}',
    );
  }
  if (Object.keys(parsed.series).length === 0)
    throw new TrailError('METRICS_INVALID', `${path}: no metric values in the file`, 'add at least one value, or leave out --metrics');
  return parsed.series;
}

/** A file given with `--artifact`: it must exist inside the workspace; its path is kept relative to the workspace. */
export function artifactOf(workspace: { root: string }, path: string, cwd: string): RunArtifact {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new TrailError('FILE_NOT_FOUND', `no artifact file ${path}`, 'check the path (it is read relative to the current folder)');
  if (!statSync(full).isFile())
    throw new TrailError('ARTIFACT_INVALID', `artifact ${path} is not a file`, 'give a file (e.g. a plot or a model checkpoint), not a folder');
  // Real paths, so a symbolic link that leads out of the workspace is caught too.
  const inside = relative(realpathSync(workspace.root), realpathSync(full));
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new TrailError(
      'ARTIFACT_INVALID',
      `artifact ${path} is outside the workspace ${workspace.root}`,
      'copy the file into the workspace first, so the record and the file stay together',
    );
  const content = readFileSync(full);
  return { path: inside.split(sep).join('/'), sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length };
}
