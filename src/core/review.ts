import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import { byTime, type TrailEvent } from './events.js';

/** How well a card was recalled, as FSRS grades it. */
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';

/** An answer given faster than this (right, without a hint) is rated easy. */
export const FAST_ANSWER_MS = 10_000;

const GRADES: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** A quiz question to review again: which question, and its FSRS scheduling state. */
export interface ReviewCard {
  /** `<node>#<criterion>#<question>`. */
  id: string;
  node: string;
  criterion: string;
  question: string;
  card: Card;
}

/** The id of a question's review card. */
export function cardId(node: string, criterion: string, question: string): string {
  return `${node}#${criterion}#${question}`;
}

/** The rating of an auto-graded answer: wrong → again, right after a hint → hard, right → good, right and fast → easy. */
export function ratingOf(answer: { success: boolean; hinted?: boolean; durationMs?: number | null }): ReviewRating {
  if (!answer.success) return 'again';
  if (answer.hinted) return 'hard';
  return typeof answer.durationMs === 'number' && answer.durationMs < FAST_ANSWER_MS ? 'easy' : 'good';
}

function isRating(value: unknown): value is ReviewRating {
  return typeof value === 'string' && Object.hasOwn(GRADES, value);
}

/** Whether correctly answered questions become cards too: the latest `review-settings` event decides. */
export function includesCorrect(events: readonly TrailEvent[]): boolean {
  let include = false;
  for (const event of [...events].sort(byTime)) {
    if (event.verb === 'review-settings' && typeof event.result?.includeCorrect === 'boolean') include = event.result.includeCorrect;
  }
  return include;
}

/**
 * Replays the log into review cards. A question becomes a card when it is answered wrong (or
 * answered at all, when the learner opted in to correct answers): the card starts empty at
 * that answer, and every later answer of the question, in a quiz or a review, is an FSRS
 * review at its time. A reset of a node drops its cards; a reset of the track drops them all.
 * Being a function of the events alone, the cards survive syncing logs and rebuilding caches.
 */
export function replayCards(events: readonly TrailEvent[], resolve: (node: string) => string = (node) => node): Map<string, ReviewCard> {
  const scheduler = fsrs();
  const includeCorrect = includesCorrect(events);
  const cards = new Map<string, ReviewCard>();
  for (const event of [...events].sort(byTime)) {
    const { verb, object } = event;
    const result = event.result ?? {};
    if (verb === 'reset' && object.type === 'track') {
      cards.clear();
      continue;
    }
    if (typeof object.node !== 'string') continue;
    const node = resolve(object.node);
    if (verb === 'reset') {
      for (const [id, card] of cards) if (card.node === node) cards.delete(id);
      continue;
    }
    if ((verb !== 'answered' && verb !== 'reviewed-card') || typeof object.criterion !== 'string' || typeof object.question !== 'string') continue;
    const id = cardId(node, object.criterion, object.question);
    const time = new Date(event.timestamp);
    const success = result.success === true;
    const existing = cards.get(id);
    if (existing) {
      const rating =
        verb === 'reviewed-card' && isRating(result.rating)
          ? result.rating
          : ratingOf({ success, hinted: result.hinted === true, durationMs: result.durationMs as number | null | undefined });
      existing.card = scheduler.next(existing.card, time, GRADES[rating]).card;
    } else if (!success || includeCorrect) {
      cards.set(id, { id, node, criterion: object.criterion, question: object.question, card: createEmptyCard(time) });
    }
  }
  return cards;
}

/** Cards due at `now`, the longest overdue first. */
export function dueCards(cards: Iterable<ReviewCard>, now: Date): ReviewCard[] {
  return [...cards]
    .filter((card) => card.card.due.getTime() <= now.getTime())
    .sort((a, b) => a.card.due.getTime() - b.card.due.getTime() || (a.id < b.id ? -1 : 1));
}

/** When the next card not yet due at `now` comes due, or undefined when there is none. */
export function nextDue(cards: Iterable<ReviewCard>, now: Date): Date | undefined {
  let next: Date | undefined;
  for (const { card } of cards) if (card.due.getTime() > now.getTime() && (!next || card.due < next)) next = card.due;
  return next;
}

/** The scheduling state of a card as JSON. */
export function cardState(card: ReviewCard): {
  due: string;
  state: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  lastReview: string | null;
} {
  return {
    due: card.card.due.toISOString(),
    state: State[card.card.state].toLowerCase(),
    stability: card.card.stability,
    difficulty: card.card.difficulty,
    reps: card.card.reps,
    lapses: card.card.lapses,
    lastReview: card.card.last_review ? card.card.last_review.toISOString() : null,
  };
}

/** The card after one more review at `time` with `rating` (what recording that review will give). */
export function reviewed(card: ReviewCard, time: Date, rating: ReviewRating): ReviewCard {
  return { ...card, card: fsrs().next(card.card, time, GRADES[rating]).card };
}
