import { useId, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api';
import { asApiError } from '../hooks/use-resource';
import type { ReviewItem, SignedOff } from '../team-types';
import { ErrorBox } from './error-box';

/** A `review` criterion waiting for the mentor: a comment for the learner and the sign-off button. */
export function SignOffForm({
  cohort,
  learner,
  review,
  onSignedOff,
}: {
  cohort: string;
  learner: string;
  review: ReviewItem;
  onSignedOff: (result: SignedOff) => void;
}) {
  const id = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedOff(await api.signOff(cohort, learner, review.node, review.criterion, comment.trim()));
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sign-off" onSubmit={submit} aria-labelledby={`${id}-title`} data-criterion={review.criterion} data-node={review.node}>
      <h3 id={`${id}-title`}>
        {review.nodeTitle} <span className="muted small">· {review.text}</span>
      </h3>
      <label htmlFor={`${id}-comment`}>Comment for the learner</label>
      <textarea
        id={`${id}-comment`}
        rows={3}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        placeholder="What was good, what to look at next"
      />
      {error && <ErrorBox error={error} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing off …' : 'Sign off'}
        </button>
      </div>
    </form>
  );
}
