import { useEffect, useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { NodeStatus } from '../api-types';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { StatusBadge } from '../components/status-badge';
import { TrackHeader } from '../components/track-header';
import { describeWait, STATUS_LABEL, STATUSES, waitNames } from '../format';
import { LIST_FILTER_ID } from '../hooks/use-shortcuts';
import { useTitle } from '../hooks/use-title';
import { useTrack } from '../track-context';

/** The roadmap as a table, filtered by status, phase and text (the filters live in the address). */
export default function ListPage() {
  const { id, state } = useTrack();
  useTitle(state.data ? `${state.data.track.title}: list` : 'List');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filterInput = useRef<HTMLInputElement>(null);

  // `/` pressed on another page lands here with focusFilter; the field exists once the track has loaded.
  const loaded = state.data !== undefined;
  useEffect(() => {
    if (loaded && (location.state as { focusFilter?: boolean } | null)?.focusFilter) filterInput.current?.focus();
  }, [location.state, loaded]);

  const text = params.get('q') ?? '';
  const phase = params.get('phase') ?? '';
  const shown = new Set((params.get('status') ?? STATUSES.join(',')).split(',') as NodeStatus[]);

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const toggleStatus = (status: NodeStatus, on: boolean) => {
    const next = STATUSES.filter((s) => (s === status ? on : shown.has(s)));
    update('status', next.length === STATUSES.length ? '' : next.join(',') || 'none');
  };

  const data = state.data;
  const names = waitNames(data);
  const phaseTitle = new Map(data?.phases.map((p) => [p.id, p.title]));
  const needle = text.trim().toLowerCase();
  const rows = (data?.nodes ?? []).filter(
    (node) => shown.has(node.status) && (!phase || node.phase === phase) && (!needle || `${node.id} ${node.title} ${node.kind}`.toLowerCase().includes(needle)),
  );
  const base = `/t/${encodeURIComponent(id)}`;

  return (
    <section className="page">
      {data ? <TrackHeader state={data} view="List" /> : <h1>List</h1>}
      {state.error && <ErrorBox error={state.error} what="The roadmap" />}
      {!data && !state.error && <Loading what="Loading the roadmap" />}
      {data && (
        <>
          <search aria-label="Filter the nodes">
            <form className="filters" onSubmit={(event) => event.preventDefault()}>
              <label>
                Filter{' '}
                <input
                  id={LIST_FILTER_ID}
                  ref={filterInput}
                  type="search"
                  value={text}
                  placeholder="title or id"
                  onChange={(event) => update('q', event.target.value)}
                />
              </label>
              <label>
                Phase{' '}
                <select value={phase} onChange={(event) => update('phase', event.target.value)}>
                  <option value="">All phases</option>
                  {data.phases.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset>
                <legend>Status</legend>
                {STATUSES.map((status) => (
                  <label key={status} className="inline">
                    <input type="checkbox" checked={shown.has(status)} onChange={(event) => toggleStatus(status, event.target.checked)} />{' '}
                    {STATUS_LABEL[status].text}
                  </label>
                ))}
              </fieldset>
            </form>
          </search>
          <p role="status" className="muted small">
            {rows.length} of {data.nodes.length} nodes shown
          </p>
          <div className="table-scroll">
            <table className="node-table">
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Status</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Waits for</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((node) => (
                  <tr key={node.id} className={node.status === 'skipped' ? 'skipped' : undefined}>
                    <td>
                      <Link to={`${base}/n/${encodeURIComponent(node.id)}`}>{node.title}</Link>
                      {node.optional && <span className="tag">optional</span>}
                    </td>
                    <td>
                      <StatusBadge status={node.status} />
                    </td>
                    <td>{node.phase ? (phaseTitle.get(node.phase) ?? node.phase) : '—'}</td>
                    <td>{node.kind}</td>
                    <td>{node.duration ?? '—'}</td>
                    <td>{node.waitingFor.map((wait) => describeWait(wait, names)).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
