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
import type { SignedOff } from '../team-types';

/** One learner of a cohort for their mentor: what they did (newest first), shared journal entries, reviews to sign off. */
export default function LearnerPage() {
  const { cohort, learner } = useParams() as { cohort: string; learner: string };
  const view = useResource(() => api.learner(cohort, learner), `learner/${cohort}/${learner}`);
  const [signed, setSigned] = useState<SignedOff & { title: string }>();
  const data = view.data;
  const who = data ? (data.learner.email) : learner;
  useTitle(`${who}: progress`);
  const titles = new Map(data?.reviews.map((review) => [review.node, review.nodeTitle]));
  const waiting = data?.reviews.filter((review) => review.state === 'waiting') ?? [];
  const approved = data?.reviews.filter((review) => review.state === 'approved') ?? [];
  const now = new Date();

  const onSignedOff = (result: SignedOff) => {
    setSigned({ ...result, title: titles.get(result.node.id) ?? result.node.id });
    view.reload();
  };

  return (
    <section className="page learner-view">
      <p className="breadcrumb small">
        <Link to="/team">Your cohorts</Link> › <Link to={`/team/${encodeURIComponent(cohort)}`}>{data?.cohort.name ?? cohort}</Link>
      </p>
      <h1>{who}</h1>
      {view.loading && !data && <Loading what="Loading the learner" />}
      {view.error && <ErrorBox error={view.error} what="This learner" />}
      {data && (
        <>
          <p>
            {data.learner.done} of {data.learner.total} nodes of {data.track.title} done · last active{' '}
            {data.learner.lastEventAt ? formatRelative(data.learner.lastEventAt, now.getTime()) : 'never'}
            {isStuck(data.learner, now) && (
              <span className="stuck-marker">
                <span aria-hidden="true">⚠</span> {idleDays(data.learner, now) === null ? 'not started' : `stuck ${idleDays(data.learner, now)} days`}
              </span>
            )}
          </p>
          {signed && (
            <p role="status" className="notice">
              Signed off. {signed.title} is now <StatusBadge status={signed.node.status} />
            </p>
          )}
          <h2>Waiting for your sign-off</h2>
          {waiting.length === 0 ? <p className="muted">Nothing is waiting for a review.</p> : waiting.map((review) => <SignOffForm key={`${review.node}/${review.criterion}`} cohort={cohort} learner={learner} review={review} onSignedOff={onSignedOff} />)}
          {approved.length > 0 && (
            <>
              <h3>Signed off</h3>
              <ul className="signed-list">
                {approved.map((review) => (
                  <li key={`${review.node}/${review.criterion}`}>
                    <span aria-hidden="true">✓</span> {review.nodeTitle} · {review.text}
                    {review.comment && <q className="muted"> {review.comment}</q>}
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
                      {event.node && <span className="muted small">node {event.node}</span>}
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section aria-labelledby="shared-title">
              <h2 id="shared-title">Shared journal entries</h2>
              <p className="muted small">Only the entries the learner marked as shared with their mentors are shown.</p>
              {data.journal.length === 0 && <p className="muted">No shared entries.</p>}
              {data.journal.map((entry) => (
                <article key={entry.id} className="entry card" aria-label={entry.title ?? formatDate(entry.date)}>
                  <h3>{entry.title ?? 'Untitled entry'}</h3>
                  <p className="muted small">
                    {formatDate(entry.date)} · {entry.node ?? 'no node'} · {entry.words} words
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
