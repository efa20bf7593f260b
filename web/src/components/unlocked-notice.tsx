import { Link } from 'react-router';
import type { Unlocked } from '../api-types';

/** "Unlocked: …" after an action, each a link to the node it opened. */
export function UnlockedNotice({ track, unlocked }: { track: string; unlocked: Unlocked[] }) {
  if (unlocked.length === 0) return null;
  return (
    <div className="notice" role="status">
      <strong>Unlocked:</strong>{' '}
      {unlocked.map((node, i) => (
        <span key={node.id}>
          {i > 0 && ', '}
          <Link to={`/t/${encodeURIComponent(track)}/n/${encodeURIComponent(node.id)}`}>{node.title}</Link>
        </span>
      ))}
    </div>
  );
}
