import { useEffect, useRef, useState } from 'react';
import type { Chart } from '../record-types';
import { useTheme } from '../theme';

/** One Vega-Lite chart from the server, drawn as SVG; vega-embed is loaded on first use. */
export function VegaChart({ chart }: { chart: Chart }) {
  const target = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const { theme } = useTheme();

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let finalize: (() => void) | undefined;
    let cancelled = false;
    import('vega-embed')
      // ast: vega's expressions are interpreted, not compiled with Function(), which the CSP forbids.
      // The spec's white background is for the SVG files; in the app the chart takes the page's theme.
      .then(({ default: embed }) =>
        embed(element, { ...(chart.spec as object), background: 'transparent' } as Parameters<typeof embed>[1], {
          renderer: 'svg',
          actions: false,
          ast: true,
          ...(theme === 'dark' ? { theme: 'dark' as const } : {}),
        }),
      )
      .then((result) => {
        if (cancelled) result.finalize();
        else finalize = () => result.finalize();
      })
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [chart, theme]);

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
