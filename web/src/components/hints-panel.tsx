import { useState } from 'react';
import { api, type ApiError } from '../api';
import type { Hints, Outcome } from '../api-types';
import { asApiError } from '../hooks/use-resource';
import { keyed } from '../keys';
import { ErrorBox } from './error-box';
import { Markdown } from './markdown';

/** The exercise's hints: those revealed so far, and a button that reveals the next one (recorded, like `trail hint`). */
export function HintsPanel({ track, node, hints, onOutcome }: { track: string; node: string; hints: Hints; onOutcome: (outcome: Outcome) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  if (hints.total === 0) return null;
  const reveal = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onOutcome(await api.revealHint(track, node));
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };
  const left = hints.total - hints.shown.length;
  return (
    <section className="hints" aria-label="Hints">
      <h3>
        Hints{' '}
        <span className="muted small">
          ({hints.shown.length} of {hints.total} shown)
        </span>
      </h3>
      {hints.shown.length > 0 && (
        <ol>
          {keyed(hints.shown, (hint) => hint).map(([key, hint]) => (
            <li key={key}>
              <Markdown source={hint} />
            </li>
          ))}
        </ol>
      )}
      {error && <ErrorBox error={error} />}
      {left > 0 ? (
        <button type="button" onClick={reveal} disabled={busy}>
          {hints.shown.length === 0 ? 'Show a hint' : 'Show the next hint'}
        </button>
      ) : (
        <p className="muted small">Every hint is shown; the rest is yours to work out.</p>
      )}
    </section>
  );
}
