// Trailguide metric protocol helper for JavaScript and TypeScript:
//   import { logMetric } from './trail_metrics.mjs';
//   logMetric('loss', 0.25, 10);
// Appends {"name","value","step"} lines to the file named by TRAIL_METRICS (set by `trail check`).
import { appendFileSync } from 'node:fs';

const steps = new Map();

/** Records one value of a named series; steps count up from 0 when not given. */
export function logMetric(name, value, step) {
  const path = process.env.TRAIL_METRICS;
  if (!path) return;
  const next = step ?? (steps.get(name) ?? -1) + 1;
  steps.set(name, next);
  appendFileSync(path, `${JSON.stringify({ name: String(name), value: Number(value), step: next })}\n`);
}
