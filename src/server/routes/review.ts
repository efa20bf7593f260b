import { Hono } from 'hono';
import { cardState, dueCards, nextDue } from '../../core/review.js';
import { seedOf } from '../../core/shuffle.js';
import { commit } from '../../workspace/actions.js';
import { grade, loadDeck } from '../../workspace/review-deck.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { publicQuestion } from '../../core/quiz.js';
import { ReviewBody } from '../schemas.js';
import { readBody } from '../validate.js';

/** Spaced review: the cards due now, and answering one. */
export function reviewRoutes({ library }: ServerContext): Hono {
  return new Hono()
    .get('/tracks/:track/review', async (c) => {
      const session = await library.open(c.req.param('track'));
      const now = new Date();
      const deck = loadDeck(session);
      const due = dueCards(deck.cards, now).map((card) => ({
        id: card.id,
        node: card.node,
        criterion: card.criterion,
        question: publicQuestion(deck.questions.get(card.id)!, seedOf(`${card.id}@${now.toISOString()}`)),
        ...cardState(card),
      }));
      return c.json({ now: now.toISOString(), cards: deck.cards.length, due, nextDue: nextDue(deck.cards, now)?.toISOString() ?? null, warnings: deck.warnings });
    })
    .post('/tracks/:track/review', async (c) => {
      const body = await readBody(c, ReviewBody);
      const session = await library.open(c.req.param('track'));
      const now = new Date();
      const deck = loadDeck(session);
      const card = deck.cards.find((candidate) => candidate.id === body.card);
      if (!card) throw new HttpError(404, 'NOT_FOUND', `no review card "${body.card}"`, 'GET /api/tracks/:track/review lists the cards due');
      if (!dueCards([card], now).length) throw new HttpError(409, 'NOT_DUE', `card "${card.id}" is not due until ${cardState(card).due}`, 'answer it when it is due');
      const done = grade(session, { card, question: deck.questions.get(card.id)! }, { response: body.response ?? null, durationMs: body.durationMs ?? null }, now);
      await commit(session, undefined, done.event);
      const { result } = done;
      return c.json({ id: done.id, correct: result.correct, expected: result.expected, given: result.given, explanation: result.explanation, rating: done.rating, due: done.due });
    });
}
