import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { idleDays, isStuck } from '../../../src/core/cohort.js';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { Markdown } from '../components/markdown';
import { SignOffForm } from '../components/sign-off-form';
import { StatusBadge } from '../components/status-badge';
import { formatDate, formatRelative } from '../format';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import type { LearnerView, ReviewItem } from '../team-types';

/** The `review` criteria of the learner's nodes, in track order; a locked node's wait until it opens. */
function reviewsOf(view: LearnerView): ReviewItem[] {
  return view.nodes.flatMap((node) =>
    node.status === 'locked'
      ? []
      : node.criteria
          .filter((criterion) => criterion.kind === 'review')
          .map((criterion) => ({
            node: node.id,
            nodeTitle: node.title,
            nodeStatus: node.status,
            criterion: criterion.id,
            text: criterion.text,
            approved: criterion.state === 'met',
          })),
  );
}

/** One learner of a cohort for their mentor: reviews to sign off, what they did (newest first), the journal entries they shared. */
export default function LearnerPage() {
  const { cohort, learner } = useParams() as { cohort: string; learner: string };
  const view = useResource(() => api.learner(cohort, learner), `learner/${cohort}/${learner}`);
  const [signed, setSigned] = useState<ReviewItem>();
  const data = view.data;
  useTitle(`${data?.email ?? learner}: progress`);
  const reviews = data ? reviewsOf(data) : [];
  const waiting = reviews.filter((review) => !review.approved);
  const approved = reviews.filter((review) => review.approved);
  const titles = new Map(data?.nodes.map((node) => [node.id, node.title]));
  const standing = data && { done: data.progress.done, total: data.progress.total, lastEventAt: data.lastEventAt };
  const now = new Date();
  const idle = standing ? idleDays(standing, now) : null;
  // After a sign-off the page shows the node's status as the server now computes it.
  const signedNode = signed && data?.nodes.find((node) => node.id === signed.node);

  return (
    <section className="page learner-view">
      <p className="breadcrumb small">
        <Link to="/team">Your cohorts</Link> › <Link to={`/team/${encodeURIComponent(cohort)}`}>{cohort}</Link>
      </p>
      <h1>{data?.email ?? learner}</h1>
      {view.loading && !data && <Loading what="Loading the learner" />}
      {view.error && <ErrorBox error={view.error} what="This learner" />}
      {data && standing && (
        <>
          <p>
            {data.progress.done} of {data.progress.total} nodes of {data.title} done · last active{' '}
            {data.lastEventAt ? formatRelative(data.lastEventAt, now.getTime()) : 'never'}
            {isStuck(standing, now) && (
              <span className="stuck-marker">
                <span aria-hidden="true">⚠</span> {idle === null ? 'not started' : `stuck ${idle} days`}
              </span>
            )}
          </p>
          {signed && (
            <p role="status" className="notice">
              Signed off: {signed.nodeTitle} · {signed.text}.{' '}
              {signedNode && (
                <>
                  The node is now <StatusBadge status={signedNode.status} />
                </>
              )}
            </p>
          )}
          <h2>Waiting for your sign-off</h2>
          {waiting.length === 0 ? (
            <p className="muted">Nothing is waiting for a review.</p>
          ) : (
            waiting.map((review) => (
              <SignOffForm
                key={`${review.node}/${review.criterion}`}
                cohort={cohort}
                learner={data.email}
                review={review}
                onSignedOff={() => {
                  setSigned(review);
                  view.reload();
                }}
              />
            ))
          )}
          {approved.length > 0 && (
            <>
              <h3>Signed off</h3>
              <ul className="signed-list">
                {approved.map((review) => (
                  <li key={`${review.node}/${review.criterion}`}>
                    <span aria-hidden="true">✓</span> {review.nodeTitle} · {review.text} <StatusBadge status={review.nodeStatus} />
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="split learner-split">
            <section aria-labelledby="timeline-title">
              <h2 id="timeline-title">Timeline</h2>
              {data.events.length === 0 ? (
                <p className="muted">No activity yet.</p>
              ) : (
                <ol className="timeline" aria-label="Events, newest first">
                  {data.events.map((event) => (
                    <li key={event.id} data-verb={event.verb}>
                      <time dateTime={event.at}>{formatDate(event.at)}</time>
                      <span>{event.summary}</span>
                      {event.node && <span className="muted small">{titles.get(event.node) ?? event.node}</span>}
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section aria-labelledby="shared-title">
              <h2 id="shared-title">Shared journal entries</h2>
              <p className="muted small">Only the entries the learner chose to share with their mentors are shown.</p>
              {data.journal.length === 0 && <p className="muted">No shared entries.</p>}
              {data.journal.map((entry) => (
                <article key={entry.path} className="entry card" aria-label={entry.title ?? formatDate(entry.date)}>
                  <h3>{entry.title ?? 'Untitled entry'}</h3>
                  <p className="muted small">
                    {formatDate(entry.date)} · {entry.node ? (titles.get(entry.node) ?? entry.node) : 'no node'} · {entry.words} words
                  </p>
                  <Markdown source={entry.body} />
                </article>
              ))}
            </section>
          </div>
        </>
      )}
    </section>
  );
}
