import { useEffect, useRef, useState } from 'react';
import type { Chart } from '../record-types';

/** One Vega-Lite chart from the server, drawn as SVG; vega-embed is loaded on first use. */
export function VegaChart({ chart }: { chart: Chart }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let finalize: (() => void) | undefined;
    let cancelled = false;
    import('vega-embed')
      // ast: vega's expressions are interpreted, not compiled with Function(), which the CSP forbids.
      .then(({ default: embed }) => embed(element, chart.spec as Parameters<typeof embed>[1], { renderer: 'svg', actions: false, ast: true }))
      .then((result) => {
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
      })
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [chart]);

  return (
    // vega-embed gives the drawing its own role and label, so the figure carries the chart's name.
    <figure className="chart" aria-label={`Chart of ${chart.metric}`}>
      <div ref={target} className="chart-canvas" />
      {error && (
        <figcaption role="alert" className="alert">
          The chart of {chart.metric} could not be drawn: {error}
        </figcaption>
      )}
    </figure>
  );
}
