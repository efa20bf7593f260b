import type { CheckResult } from './check.js';

/**
 * Experiment runs as they are kept: a run of a check, or one the learner logged by hand.
 * The records are plain data; where they are kept is the store's business.
 */

/** An experiment run record: what ran, for how long, what it logged and produced. */
export interface RunRecord {
  id: string;
  node: string;
  criterion: string;
  kind: 'check';
  command: string;
  startedAt: string;
  durationMs: number;
  exitCode: number | null;
  status: CheckResult['status'];
  metrics: Record<string, number[]>;
  artifacts: CheckResult['artifacts'];
  gitCommit: string | null;
}

/** A file a run produced, relative to the workspace, with its digest. */
export interface RunArtifact {
  path: string;
  sha256: string;
  bytes: number;
}

/** An experiment logged by hand with `trail log`: the check-run fields, plus objective, params and notes. */
export interface ManualRunRecord {
  id: string;
  node: string;
  criterion: null;
  kind: 'manual';
  command: null;
  objective: string;
  params: Record<string, string>;
  notes: string | null;
  startedAt: string;
  durationMs: null;
  exitCode: null;
  status: null;
  metrics: Record<string, number[]>;
  artifacts: RunArtifact[];
  gitCommit: string | null;
}

/** Any run kept: a check run or a manual experiment. */
export type AnyRunRecord = RunRecord | ManualRunRecord;

/** A run folder whose run.json could not be read: it is left out of listings. */
export interface RunProblem {
  path: string;
  message: string;
}

/** The last value of each series of a run. */
export function finalMetrics(run: Pick<AnyRunRecord, 'metrics'>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(run.metrics)
      .filter(([, values]) => values.length > 0)
      .map(([name, values]) => [name, values.at(-1)!]),
  );
}

/** Where a run's numbers come from: `measured` by a check Trailguide ran, or `reported` by the learner with `trail log`. */
export function provenanceOf(run: Pick<AnyRunRecord, 'kind'>): 'measured' | 'reported' {
  return run.kind === 'check' ? 'measured' : 'reported';
}
