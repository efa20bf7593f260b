import type { TopLevelSpec } from 'vega-lite';
import type { RecordFiles } from './files.js';
import { chartSpec, renderSvg } from './charts.js';
import type { AnyRunRecord } from '../core/runs.js';

/** The workspace folder that plots are written to. */
export const VISUALIZATIONS = 'visualizations';

// Metric names are free text ("val/loss"); a file name keeps only safe characters.
function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The metrics of a run that get a plot: series with at least two values. */
export function plottedMetrics(run: Pick<AnyRunRecord, 'metrics'>): string[] {
  return Object.entries(run.metrics)
    .filter(([, values]) => values.length >= 2)
    .map(([name]) => name);
}

/** Where the plot of one series of a run goes, relative to the workspace: `visualizations/<run id>-<metric>.svg`. */
export function runPlotPath(runId: string, metric: string): string {
  return `${VISUALIZATIONS}/${runId}-${safe(metric)}.svg`;
}

/** Where the overlay of one metric of two runs goes: `visualizations/compare-<a>-<b>-<metric>.svg`. */
export function comparePlotPath(a: string, b: string, metric: string): string {
  return `${VISUALIZATIONS}/compare-${a}-${b}-${safe(metric)}.svg`;
}

async function write(files: RecordFiles, path: string, svg: Promise<string>): Promise<void> {
  files.write(path, await svg);
}

/** The chart of each series of a run with two or more values: the spec the SVG files and the web app draw. */
export function runCharts(run: Pick<AnyRunRecord, 'id' | 'node' | 'metrics'>): Array<{ metric: string; spec: TopLevelSpec }> {
  return plottedMetrics(run).map((metric) => ({
    metric,
    spec: chartSpec([{ label: metric, values: run.metrics[metric]! }], { title: `${metric} — ${run.node}, run ${run.id}`, metric }),
  }));
}

/** For each metric both runs have, the chart of the two curves on one plot. */
export function comparisonCharts(a: AnyRunRecord, b: AnyRunRecord): Array<{ metric: string; spec: TopLevelSpec }> {
  const shared = Object.keys(a.metrics).filter((name) => (a.metrics[name]?.length ?? 0) > 0 && (b.metrics[name]?.length ?? 0) > 0);
  return shared.map((metric) => ({
    metric,
    spec: chartSpec(
      [
        { label: a.id, values: a.metrics[metric]! },
        { label: b.id, values: b.metrics[metric]! },
      ],
      { title: `${metric}: ${a.id} vs ${b.id}`, metric },
    ),
  }));
}

/** Renders each series of a run with two or more values to its SVG file; returns the paths written. */
export async function plotRun(files: RecordFiles, run: Pick<AnyRunRecord, 'id' | 'node' | 'metrics'>): Promise<string[]> {
  const paths: string[] = [];
  for (const { metric, spec } of runCharts(run)) {
    const path = runPlotPath(run.id, metric);
    await write(files, path, renderSvg(spec));
    paths.push(path);
  }
  return paths;
}

/** Renders, for each metric both runs have, the two curves on one chart; returns metric and path of each. */
export async function plotComparison(files: RecordFiles, a: AnyRunRecord, b: AnyRunRecord): Promise<Array<{ metric: string; path: string }>> {
  const plots: Array<{ metric: string; path: string }> = [];
  for (const { metric, spec } of comparisonCharts(a, b)) {
    const path = comparePlotPath(a.id, b.id, metric);
    await write(files, path, renderSvg(spec));
    plots.push({ metric, path });
  }
  return plots;
}
