import { api } from '../api';
import { formatDate, formatDuration, formatNumber } from '../format';
import { useResource } from '../hooks/use-resource';
import { CheckResultView } from './check-result';
import { ErrorBox } from './error-box';
import { Loading } from './loading';
import { VegaChart } from './vega-chart';

/** One run: what ran, its check result (every failed expectation, the output's tail), params and final metrics, artifacts, notes, and a chart per metric series. */
export function RunDetails({ track, id }: { track: string; id: string }) {
  const detail = useResource(() => api.run(track, id), `${track}/run/${id}`);
  if (detail.error) return <ErrorBox error={detail.error} what="This run" />;
  if (!detail.data) return <Loading what="Loading the run" />;
  const { run, charts, result, folder } = detail.data;
  return (
    <section className="run-details" aria-labelledby="run-title">
      <h2 id="run-title">
        Run <code>{run.id}</code>
      </h2>
      <dl className="facts">
        <div>
          <dt>Node</dt>
          <dd>{run.node}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(run.startedAt)}</dd>
        </div>
        <div>
          <dt>{run.kind === 'check' ? 'Check' : 'Objective'}</dt>
          <dd>{run.kind === 'check' ? `${run.criterion ?? ''} (${run.status ?? 'no status'})` : (run.objective ?? '—')}</dd>
        </div>
        {run.command && (
          <div>
            <dt>Command</dt>
            <dd>
              <code>{run.command}</code> · {formatDuration(run.durationMs)} · exit {run.exitCode ?? '—'}
            </dd>
          </div>
        )}
        {run.gitCommit && (
          <div>
            <dt>Commit</dt>
            <dd>
              <code>{run.gitCommit.slice(0, 12)}</code>
            </dd>
          </div>
        )}
      </dl>
      {result && <CheckResultView track={track} result={result} dir={folder ?? ''} />}
      {run.kind === 'manual' && Object.keys(run.params).length > 0 && (
        <p>
          Params:{' '}
          {Object.entries(run.params).map(([name, value]) => (
            <code key={name} className="tag">
              {name}={value}
            </code>
          ))}
        </p>
      )}
      <p>
        Final metrics:{' '}
        {Object.entries(run.metrics)
          .map(([name, values]) => `${name} ${formatNumber(values[values.length - 1])} (${values.length} value${values.length === 1 ? '' : 's'})`)
          .join(', ') || 'none'}
      </p>
      {run.artifacts.length > 0 && (
        <p>
          Artifacts:{' '}
          {run.artifacts.map((artifact) => (
            <a key={artifact.path} href={api.fileUrl(track, artifact.path)} target="_blank" rel="noopener noreferrer" className="tag">
              {artifact.path}
            </a>
          ))}
        </p>
      )}
      {run.kind === 'manual' && run.notes && <p>Notes: {run.notes}</p>}
      {charts.length === 0 ? (
        <p className="muted">No chart: only series of two or more values are drawn.</p>
      ) : (
        <div className="charts">
          {charts.map((chart) => (
            <VegaChart key={chart.metric} chart={chart} />
          ))}
        </div>
      )}
    </section>
  );
}
