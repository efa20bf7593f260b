import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../api';
import type { TrackSummary } from '../api-types';
import { ErrorBox } from '../components/error-box';
import { Loading } from '../components/loading';
import { ProgressBar } from '../components/progress-bar';
import { formatHours } from '../format';
import { asApiError, useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';

/** The catalog: every track, with Follow for new ones and Open for followed ones. */
export function CatalogPage() {
  useTitle('Catalog');
  const catalog = useResource(() => api.catalog(), 'catalog');
  const tracks = catalog.data?.tracks ?? [];
  const following = tracks.filter((track) => track.following);
  return (
    <section className="page">
      <h1>Tracks</h1>
      {catalog.loading && !catalog.data && <Loading what="Loading the catalog" />}
      {catalog.error && <ErrorBox error={catalog.error} />}
      {catalog.data && following.length === 0 && <p className="lead">Choose a track to start.</p>}
      {catalog.data?.mode === 'workspace' && <p className="muted">This server shows one workspace: its track is the only one.</p>}
      <ul className="card-grid" aria-label="Tracks">
        {tracks.map((track) => (
          <TrackCard key={track.id} track={track} />
        ))}
      </ul>
    </section>
  );
}

function TrackCard({ track }: { track: TrackSummary }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const to = `/t/${encodeURIComponent(track.id)}`;

  const follow = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.follow(track.id);
      navigate(to);
    } catch (reason) {
      setError(asApiError(reason));
      setBusy(false);
    }
  };

  return (
    <li className="card track-card">
      <h2>{track.following ? <Link to={to}>{track.title}</Link> : track.title}</h2>
      {track.summary && <p>{track.summary}</p>}
      <p className="muted small">
        {[`${track.nodes} nodes`, track.phases > 0 && `${track.phases} phases`, track.hours !== null && `about ${formatHours(track.hours)} of work`]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {track.progress && <ProgressBar progress={track.progress} label={`Progress of ${track.title}`} />}
      {track.broken && <ErrorBox error={new ApiError(500, track.broken.code, track.broken.message, track.broken.hint)} />}
      {error && <ErrorBox error={error} />}
      <div className="card-actions">
        {track.following ? (
          <Link className="button primary" to={to} aria-label={`Open ${track.title}`}>
            Open
          </Link>
        ) : (
          <button type="button" className="primary" onClick={follow} disabled={busy} aria-label={`Start ${track.title}`}>
            {busy ? 'Starting …' : 'Start'}
          </button>
        )}
      </div>
    </li>
  );
}
