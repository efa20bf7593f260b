import { Hono } from 'hono';
import { cardState, dueCards, nextDue } from '../../core/review.js';
import { seedOf } from '../../core/shuffle.js';
import { commit } from '../../workspace/actions.js';
import { grade, loadDeck, type Deck } from '../../workspace/review-deck.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import type { Snapshot } from '../live-workspace.js';
import { publicQuestion } from '../../core/quiz.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { ReviewBody } from '../api/index.js';
import { readBody } from '../validate.js';
import { reply } from '../reply.js';

// The review cards replayed from the log once per change of the workspace, not on every request.
const decks = new WeakMap<Snapshot, Promise<Deck>>();
function deckOf(snapshot: Snapshot): Promise<Deck> {
  let deck = decks.get(snapshot);
  if (!deck) {
    decks.set(snapshot, (deck = loadDeck(snapshot.session)));
    deck.catch(() => decks.delete(snapshot));
  }
  return deck;
}

/** Spaced review: the cards due now, and answering one. */
export function reviewRoutes({ library }: ServerContext): Hono {
  return new Hono()
    .get('/tracks/:track/review', async (c) => {
      const snapshot = await library.snapshot(c.req.param('track'));
      const now = snapshot.session.host.clock();
      const deck = await deckOf(snapshot);
      const due = dueCards(deck.cards, now).map((card) => ({
        id: card.id,
        node: card.node,
        criterion: card.criterion,
        question: publicQuestion(deck.questions.get(card.id)!, seedOf(`${card.id}@${now.toISOString()}`)),
        ...cardState(card),
      }));
      return reply(c, 'GET /tracks/:track/review', {
        now: now.toISOString(),
        cards: deck.cards.length,
        due,
        nextDue: nextDue(deck.cards, now)?.toISOString() ?? null,
        warnings: deck.warnings,
      });
    })
    .post('/tracks/:track/review', maxBody(BODY_LIMITS.small), async (c) => {
      const body = await readBody(c, ReviewBody);
      const track = c.req.param('track');
      const session = await library.open(track, c.get('signal'));
      const now = session.host.clock();
      const deck = await deckOf(await library.snapshot(track));
      const card = deck.cards.find((candidate) => candidate.id === body.card);
      if (!card) throw new HttpError('NOT_FOUND', `no review card "${body.card}"`, 'GET /api/tracks/:track/review lists the cards due');
      if (!dueCards([card], now).length)
        throw new HttpError('NOT_DUE', `card "${card.id}" is not due until ${cardState(card).due}`, 'answer it when it is due');
      const done = grade(
        session,
        { card, question: deck.questions.get(card.id)! },
        { response: body.response ?? null, durationMs: body.durationMs ?? null },
        now,
      );
      await commit(session, undefined, done.event);
      const { result } = done;
      return reply(c, 'POST /tracks/:track/review', {
        id: done.id,
        correct: result.correct,
        expected: result.expected,
        given: result.given,
        explanation: result.explanation,
        rating: done.rating,
        due: done.due,
      });
    });
}
