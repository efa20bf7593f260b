import { Link } from 'react-router';
import type { NodeDetail, NodePage, Outcome } from '../api-types';
import { formatDate, formatDuration, formatNumber, runLabel } from '../format';
import { HintsPanel } from './hints-panel';
import { Markdown } from './markdown';

/** What the node asks the learner to learn and do: objectives, MVU, exercise, resources, tools. */
export function NodeDetails({ track, node, onOutcome }: { track: string; node: NodeDetail; onOutcome: (outcome: Outcome) => void }) {
  return (
    <>
      {node.objectives.length > 0 && (
        <section aria-labelledby="objectives">
          <h2 id="objectives">Objectives</h2>
          <ul>
            {node.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
        </section>
      )}
      {node.mvu && (
        <section aria-labelledby="mvu">
          <h2 id="mvu">Minimum viable understanding</h2>
          <Markdown source={node.mvu} />
        </section>
      )}
      {node.exercise && (
        <section aria-labelledby="exercise">
          <h2 id="exercise">Exercise{node.exercise.title ? `: ${node.exercise.title}` : ''}</h2>
          <Markdown source={node.exercise.text} />
          {node.exercise.files.length > 0 && (
            <p className="small">
              Files in your workspace:{' '}
              {node.exercise.files.map((file) => (
                <code key={file}>{file} </code>
              ))}
            </p>
          )}
          <HintsPanel track={track} node={node.id} hints={node.exercise.hints} onOutcome={onOutcome} />
        </section>
      )}
      {node.resources.length > 0 && (
        <section aria-labelledby="resources">
          <h2 id="resources">Resources</h2>
          <ul>
            {node.resources.map((resource) => (
              <li key={resource.title + (resource.url ?? '')}>
                {resource.url ? (
                  <a href={resource.url} target="_blank" rel="noopener noreferrer">
                    {resource.title}
                  </a>
                ) : (
                  resource.title
                )}
                {resource.type && <span className="tag">{resource.type}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {node.tools.length > 0 && (
        <section aria-labelledby="tools">
          <h2 id="tools">Tools</h2>
          <p>
            {node.tools.map((tool) => (
              <span key={tool} className="tag">
                {tool}
              </span>
            ))}
          </p>
        </section>
      )}
    </>
  );
}

/** The learner's records of this node: journal entries and runs, each a link to its page. */
export function NodeRecords({ track, data }: { track: string; data: NodePage }) {
  const base = `/t/${encodeURIComponent(track)}`;
  return (
    <section aria-labelledby="records">
      <h2 id="records">Your records</h2>
      <h3>Journal entries</h3>
      {data.journal.length === 0 ? (
        <p className="muted">No journal entry for this node yet.</p>
      ) : (
        <ul>
          {data.journal.map((entry) => (
            <li key={entry.path}>
              <Link to={`${base}/journal?path=${encodeURIComponent(entry.path)}`}>{entry.title ?? entry.path}</Link>{' '}
              <span className="muted small">
                {formatDate(entry.date)} · {entry.words} words
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>Runs</h3>
      {data.runs.length === 0 ? (
        <p className="muted">No run for this node yet.</p>
      ) : (
        <ul>
          {data.runs.map((run) => (
            <li key={run.id}>
              <Link to={`${base}/experiments?node=${encodeURIComponent(data.node.id)}&run=${encodeURIComponent(run.id)}`}>
                {runLabel(run)} {run.status ? `(${run.status})` : ''}
              </Link>{' '}
              <span className="muted small">
                {formatDate(run.startedAt)} · {formatDuration(run.durationMs)} ·{' '}
                {Object.entries(run.metrics)
                  .map(([name, value]) => `${name} ${formatNumber(value)}`)
                  .join(', ') || 'no metrics'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
