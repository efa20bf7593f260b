import { Hono } from 'hono';
import { builtinCatalog } from '../../workspace/catalog.js';
import { setPractice } from '../../workspace/actions.js';
import type { ServerContext } from '../context.js';
import { layoutOf } from '../layout.js';
import { FollowBody, PracticeBody, TrackQuery } from '../schemas.js';
import { trackView } from '../track-view.js';
import { readBody, readQuery } from '../validate.js';

/** The catalog, following a track, a track's state and graph layout, practice mode. */
export function trackRoutes({ library }: ServerContext): Hono {
  return new Hono()
    .get('/tracks', async (c) => {
      const followed = new Map(await Promise.all(library.followed().map(async (id) => [id, await library.open(id)] as const)));
      const catalog = library.mode === 'home' ? builtinCatalog() : [];
      const listed = new Set(catalog.map((entry) => entry.id));
      const tracks = catalog.map((entry) => ({ ...entry, following: followed.has(entry.id), progress: followed.get(entry.id)?.state.progress ?? null }));
      // Followed workspaces of tracks that are not built in (imported ones, or the one served).
      for (const [id, session] of followed) {
        if (listed.has(id)) continue;
        const { track, state } = session;
        tracks.push({ id, title: track.title, summary: track.summary ?? null, nodes: track.nodes.length, phases: track.phases.length, rules: track.rules, hours: null, valid: true, following: true, progress: state.progress });
      }
      return c.json({ mode: library.mode, tracks });
    })
    .post('/tracks', async (c) => {
      const { track } = await readBody(c, FollowBody);
      const fresh = await library.follow(track);
      // Laid out while the learner is on the way to the graph.
      void library.open(track).then(layoutOf).catch(() => undefined);
      return c.json({ track, workspace: track }, fresh ? 201 : 200);
    })
    .get('/tracks/:track', async (c) => {
      const { hoursPerWeek } = readQuery(c, TrackQuery);
      return c.json(trackView(await library.open(c.req.param('track')), hoursPerWeek));
    })
    .get('/tracks/:track/layout', async (c) => c.json(await layoutOf(await library.open(c.req.param('track')))))
    .put('/tracks/:track/practice', async (c) => {
      const { on } = await readBody(c, PracticeBody);
      const session = await library.open(c.req.param('track'));
      if (session.state.practice !== on) await setPractice(session, on);
      return c.json({ practice: on });
    });
}
