import { api } from '../api';
import { formatNumber } from '../format';
import { useResource } from '../hooks/use-resource';
import { ErrorBox } from './error-box';
import { Loading } from './loading';
import { VegaChart } from './vega-chart';

/** Two runs side by side: params (differences marked), final metrics with the change, overlay charts. */
export function RunCompare({ track, a, b }: { track: string; a: string; b: string }) {
  const comparison = useResource(() => api.compare(track, a, b), `${track}/compare/${a}/${b}`);
  if (comparison.error) return <ErrorBox error={comparison.error} what="Comparing runs" />;
  if (!comparison.data) return <Loading what="Comparing the runs" />;
  const { params, metrics, charts } = comparison.data;
  return (
    <section className="run-compare" aria-labelledby="compare-title">
      <h2 id="compare-title">
        Compare <code>{a.slice(-8)}</code> (A) with <code>{b.slice(-8)}</code> (B)
      </h2>
      <div className="table-scroll">
        <table>
          <caption>Params</caption>
          <thead>
            <tr>
              <th scope="col">Param</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
            </tr>
          </thead>
          <tbody>
            {params.length === 0 && (
              <tr>
                <td colSpan={3}>No params.</td>
              </tr>
            )}
            {params.map((param) => (
              <tr key={param.name} className={param.a === param.b ? undefined : 'differs'}>
                <th scope="row">
                  {param.name}
                  {param.a !== param.b && <span className="sr-only"> (differs)</span>}
                </th>
                <td>{param.a ?? '—'}</td>
                <td>{param.b ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table>
          <caption>Final metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">B − A</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((metric) => (
              <tr key={metric.name}>
                <th scope="row">{metric.name}</th>
                <td>{formatNumber(metric.a)}</td>
                <td>{formatNumber(metric.b)}</td>
                <td>{metric.a !== null && metric.b !== null ? formatNumber(metric.b - metric.a) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="charts">
        {charts.map((chart) => (
          <VegaChart key={chart.metric} chart={chart} />
        ))}
      </div>
    </section>
  );
}
