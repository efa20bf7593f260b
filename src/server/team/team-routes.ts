import { Hono } from 'hono';
import type { Clock } from '../../core/clock.js';
import { TrailError } from '../../core/errors.js';
import type { TrailEvent } from '../../core/events.js';
import { lastEventAt, timeline } from '../../core/timeline.js';
import { cohortTrack, cohortForMentor, cohortProgress, learnerIn, learnerState, ownerOf, sharedEntries, signOff, visibleCohorts } from '../../team/cohorts.js';
import { asReported } from '../../team/checks/verified.js';
import { ownerStore, type TeamDatabase } from '../../team/db.js';
import { isBuiltinTrack } from '../../workspace/builtin.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { SignOffBody, SyncBody, SyncQuery } from '../api/inputs.js';
import { reply } from '../reply.js';
import { readBody, readQuery } from '../validate.js';
import { currentPrincipal } from './principal.js';

const TRACK_ID = /^[a-z0-9][a-z0-9._-]*$/;

function trackParam(track: string): string {
  if (!TRACK_ID.test(track))
    throw new TrailError('TRACK_NOT_FOUND', `"${track}" is not a track id`, 'a track id is lower-case letters, digits, ".", "_" and "-"');
  return track;
}

/** Cohorts and their progress (mentors and admins), a learner's view, review sign-off, and a learner's own event sync. */
export function teamRoutes(database: TeamDatabase, clock: Clock): Hono {
  const { db } = database;
  return new Hono()
    .get('/team/cohorts', async (c) => reply(c, 'GET /team/cohorts', { cohorts: await visibleCohorts(db, currentPrincipal()) }))
    .get('/team/cohorts/:cohort/progress', async (c) => {
      const cohort = await cohortForMentor(db, currentPrincipal(), c.req.param('cohort'));
      return reply(c, 'GET /team/cohorts/:cohort/progress', await cohortProgress(db, cohort));
    })
    .get('/team/cohorts/:cohort/learners/:email', async (c) => {
      const cohort = await cohortForMentor(db, currentPrincipal(), c.req.param('cohort'));
      const learner = await learnerIn(db, cohort.name, c.req.param('email'));
      const track = await cohortTrack(cohort.track);
      const { state, journal, events } = await learnerState(db, learner.id, track);
      const shared = sharedEntries(journal).map(({ path, node, date, title, tags, body, words }) => ({
        path,
        node: node ?? null,
        date,
        title: title ?? null,
        tags,
        body,
        words,
      }));
      return reply(c, 'GET /team/cohorts/:cohort/learners/:email', {
        cohort: cohort.name,
        track: track.id,
        title: track.title,
        email: learner.email,
        lastEventAt: lastEventAt(events),
        progress: state.progress,
        nodes: state.nodes,
        journal: shared,
        events: timeline(events),
      });
    })
    .post('/team/cohorts/:cohort/learners/:email/sign-off', maxBody(BODY_LIMITS.journal), async (c) => {
      const mentor = currentPrincipal();
      const cohort = await cohortForMentor(db, mentor, c.req.param('cohort'));
      const learner = await learnerIn(db, cohort.name, c.req.param('email'));
      const body = await readBody(c, SignOffBody);
      const track = await cohortTrack(cohort.track);
      const { id } = await signOff(
        db,
        { mentor, learner, track, node: body.node, criterion: body.criterion, approved: body.approved, comment: body.comment },
        clock,
      );
      return reply(c, 'POST /team/cohorts/:cohort/learners/:email/sign-off', { event: id, approved: body.approved }, 201);
    })
    .get('/team/sync/:track/events', async (c) => {
      const track = trackParam(c.req.param('track'));
      const { since, limit } = readQuery(c, SyncQuery);
      const page = await ownerStore(db, ownerOf(currentPrincipal().id, track)).events.read({ ...(since ? { since } : {}), limit });
      return reply(c, 'GET /team/sync/:track/events', page);
    })
    .post('/team/sync/:track/events', maxBody(8 * BODY_LIMITS.journal), async (c) => {
      const who = currentPrincipal();
      const track = trackParam(c.req.param('track'));
      const { events } = await readBody(c, SyncBody);
      // Only the server's workers verify a check: a learner's run stays reported, whatever it claims.
      const result = await ownerStore(db, ownerOf(who.id, track)).events.import((events as TrailEvent[]).map(asReported));
      // A built-in track synced from a personal workspace is one the learner follows on the server too.
      if (isBuiltinTrack(track))
        await db
          .insertInto('followed_tracks')
          .values({ user_id: who.id, track })
          .onConflict((oc) => oc.doNothing())
          .execute();
      return reply(c, 'POST /team/sync/:track/events', result);
    });
}
