import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { RunCompare } from '../components/run-compare';
import { RunDetails } from '../components/run-details';
import { formatDate, formatDuration, formatNumber, runLabel } from '../format';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import { useTrack } from '../track-context';

/** Experiment runs: the table (optionally of one node), one run's charts, or two runs compared. */
export default function ExperimentsPage() {
  const { id: track } = useTrack();
  const [params, setParams] = useSearchParams();
  const node = params.get('node') ?? undefined;
  const selected = params.get('run');
  const a = params.get('a');
  const b = params.get('b');
  useTitle(node ? `Experiments of ${node}` : 'Experiments');
  const runs = useResource(() => api.runs(track, node), `${track}/runs/${node ?? ''}`);
  const [picked, setPicked] = useState<string[]>(() => (a && b ? [a, b] : []));

  const show = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  // Two at most: ticking a third drops the oldest pick.
  const pick = (id: string, on: boolean) => setPicked((current) => (on ? [...current, id].slice(-2) : current.filter((p) => p !== id)));

  return (
    <section className="page">
      <h1>Experiments{node && <span className="muted small"> · node {node}</span>}</h1>
      {node && (
        <p className="small">
          Showing the runs of <Link to={`/t/${encodeURIComponent(track)}/n/${encodeURIComponent(node)}`}>{node}</Link> ·{' '}
          <button type="button" className="link" onClick={() => show({ node: null })}>
            show all runs
          </button>
        </p>
      )}
      {runs.error && <ErrorBox error={runs.error} what="Experiments" />}
      {runs.loading && !runs.data && <Loading what="Loading the runs" />}
      {runs.data && runs.data.runs.length === 0 && (
        <p>
          No runs yet. Run an exercise check on a node page, or log an experiment with <code>trail log --node &lt;id&gt; --objective "…"</code>.
        </p>
      )}
      {runs.data && runs.data.runs.length > 0 && (
        <>
          <div className="toolbar">
            <button type="button" className="primary" disabled={picked.length !== 2} onClick={() => show({ a: picked[0]!, b: picked[1]!, run: null })}>
              Compare the two ticked runs
            </button>
            <span className="small muted">{picked.length} of 2 ticked</span>
          </div>
          <div className="table-scroll">
            <table className="runs-table">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Run</th>
                  <th scope="col">Node</th>
                  <th scope="col">What</th>
                  <th scope="col">Evidence</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Final metrics</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.runs.map((run) => (
                  <tr key={run.id} aria-current={run.id === selected ? 'true' : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        checked={picked.includes(run.id)}
                        onChange={(event) => pick(run.id, event.target.checked)}
                        aria-label={`Tick run ${run.id} to compare`}
                      />
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => show({ run: run.id, a: null, b: null })} title={run.id}>
                        <span className="sr-only">Show run </span>
                        <code>{run.id.slice(-8)}</code>
                      </button>
                    </td>
                    <td>{run.node ?? '—'}</td>
                    <td>{runLabel(run)}</td>
                    <td>
                      <span
                        className={`tag provenance-${run.provenance}`}
                        title={
                          run.provenance === 'measured'
                            ? 'a check Trailguide ran measured these numbers'
                            : 'numbers typed with trail log: they count only where a criterion accepts reported runs'
                        }
                      >
                        {run.provenance}
                      </span>
                    </td>
                    <td>{run.status ?? '—'}</td>
                    <td>{formatDate(run.startedAt)}</td>
                    <td>{formatDuration(run.durationMs)}</td>
                    <td>
                      {Object.entries(run.metrics)
                        .map(([name, value]) => `${name} ${formatNumber(value)}`)
                        .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {a && b ? <RunCompare track={track} a={a} b={b} /> : selected && <RunDetails track={track} id={selected} />}
    </section>
  );
}
