import { Hono } from 'hono';
import { addJournalEntry, requireNode, requireUnlocked } from '../../workspace/actions.js';
import { cachedFor } from '../cached.js';
import { reply, replyCached } from '../reply.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { EntryQuery, JournalBody, JournalQuery } from '../api/index.js';
import { readBody, readQuery } from '../validate.js';
import { outcomeView } from '../views.js';

/** The learning journal: entries newest first, one entry, and writing a new one. */
export function journalRoutes({ library }: ServerContext): Hono {
  return new Hono()
    .get('/tracks/:track/journal', async (c) => {
      const { node } = readQuery(c, JournalQuery);
      const snapshot = await library.snapshot(c.req.param('track'));
      const { session } = snapshot;
      const nodeId = node ? requireNode(session, node).node.id : undefined;
      return replyCached(
        c,
        'GET /tracks/:track/journal',
        cachedFor(snapshot, `journal:${nodeId ?? ''}`, () => {
          const entries = session.journal
            .filter((entry) => !nodeId || entry.node === nodeId)
            .sort((a, b) => (a.date < b.date ? 1 : -1))
            .map(({ path, node: about, date, words, title, tags, shared }) => ({ path, node: about ?? null, date, words, title: title ?? null, tags, shared }));
          return { entries, problems: session.journalProblems };
        }),
      );
    })
    .get('/tracks/:track/journal/entry', async (c) => {
      const { path } = readQuery(c, EntryQuery);
      const { session } = await library.snapshot(c.req.param('track'));
      // Only entries the journal read (never a link out of the workspace) can be asked for.
      const entry = session.journal.find((candidate) => candidate.path === path);
      if (!entry) throw new HttpError('NOT_FOUND', `no journal entry ${path}`, 'GET /api/tracks/:track/journal lists every entry');
      return reply(c, 'GET /tracks/:track/journal/entry', { entry: { ...entry, node: entry.node ?? null, title: entry.title ?? null } });
    })
    .post('/tracks/:track/journal', maxBody(BODY_LIMITS.journal), async (c) => {
      const body = await readBody(c, JournalBody);
      const session = await library.open(c.req.param('track'), c.get('signal'));
      const target = body.node ? requireNode(session, body.node) : undefined;
      if (target) requireUnlocked(target.state);
      const outcome = await addJournalEntry(session, {
        node: target?.node,
        title: body.title,
        tags: body.tags ?? [],
        shared: body.shared === true,
        body: body.body,
        allowShort: body.allowShort === true,
      });
      return reply(c, 'POST /tracks/:track/journal', { entry: outcome.entry, ...outcomeView(outcome), warning: outcome.short ?? null }, 201);
    });
}
