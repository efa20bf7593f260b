import { Link } from 'react-router';
import { idleDays, isStuck, phaseSpans, STUCK_AFTER_DAYS } from '../../../src/core/cohort.js';
import { STATUS_LABEL } from '../format';
import type { CohortProgress, LearnerProgress } from '../team-types';

/** How the rows are ordered: by name, or by progress either way. */
export type MatrixSort = 'name' | 'progress-descending' | 'progress-ascending';

/** Learners × nodes: a cell per node coloured and labelled by status, stuck learners and failing checks marked. */
export function CohortMatrix({
  progress,
  learners,
  sort,
  onSort,
  now,
}: {
  progress: CohortProgress;
  learners: LearnerProgress[];
  sort: MatrixSort;
  onSort: (sort: MatrixSort) => void;
  now: Date;
}) {
  const { nodes, phases, title, cohort } = progress;
  const spans = phaseSpans(nodes, phases);
  const hasPhases = phases.length > 0;
  const base = `/team/${encodeURIComponent(cohort)}`;
  const progressSort = sort === 'progress-descending' ? 'descending' : sort === 'progress-ascending' ? 'ascending' : 'none';
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the matrix scrolls sideways, and a tab stop is how a keyboard reaches it (axe: scrollable-region-focusable).
    <section className="table-scroll matrix-scroll" tabIndex={0} aria-labelledby="matrix-caption">
      <table className="cohort-matrix">
        <caption id="matrix-caption">Each learner's status on each node of {title}, in track order</caption>
        <thead>
          {hasPhases && (
            <tr className="phase-row">
              <td className="learner-col" />
              <td />
              {spans.map((span) => (
                <th key={span.nodes[0]} scope="colgroup" colSpan={span.nodes.length} className="phase-head">
                  <span title={span.title}>{span.title}</span>
                </th>
              ))}
            </tr>
          )}
          <tr>
            <th scope="col" className="learner-col" aria-sort={sort === 'name' ? 'ascending' : 'none'}>
              <button type="button" className="sort" onClick={() => onSort('name')}>
                Learner <span aria-hidden="true">{sort === 'name' ? '▲' : '↕'}</span>
              </button>
            </th>
            <th scope="col" aria-sort={progressSort}>
              <button type="button" className="sort" onClick={() => onSort(sort === 'progress-descending' ? 'progress-ascending' : 'progress-descending')}>
                Progress <span aria-hidden="true">{progressSort === 'descending' ? '▼' : progressSort === 'ascending' ? '▲' : '↕'}</span>
              </button>
            </th>
            {nodes.map((node) => (
              <th key={node.id} scope="col" className="node-head" title={node.title}>
                <span>{node.title}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {learners.map((learner) => {
            const stuck = isStuck(learner, now);
            const idle = idleDays(learner, now);
            return (
              <tr key={learner.email} data-learner={learner.email} className={stuck ? 'stuck' : undefined}>
                <th scope="row" className="learner-col">
                  <Link to={`${base}/${encodeURIComponent(learner.email)}`}>{learner.email}</Link>
                  {stuck && (
                    <span className="stuck-marker" data-testid="stuck">
                      <span aria-hidden="true">⚠</span> {idle === null ? 'not started' : `stuck ${idle} days`}
                    </span>
                  )}
                </th>
                <td className="progress-cell">
                  <span>
                    {learner.done}/{learner.total}
                  </span>
                  <progress value={learner.done} max={Math.max(learner.total, 1)} aria-label={`Progress of ${learner.email}`} />
                </td>
                {nodes.map((node) => {
                  const status = learner.nodes[node.id] ?? 'locked';
                  const failing = learner.failing[node.id];
                  const label = STATUS_LABEL[status];
                  return (
                    <td
                      key={node.id}
                      className={`cell status-${status}${failing ? ' failing' : ''}`}
                      data-node={node.id}
                      data-status={status}
                      data-failing={failing ? 'true' : undefined}
                      title={`${node.title}: ${label.text}${failing ? `, latest check ${failing.status}` : ''}`}
                    >
                      <span aria-hidden="true">{failing ? '✗' : label.icon}</span>
                      <span className="sr-only">
                        {label.text}
                        {failing && `, latest check ${failing.status}`}
                      </span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** What the symbols and colours of the matrix mean. */
export function MatrixLegend() {
  return (
    <ul className="matrix-legend" aria-label="Legend">
      {Object.entries(STATUS_LABEL).map(([status, { icon, text }]) => (
        <li key={status}>
          <span className={`cell-sample status-${status}`} aria-hidden="true">
            {icon}
          </span>{' '}
          {text}
        </li>
      ))}
      <li>
        <span className="cell-sample failing" aria-hidden="true">
          ✗
        </span>{' '}
        Latest check failed
      </li>
      <li>
        <span className="stuck-marker" aria-hidden="true">
          ⚠
        </span>{' '}
        No activity for {STUCK_AFTER_DAYS}+ days
      </li>
    </ul>
  );
}
