import { Link } from 'react-router';
import type { ApiError } from '../api';

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
      {error.code === 'TRACK_NOT_FOLLOWED' && (
        <p>
          <Link to="/">Choose a track in the catalog</Link>
        </p>
      )}
      <p className="muted small">
        <code>{error.code}</code>
        {error.status > 0 && ` (HTTP ${error.status})`}
      </p>
    </div>
  );
}
