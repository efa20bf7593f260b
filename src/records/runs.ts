import { finalMetrics, provenanceOf, type AnyRunRecord } from '../core/runs.js';

/** A run in a listing: what ran, when, how it ended, and its final metric values. */
export function runSummary(run: AnyRunRecord) {
  return {
    id: run.id,
    node: run.node,
    kind: run.kind,
    provenance: provenanceOf(run),
    criterion: run.criterion,
    status: run.status,
    startedAt: run.startedAt,
    objective: run.kind === 'manual' ? run.objective : null,
    command: run.command,
    metrics: finalMetrics(run),
  };
}

/** Two runs side by side: their params (and whether they differ) and final metric values with the change from a to b. */
export function compareRuns(a: AnyRunRecord, b: AnyRunRecord) {
  const paramsOf = (run: AnyRunRecord): Record<string, string> => (run.kind === 'manual' ? run.params : {});
  const paramNames = [...new Set([...Object.keys(paramsOf(a)), ...Object.keys(paramsOf(b))])].sort();
  const params = paramNames.map((name) => ({
    name,
    a: paramsOf(a)[name] ?? null,
    b: paramsOf(b)[name] ?? null,
    same: paramsOf(a)[name] === paramsOf(b)[name],
  }));
  const finalA = finalMetrics(a);
  const finalB = finalMetrics(b);
  const metricNames = [...new Set([...Object.keys(finalA), ...Object.keys(finalB)])].sort();
  const metrics = metricNames.map((name) => {
    const [x, y] = [finalA[name] ?? null, finalB[name] ?? null];
    return { name, a: x, b: y, delta: x !== null && y !== null ? y - x : null };
  });
  return { params, metrics };
}
