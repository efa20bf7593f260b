import { useState } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api';
import { asApiError, useResource } from '../hooks/use-resource';
import { useOptionalTrack } from '../track-context';

/** An API error as people read it: its message and hint, in an alert; a missing route says so plainly. */
export function ErrorBox({ error, what }: { error: ApiError; what?: string }) {
  if (error.routeMissing) {
    return (
      <div role="alert" className="alert alert-info">
        <strong>{what ? `${what} is not available on this server.` : 'Not available on this server.'}</strong>
        <p>{error.message}</p>
        {error.hint && <p className="hint">{error.hint}</p>}
      </div>
    );
  }
  return (
    <div role="alert" className="alert">
      <strong>{error.message}</strong>
      {error.hint && <p className="hint">{error.hint}</p>}
      {error.code === 'TRACK_NOT_FOLLOWED' && <StartTrack />}
      <p className="muted small">
        <code>{error.code}</code>
        {error.status > 0 && ` (HTTP ${error.status})`}
      </p>
    </div>
  );
}

/** On a page of a track not followed yet: its Start button (when the catalog has it), which follows it and shows it. */
function StartTrack() {
  const track = useOptionalTrack();
  const catalog = useResource(() => api.catalog(), 'catalog');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const entry = catalog.data?.tracks.find((candidate) => candidate.id === track?.id && !candidate.following);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.follow(entry!.id);
      // Every part of the page (the state, the graph's layout, the node) was refused: load it all again.
      window.location.reload();
    } catch (reason) {
      setError(asApiError(reason));
      setBusy(false);
    }
  };
  return (
    <>
      {entry && (
        <p>
          <button type="button" className="primary" onClick={start} disabled={busy} aria-label={`Start ${entry.title}`}>
            {busy ? 'Starting …' : 'Start'}
          </button>
        </p>
      )}
      {error && <p className="hint">{error.message}</p>}
      <p>
        <Link to="/">{entry ? 'Or choose another track in the catalog' : 'Choose a track in the catalog'}</Link>
      </p>
    </>
  );
}
