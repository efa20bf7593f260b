import { renamesOf } from '../core/changes.js';
import { TrailError } from '../core/errors.js';
import type { TrailEvent } from '../core/events.js';
import { renameResolver } from '../core/progress.js';
import { gradeQuestion, type Question, type QuestionResult } from '../core/quiz.js';
import { dueCards, ratingOf, replayCards, reviewed, type ReviewCard, type ReviewRating } from '../core/review.js';
import { eventContext } from './actions.js';
import { loadQuiz, type QuizCriterion } from './quizzes.js';
import { newEvent } from './record.js';
import type { Session } from './session.js';

/** A review card with the question it asks. */
export interface Due {
  card: ReviewCard;
  question: Question;
}

/** A graded review: the event to record and what it did to the card. */
export interface Reviewed {
  id: string;
  question: Question;
  result: QuestionResult;
  rating: ReviewRating;
  due: string;
  event: TrailEvent;
}

/** The cards that have a question to ask, the question of each, and why some were left out. */
export interface Deck {
  cards: ReviewCard[];
  questions: Map<string, Question>;
  warnings: string[];
}

/**
 * The workspace's review cards, replayed from its log, and the question each asks. A card whose
 * node, quiz or question is no longer in the track has nothing to ask and is left out; so are
 * the cards of a quiz file that cannot be read, with a warning, until it is fixed.
 */
export async function loadDeck(session: Session): Promise<Deck> {
  // Read from the store, not the session's progress: the deck is read again right after answers are recorded.
  const { events } = await session.store.events.read();
  const replayed = replayCards(events, renameResolver(renamesOf(session.track)));
  const questions = new Map<string, Question>();
  const warnings: string[] = [];
  const quizzes = new Map<string, Map<string, Question> | undefined>();
  for (const card of replayed.values()) {
    const key = `${card.node}#${card.criterion}`;
    if (!quizzes.has(key)) quizzes.set(key, questionsOf(session, card, warnings));
    const question = quizzes.get(key)?.get(card.question);
    if (question) questions.set(card.id, question);
  }
  return { cards: [...replayed.values()].filter((card) => questions.has(card.id)).sort((a, b) => (a.id < b.id ? -1 : 1)), questions, warnings };
}

/** The cards due at a time, each with its question, earliest due first. */
export function dueEntries(deck: Deck, now: Date): Due[] {
  return dueCards(deck.cards, now).map((card) => ({ card, question: deck.questions.get(card.id)! }));
}

function questionsOf(session: Session, card: ReviewCard, warnings: string[]): Map<string, Question> | undefined {
  const node = session.track.nodes.find((candidate) => candidate.id === card.node);
  const criterion = node?.criteria.find((candidate): candidate is QuizCriterion => candidate.id === card.criterion && candidate.kind === 'quiz');
  if (!node || !criterion) return undefined;
  try {
    return new Map(loadQuiz(session, node, criterion).questions.map((question) => [question.id, question]));
  } catch (error) {
    if (!(error instanceof TrailError)) throw error;
    warnings.push(`${error.message} (its review cards are left out)`);
    return undefined;
  }
}

/** Grades the answer to a due card and makes the `reviewed-card` event that reschedules it. */
export function grade(session: Session, entry: Due, answer: { response: unknown; durationMs: number | null }, now: Date): Reviewed {
  const result = gradeQuestion(entry.question, answer.response);
  const rating = ratingOf({ success: result.correct, durationMs: answer.durationMs });
  const { node, criterion, question } = entry.card;
  const event = newEvent(
    'reviewed-card',
    { type: 'question', node, criterion, question },
    {
      result: { response: answer.response ?? null, success: result.correct, durationMs: answer.durationMs, rating },
      context: eventContext(session),
      now,
      host: session.host,
    },
  );
  return { id: entry.card.id, question: entry.question, result, rating, due: reviewed(entry.card, now, rating).card.due.toISOString(), event };
}
