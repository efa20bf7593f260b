import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type ApiError } from '../api';
import type { Outcome, Unlocked } from '../api-types';
import { CriterionPanel } from '../components/criterion-panel';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { Markdown } from '../components/markdown';
import { NodeFiles } from '../components/node-files';
import { NodeDetails, NodeRecords } from '../components/node-sections';
import { StatusBadge } from '../components/status-badge';
import { TutorPanel } from '../components/tutor-panel';
import { UnlockedNotice } from '../components/unlocked-notice';
import { asApiError, useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import { describeWait, waitNames } from '../format';
import { useTrack } from '../track-context';

/** A node: what to learn and do, the exit criteria with their actions, and the learner's records. */
export default function NodePage() {
  const nodeId = useParams().node!;
  // Keyed by node: following an "Unlocked" link starts the next node with fresh forms.
  return <NodeView key={nodeId} nodeId={nodeId} />;
}

function NodeView({ nodeId }: { nodeId: string }) {
  const { id: track, state } = useTrack();
  const page = useResource(() => api.node(track, nodeId), `${track}/${nodeId}`);
  const [unlocked, setUnlocked] = useState<Unlocked[]>([]);
  const [error, setError] = useState<ApiError>();
  const [skipping, setSkipping] = useState(false);
  useTitle(page.data?.node.title ?? nodeId);

  const onOutcome = (outcome: Outcome) => {
    setUnlocked(outcome.unlocked);
    page.reload();
    state.reload();
  };

  const skip = async () => {
    setSkipping(true);
    setError(undefined);
    try {
      onOutcome(await api.skip(track, nodeId));
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setSkipping(false);
    }
  };

  if (!page.data) {
    return <section className="page">{page.error ? <ErrorBox error={page.error} what="This node" /> : <Loading what="Loading the node" />}</section>;
  }
  const { node, body } = page.data;
  const phase = state.data?.phases.find((p) => p.id === node.phase)?.title ?? node.phase;
  const base = `/t/${encodeURIComponent(track)}`;
  return (
    <div className="node-layout">
      <article className="page node-page" aria-labelledby="node-title">
        <p className="small">
          <Link to={base}>← Graph</Link> · <Link to={`${base}/list`}>List</Link>
        </p>
        <h1 id="node-title">{node.title}</h1>
        <p className="node-meta">
          <StatusBadge status={node.status} /> <span>{node.kind}</span>
          {phase && <span>phase: {phase}</span>}
          {node.duration && <span>duration: {node.duration}</span>}
          {node.optional && <span className="tag">optional</span>}
          {node.anytime && <span className="tag">any time</span>}
        </p>
        {node.status === 'locked' && <Waiting track={track} waitingFor={node.waitingFor} names={waitNames(state.data)} />}
        <UnlockedNotice track={track} unlocked={unlocked} />
        {page.error && <ErrorBox error={page.error} />}
        {error && <ErrorBox error={error} />}
        {node.optional && node.status !== 'done' && node.status !== 'skipped' && (
          <button type="button" onClick={skip} disabled={skipping}>
            Skip this optional node
          </button>
        )}
        {body.trim() && (
          <section aria-labelledby="overview">
            <h2 id="overview">Overview</h2>
            <Markdown source={body} />
          </section>
        )}
        <NodeDetails track={track} node={node} onOutcome={onOutcome} />
        {page.data.where && <NodeFiles where={page.data.where} />}
        <section aria-labelledby="criteria">
          <h2 id="criteria">Exit criteria</h2>
          {page.data.problems?.map((problem) => (
            <p key={problem.path} className="warn small">
              {problem.path} {problem.message}; that check's latest result is not shown.
            </p>
          ))}
          {node.criteria.length === 0 ? (
            <p>This node has no criteria: it is done once you open it.</p>
          ) : (
            <ul className="criteria">
              {node.criteria.map((criterion) => (
                <CriterionPanel
                  key={criterion.id}
                  track={track}
                  node={node}
                  locked={node.status === 'locked'}
                  criterion={criterion}
                  latest={page.data?.latest?.[criterion.id]}
                  nodeDir={page.data?.where?.folder}
                  onOutcome={onOutcome}
                />
              ))}
            </ul>
          )}
        </section>
        <NodeRecords track={track} data={page.data} />
      </article>
      <aside className="tutor" aria-labelledby="tutor-title">
        <h2 id="tutor-title">Tutor</h2>
        <TutorPanel track={track} node={nodeId} onChange={() => page.reload()} />
      </aside>
    </div>
  );
}

function Waiting({ track, waitingFor, names }: { track: string; waitingFor: string[]; names: Map<string, string> }) {
  if (waitingFor.length === 0) return <p className="notice">Locked.</p>;
  return (
    <p className="notice">
      <strong>Locked:</strong> it waits for{' '}
      {waitingFor.map((wait, i) => (
        <span key={wait}>
          {i > 0 && ', '}
          {wait.startsWith('phase:') ? (
            describeWait(wait, names)
          ) : (
            <Link to={`/t/${encodeURIComponent(track)}/n/${encodeURIComponent(wait)}`}>{names.get(wait) ?? wait}</Link>
          )}
        </span>
      ))}
      . Its criteria open when those are done — or turn on the <strong>Practice</strong> switch at the top of the graph or list to try it anyway.
    </p>
  );
}
