import type { NodeStatus } from '../api-types';
import { STATUS_LABEL } from '../format';

/** A node's status as a coloured badge with a symbol and a word. */
export function StatusBadge({ status }: { status: NodeStatus }) {
  const { icon, text } = STATUS_LABEL[status];
  return (
    <span className={`badge status-${status}`}>
      <span aria-hidden="true">{icon}</span> {text}
    </span>
  );
}

/** The state of a criterion (met, open, pending) as a badge. */
export function CriterionBadge({ state }: { state: 'met' | 'open' | 'pending' }) {
  const icon = state === 'met' ? '✓' : state === 'pending' ? '…' : '○';
  return (
    <span className={`badge criterion-${state}`}>
      <span aria-hidden="true">{icon}</span> {state}
    </span>
  );
}
