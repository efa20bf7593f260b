import type { TopLevelSpec } from 'vega-lite';

/** One named series of metric values, in step order. */
export interface ChartSeries {
  /** The legend label: a metric name, or a run id when runs are overlaid. */
  label: string;
  values: readonly number[];
}

/** What a chart is of: its title and the name of the y axis (the metric). */
export interface ChartOptions {
  title: string;
  metric: string;
  width?: number;
  height?: number;
}

// Point marks on long series would add one SVG element per value and hide the curve.
const MAX_POINTS_WITH_MARKS = 50;

/**
 * The Vega-Lite specification of a line chart of one or more series (x: the value's position in
 * step order, y: the value). Pure: the CLI renders it to SVG and the web app draws the same spec.
 */
export function chartSpec(series: readonly ChartSeries[], options: ChartOptions): TopLevelSpec {
  const values = series.flatMap(({ label, values: points }) => points.map((value, step) => ({ series: label, step, value })));
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: options.width ?? 600,
    height: options.height ?? 300,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: longest <= MAX_POINTS_WITH_MARKS, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step (in the order logged)' },
      y: { field: 'value', type: 'quantitative', title: options.metric, scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        // Sorted by the order given, so the colours of compared runs follow the command line.
        sort: series.map((s) => s.label),
        // Run ids are 26 characters: the default label width would cut them.
        legend: series.length > 1 ? { labelLimit: 400 } : null,
      },
    },
  };
}

/** Renders a Vega-Lite spec to an SVG document, headless (vega's scenegraph, no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded here, not at start-up: only the commands that draw pay for vega.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
