import { finalMetrics, type AnyRunRecord } from '../core/runs.js';
import { runSummary } from '../records/runs.js';
import type { Outcome } from '../workspace/actions.js';

/** What a learner's action changed, as every write route answers it: the node's state and the nodes it opened. */
export function outcomeView(outcome: Pick<Outcome, 'node' | 'unlocked'>) {
  return { node: outcome.node ?? null, unlocked: outcome.unlocked };
}

/** A run as the run list and the node page show it: the CLI's summary, its duration and params. */
export function runView(run: AnyRunRecord) {
  return { ...runSummary(run), metrics: finalMetrics(run), durationMs: run.durationMs, params: run.kind === 'manual' ? run.params : {} };
}
