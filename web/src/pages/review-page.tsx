import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type ApiError } from '../api';
import type { ReviewCard, ReviewGrade } from '../record-types';
import { ErrorBox } from '../components/error-box';
import { GradedAnswer } from '../components/graded-answer';
import { Loading } from '../components/loading';
import { emptyDraft, QuestionField, toAnswer, type Draft } from '../components/question-field';
import { formatDate, formatRelative } from '../format';
import { asApiError, useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import { useTrack } from '../track-context';

/** Spaced review: the due cards one at a time, graded and rescheduled as `trail review` does. */
export default function ReviewPage() {
  const { id: track } = useTrack();
  useTitle('Review');
  const queue = useResource(() => api.review(track), `review:${track}`);
  const [index, setIndex] = useState(0);
  const due = queue.data?.due ?? [];
  const card = due[index];

  const next = () => {
    if (index + 1 < due.length) setIndex(index + 1);
    else {
      setIndex(0);
      queue.reload();
    }
  };

  return (
    <section className="page review-page">
      <h1>Review</h1>
      {queue.error && <ErrorBox error={queue.error} what="Review" />}
      {queue.loading && !queue.data && <Loading what="Loading the due cards" />}
      {queue.data && !card && (
        <div role="status">
          <p className="lead">Nothing to review now.</p>
          <p>
            {queue.data.nextDue
              ? `The next card is due ${formatRelative(queue.data.nextDue)} (${formatDate(queue.data.nextDue)}).`
              : queue.data.cards === 0
                ? 'You have no review cards: questions you miss in a quiz become cards.'
                : 'No card is scheduled.'}
          </p>
        </div>
      )}
      {card && (
        <>
          <p className="muted">
            Card {index + 1} of {due.length} · <Link to={`/t/${encodeURIComponent(track)}/n/${encodeURIComponent(card.node)}`}>{card.node}</Link> · reviewed{' '}
            {card.reps} time(s), {card.lapses} lapse(s)
          </p>
          <CardForm key={card.id} track={track} card={card} onNext={next} last={index + 1 >= due.length} />
        </>
      )}
    </section>
  );
}

function CardForm({ track, card, onNext, last }: { track: string; card: ReviewCard; onNext: () => void; last: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(card.question));
  const [shownAt] = useState(() => performance.now());
  const [grade, setGrade] = useState<ReviewGrade>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const next = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.querySelector<HTMLElement>('.review-card input, .review-card button')?.focus();
  }, []);
  // Grading disables the answer and removes its button: the keyboard goes on from the next card's button.
  useEffect(() => {
    if (grade) next.current?.focus();
  }, [grade]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = toAnswer(card.question, draft);
    setBusy(true);
    setError(undefined);
    try {
      // How long the answer took decides between Good and Easy, as on the terminal.
      setGrade(await api.answerCard(track, card.id, answer ?? '', Math.round(performance.now() - shownAt)));
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="review-card">
      <form onSubmit={submit} aria-label="Review card">
        <QuestionField question={card.question} scope={`card-${card.id}`} value={draft} onChange={setDraft} disabled={busy || grade !== undefined} />
        {!grade && (
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Grading …' : 'Answer'}
          </button>
        )}
      </form>
      {error && <ErrorBox error={error} />}
      {grade && (
        <div role="status">
          <GradedAnswer prompt={card.question.prompt} correct={grade.correct} given={grade.given} expected={grade.expected} explanation={grade.explanation} />
          <p className="small">
            Rated {grade.rating}; next due {formatRelative(grade.due)} ({formatDate(grade.due)}).
          </p>
          <button ref={next} type="button" className="primary" onClick={onNext}>
            {last ? 'Done: check for more' : 'Next card'}
          </button>
        </div>
      )}
    </div>
  );
}
