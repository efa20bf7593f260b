import { ulid } from 'ulid';
import { TrailError } from '../core/errors.js';
import { finalMetrics, type ManualRunRecord } from '../core/runs.js';
import { gitCommit } from '../runner/check.js';
import type { Node } from '../core/track.js';
import { commit, eventContext, type Outcome } from './actions.js';
import { newEvent } from './record.js';
import type { Session } from './session.js';

/** An experiment the learner ran by hand and reports: what it tried, its settings and what it measured. */
export interface ReportedRun {
  objective: string;
  params: Record<string, string>;
  metrics: Record<string, number[]>;
  notes: string | null;
  artifacts: ManualRunRecord['artifacts'];
}

/** Records a reported run of a node (`trail log`, the MCP tool log_experiment): the run file, its plots and an `experimented` event. */
export async function logExperiment(
  session: Session,
  node: Node,
  run: ReportedRun,
  now: Date,
): Promise<Outcome & { record: ManualRunRecord; path: string; plots: string[] }> {
  const objective = run.objective.trim();
  if (!objective) throw new TrailError('USAGE', 'the objective is empty', 'say what the experiment tries to find out: --objective "…"');
  const record: ManualRunRecord = {
    id: ulid(now.getTime()),
    node: node.id,
    criterion: null,
    kind: 'manual',
    command: null,
    objective,
    params: run.params,
    notes: run.notes?.trim() || null,
    startedAt: now.toISOString(),
    durationMs: null,
    exitCode: null,
    status: null,
    metrics: run.metrics,
    artifacts: run.artifacts,
    gitCommit: gitCommit(session.workspace.root),
  };
  const path = await session.store.records.runs.write(record);
  const plots = (await session.host.publish?.plots(session, record)) ?? [];
  const event = newEvent(
    'experimented',
    { type: 'node', node: node.id },
    { result: { runId: record.id, source: 'manual', metrics: finalMetrics(record) }, context: eventContext(session), now, host: session.host },
  );
  return { ...(await commit(session, node.id, event)), record, path, plots };
}
