import { useId, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api';
import type { CriterionView, Outcome } from '../api-types';
import { asApiError } from '../hooks/use-resource';
import { ErrorBox } from './error-box';

interface Props {
  track: string;
  node: string;
  criterion: CriterionView;
  onOutcome: (outcome: Outcome) => void;
}

/** The statement of an attest criterion: the learner's own words, at least `minLength` characters. */
export function AttestForm({ track, node, criterion, onOutcome }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const id = useId();
  const minLength = criterion.spec?.minLength ?? 0;
  // The server counts the statement without surrounding spaces.
  const length = text.trim().length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onOutcome(await api.attest(track, node, criterion.id, text));
      setText('');
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit}>
      <label htmlFor={`${id}-text`}>In your own words: what did you do or understand, and how do you know?</label>
      <textarea
        id={`${id}-text`}
        value={text}
        rows={4}
        onChange={(event) => setText(event.target.value)}
        aria-describedby={`${id}-count ${error ? `${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      <p id={`${id}-count`} className={`small ${length < minLength ? 'muted' : 'ok'}`}>
        {length} of at least {minLength} characters
      </p>
      {error && (
        <div id={`${id}-error`}>
          <ErrorBox error={error} />
        </div>
      )}
      <button type="submit" className="primary" disabled={busy || length === 0}>
        {busy ? 'Saving …' : 'Affirm'}
      </button>
    </form>
  );
}
