import { Link } from 'react-router';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';

/** The cohorts the signed-in mentor mentors, each a link to its matrix. */
export default function TeamPage() {
  useTitle('Team');
  const cohorts = useResource(() => api.cohorts(), 'cohorts');
  // A cohort one learns in is not one to mentor: its progress is for its mentors.
  const list = (cohorts.data?.cohorts ?? []).filter((cohort) => cohort.as !== 'learner');
  return (
    <section className="page">
      <h1>Your cohorts</h1>
      {cohorts.loading && !cohorts.data && <Loading what="Loading your cohorts" />}
      {cohorts.error && <ErrorBox error={cohorts.error} what="The team pages" />}
      {cohorts.data && list.length === 0 && <p className="lead">You mentor no cohort yet. An administrator adds you to one as its mentor.</p>}
      <ul className="card-grid" aria-label="Cohorts">
        {list.map((cohort) => (
          <li key={cohort.name} className="card">
            <h2>
              <Link to={`/team/${encodeURIComponent(cohort.name)}`}>{cohort.name}</Link>
            </h2>
            <p className="muted small">
              {cohort.learners} learner{cohort.learners === 1 ? '' : 's'} · track <code>{cohort.track}</code>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
