import { Hono } from 'hono';
import { setPractice } from '../../workspace/actions.js';
import { cachedFor } from '../cached.js';
import { reply, replyCached } from '../reply.js';
import { CatalogView } from '../catalog.js';
import type { ServerContext } from '../context.js';
import { layoutOf } from '../layout.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { FollowBody, PracticeBody, TrackQuery } from '../api/index.js';
import { trackView } from '../track-view.js';
import { readBody, readQuery } from '../validate.js';

/** The catalog, following a track, a track's state and graph layout, practice mode. */
export function trackRoutes({ library }: ServerContext): Hono {
  const catalog = new CatalogView(library);
  return new Hono()
    .get('/tracks', async (c) => replyCached(c, 'GET /tracks', await catalog.body()))
    .post('/tracks', maxBody(BODY_LIMITS.small), async (c) => {
      const { track } = await readBody(c, FollowBody);
      const fresh = await library.follow(track);
      // Laid out while the learner is on the way to the graph.
      void library
        .snapshot(track)
        .then((snapshot) => layoutOf(snapshot.session))
        .catch(() => undefined);
      return reply(c, 'POST /tracks', { track, workspace: track }, fresh ? 201 : 200);
    })
    .get('/tracks/:track', async (c) => {
      const { hoursPerWeek } = readQuery(c, TrackQuery);
      const snapshot = await library.snapshot(c.req.param('track'));
      return replyCached(
        c,
        'GET /tracks/:track',
        cachedFor(snapshot, `track:${hoursPerWeek}`, () => trackView(snapshot.session, hoursPerWeek)),
      );
    })
    .get('/tracks/:track/layout', async (c) => {
      const snapshot = await library.snapshot(c.req.param('track'));
      const layout = await layoutOf(snapshot.session);
      return replyCached(
        c,
        'GET /tracks/:track/layout',
        cachedFor(snapshot, `layout:${layout.fingerprint}`, () => layout),
      );
    })
    .put('/tracks/:track/practice', maxBody(BODY_LIMITS.small), async (c) => {
      const { on } = await readBody(c, PracticeBody);
      const session = await library.open(c.req.param('track'), c.get('signal'));
      if (session.state.practice !== on) await setPractice(session, on);
      return reply(c, 'PUT /tracks/:track/practice', { practice: on });
    });
}
