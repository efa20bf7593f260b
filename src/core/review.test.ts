import { createEmptyCard, fsrs, Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from './events.js';
import { cardState, dueCards, includesCorrect, nextDue, ratingOf, replayCards } from './review.js';

let n = 0;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 10, 0) + minutes * 60_000);

function answer(verb: 'answered' | 'reviewed-card', minutes: number, question: string, result: Record<string, unknown>, node = 'a'): TrailEvent {
  n += 1;
  return {
    id: `e${String(n).padStart(4, '0')}`,
    timestamp: at(minutes).toISOString(),
    actor: { name: 'me' },
    verb,
    object: { type: 'question', node, criterion: 'quiz-1', question },
    result,
  };
}
const quiz = (minutes: number, question: string, success: boolean, node = 'a') =>
  answer('answered', minutes, question, { response: 'x', success, durationMs: null, hinted: false }, node);
const card = (minutes: number, question: string, success: boolean, rating: string) =>
  answer('reviewed-card', minutes, question, { response: 'x', success, durationMs: 3000, rating });
const other = (verb: string, minutes: number, object: TrailEvent['object'], result: Record<string, unknown> = {}): TrailEvent => ({
  id: `e${String(++n).padStart(4, '0')}`,
  timestamp: at(minutes).toISOString(),
  actor: { name: 'me' },
  verb,
  object,
  result,
});

describe('ratings of auto-graded answers', () => {
  it('wrong → again, right after a hint → hard, right → good, right in under 10 s → easy', () => {
    expect(ratingOf({ success: false, durationMs: 1000 })).toBe('again');
    expect(ratingOf({ success: true, hinted: true, durationMs: 1000 })).toBe('hard');
    expect(ratingOf({ success: true, durationMs: 10_000 })).toBe('good');
    expect(ratingOf({ success: true, durationMs: null })).toBe('good');
    expect(ratingOf({ success: true, durationMs: 9_999 })).toBe('easy');
  });
});

describe('review cards replayed from the log', () => {
  it('makes a card of each missed question, due at once; right answers make none', () => {
    const cards = replayCards([quiz(0, 'q1', false), quiz(0, 'q2', true)]);
    expect([...cards.keys()]).toEqual(['a#quiz-1#q1']);
    expect(cardState(cards.get('a#quiz-1#q1')!)).toMatchObject({ due: at(0).toISOString(), state: 'new', reps: 0, lapses: 0 });
    expect(dueCards(cards.values(), at(0)).map((c) => c.id)).toEqual(['a#quiz-1#q1']);
  });

  it('gives the FSRS state ts-fsrs gives for the same reviews at the same times', () => {
    const events = [
      quiz(0, 'q1', false),
      card(5, 'q1', true, 'good'),
      card(20, 'q1', false, 'again'),
      card(60 * 24, 'q1', true, 'easy'),
      quiz(60 * 24 * 5, 'q1', false),
      card(60 * 24 * 5 + 10, 'q1', true, 'hard'),
    ];
    const f = fsrs();
    let expected = createEmptyCard(at(0));
    expected = f.next(expected, at(5), Rating.Good).card;
    expected = f.next(expected, at(20), Rating.Again).card;
    expected = f.next(expected, at(60 * 24), Rating.Easy).card;
    // A later quiz answer is a review too, rated from the answer: wrong is again.
    expected = f.next(expected, at(60 * 24 * 5), Rating.Again).card;
    expected = f.next(expected, at(60 * 24 * 5 + 10), Rating.Hard).card;
    const got = replayCards(events).get('a#quiz-1#q1')!.card;
    expect(got).toEqual(expected);
    expect(got.reps).toBe(5);
    expect(got.lapses).toBe(1);
  });

  it('does not depend on the order of lines in the log (a merged log)', () => {
    const events = [quiz(0, 'q1', false), card(5, 'q1', true, 'good'), quiz(1, 'q2', false), card(30, 'q1', true, 'good')];
    const reversed = replayCards([...events].reverse());
    expect([...reversed.values()].map(cardState)).toEqual([...replayCards(events).values()].map(cardState));
  });

  it('moves a card forward when it is answered right, and keeps a wrong one close', () => {
    const cards = replayCards([quiz(0, 'q1', false), card(1, 'q1', true, 'good')]);
    const due = cards.get('a#quiz-1#q1')!.card.due;
    expect(due.getTime()).toBeGreaterThan(at(1).getTime());
    expect(dueCards(cards.values(), at(2))).toEqual([]);
    expect(nextDue(cards.values(), at(2))).toEqual(due);
    expect(dueCards(cards.values(), due).map((c) => c.id)).toEqual(['a#quiz-1#q1']);
  });

  it('drops the cards of a node that is reset, and every card when the track is reset', () => {
    const events = [quiz(0, 'q1', false), quiz(0, 'q9', false, 'b')];
    expect([...replayCards([...events, other('reset', 1, { type: 'node', node: 'a' })]).keys()]).toEqual(['b#quiz-1#q9']);
    expect(replayCards([...events, other('reset', 1, { type: 'track', track: 't' })]).size).toBe(0);
    expect([...replayCards([...events, other('reset', 1, { type: 'node', node: 'a' }), quiz(2, 'q1', false)]).keys()]).toEqual(['b#quiz-1#q9', 'a#quiz-1#q1']);
  });

  it('makes cards of right answers too once the learner opts in, and stops when they opt out', () => {
    const events = [quiz(0, 'q1', false), quiz(0, 'q2', true)];
    const on = other('review-settings', 1, { type: 'track', track: 't' }, { includeCorrect: true });
    const off = other('review-settings', 2, { type: 'track', track: 't' }, { includeCorrect: false });
    expect(includesCorrect([...events, on])).toBe(true);
    expect([...replayCards([...events, on]).keys()]).toEqual(['a#quiz-1#q1', 'a#quiz-1#q2']);
    expect([...replayCards([...events, on, off]).keys()]).toEqual(['a#quiz-1#q1']);
  });

  it('follows renamed nodes', () => {
    const cards = replayCards([quiz(0, 'q1', false, 'old')], (id) => (id === 'old' ? 'new' : id));
    expect([...cards.keys()]).toEqual(['new#quiz-1#q1']);
  });
});
