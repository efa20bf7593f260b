import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isStuck, sortByProgress } from '../../../src/core/cohort.js';
import { api } from '../api';
import { CohortMatrix, MatrixLegend, type MatrixSort } from '../components/cohort-matrix';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';

const SORTS: MatrixSort[] = ['name', 'progress-descending', 'progress-ascending'];

/** A cohort's matrix: its learners × the track's nodes, with who is stuck and whose checks fail. */
export default function CohortPage() {
  const cohort = useParams().cohort!;
  const progress = useResource(() => api.cohortProgress(cohort), `cohort/${cohort}`);
  const [params, setParams] = useSearchParams();
  const asked = params.get('sort') as MatrixSort | null;
  const sort: MatrixSort = asked && SORTS.includes(asked) ? asked : 'name';
  const data = progress.data;
  useTitle(data ? `${data.cohort}: progress` : 'Cohort');
  // One clock per load, so a row's "stuck" does not flicker between renders.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (data) setNow(new Date());
  }, [data]);

  const learners = useMemo(() => {
    const all = data?.learners ?? [];
    if (sort === 'name') return [...all].sort((a, b) => a.email.localeCompare(b.email));
    return sortByProgress(all, sort === 'progress-ascending' ? 'ascending' : 'descending');
  }, [data, sort]);
  const stuck = learners.filter((learner) => isStuck(learner, now)).length;
  const failing = learners.filter((learner) => Object.keys(learner.failing).length > 0).length;

  const setSort = (next: MatrixSort) => {
    const search = new URLSearchParams(params);
    if (next === 'name') search.delete('sort');
    else search.set('sort', next);
    setParams(search, { replace: true });
  };

  return (
    <section className="page">
      <p className="breadcrumb small">
        <Link to="/team">Your cohorts</Link>
      </p>
      <h1>
        {cohort} {data && <span className="muted small">· {data.title}</span>}
      </h1>
      {progress.loading && !data && <Loading what="Loading the cohort" />}
      {progress.error && <ErrorBox error={progress.error} what="This cohort" />}
      {data && (
        <>
          <p role="status">
            {learners.length} learner{learners.length === 1 ? '' : 's'} · <strong>{stuck}</strong> stuck · <strong>{failing}</strong> with a failing check
          </p>
          <MatrixLegend />
          {learners.length === 0 ? (
            <p className="muted">No learner is enrolled in this cohort yet.</p>
          ) : (
            <CohortMatrix progress={data} learners={learners} sort={sort} onSort={setSort} now={now} />
          )}
        </>
      )}
    </section>
  );
}
