import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Hono } from 'hono';
import type { Clock } from '../../core/clock.js';
import { verifiedPrincipals } from '../../team/accounts.js';
import type { TeamDatabase } from '../../team/db.js';
import type { Host } from '../../workspace/session.js';
import { HttpError } from '../http-error.js';
import type { Jobs } from '../jobs.js';
import type { Library } from '../library.js';
import { authRoutes, openAuthRoutes, SESSION_COOKIE } from './auth-routes.js';
import { currentPrincipal, runAs } from './principal.js';
import { teamLibrary } from './team-library.js';
import { teamRoutes } from './team-routes.js';
import { cohortTrack, learnerState } from '../../team/cohorts.js';
import type { TeamChecks } from '../../team/checks/service.js';
import { BUILTIN_TRACKS } from '../../workspace/builtin.js';
import { TrailError } from '../../core/errors.js';
import type { Track } from '../../core/track.js';
import { teamCheckRoutes } from '../routes/team-checks.js';

export { currentPrincipal };
export { SESSION_COOKIE } from './auth-routes.js';

/** How the team server runs: its database, where its working copies go, its clock, and whether it is behind TLS. */
export interface TeamOptions {
  database: TeamDatabase;
  /** The folder of the working copies of the learners' workspaces (a cache; `$TRAIL_HOME/team/mirror`). */
  mirror: string;
  host: Host;
  /** Marks the session cookie Secure (the server is reached over HTTPS, through a TLS proxy). */
  secureCookies: boolean;
  /** Checks verified by the team's workers (or, on PGlite, by the server itself). */
  checks: TeamChecks;
}

/** What createApp mounts in team mode. */
export interface TeamParts {
  library: Library;
  /** Routes answered without a session (sign-in). */
  open: Hono;
  /** Signs the request in (cookie or bearer token) or answers 401, then keeps the learner's copy in step with the database. */
  guard: MiddlewareHandler[];
  /** Routes of signed-in people. */
  routes: Hono[];
  /** The server's jobs seen per person: one learner's check never blocks, nor shows to, another. */
  scopeJobs(jobs: Jobs): Jobs;
}

const OPEN = new Set(['POST /api/auth/login', 'POST /api/auth/tokens']);

/** The team server's parts: a library per signed-in learner, sign-in, and the team routes. */
export function teamParts(options: TeamOptions): TeamParts {
  const clock: Clock = options.host.clock;
  const { library, middleware } = teamLibrary(options.database, options.mirror, options.host);
  const principals = verifiedPrincipals(options.database.db, clock);
  const authenticate: MiddlewareHandler = async (c, next) => {
    if (OPEN.has(`${c.req.method} ${c.req.path}`)) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = await principals.of({ session: getCookie(c, SESSION_COOKIE), bearer });
    if (!who)
      throw new HttpError(
        'NOT_SIGNED_IN',
        'sign in first',
        'POST /api/auth/login with { email, password }, or send a token from `trail team login` as Authorization: Bearer',
      );
    return runAs(who, next);
  };
  return {
    library,
    open: openAuthRoutes(options.database, clock, options.secureCookies),
    guard: [authenticate, middleware],
    // The check routes come first: in team mode a check is uploaded and queued, never run on the server's copy.
    routes: [
      teamCheckRoutes({
        pool: options.checks.sql,
        queue: options.checks.queue,
        follower: options.checks.follower,
        clock,
        learnerOf: () => {
          const { id, email } = currentPrincipal();
          return { id, email };
        },
        trackOf: (id) => followedTrack(options.database, id),
        nodeState: async (learner, track, node) => (await learnerState(options.database.db, learner, track)).state.nodes.find((state) => state.id === node)!,
      }),
      authRoutes(options.database, principals),
      teamRoutes(options.database, clock),
    ],
    scopeJobs: (jobs) => ({
      start: (key, work) => jobs.start(`${currentPrincipal().id}/${key}`, work),
      get(id) {
        const job = jobs.get(id);
        return job?.key.startsWith(`${currentPrincipal().id}/`) ? job : undefined;
      },
    }),
  };
}

/** A track the signed-in learner follows on the team server, with its folder (the tracks are built in). */
async function followedTrack(database: TeamDatabase, id: string): Promise<{ dir: string; track: Track }> {
  const row = await database.db
    .selectFrom('followed_tracks')
    .select('track')
    .where('user_id', '=', currentPrincipal().id)
    .where('track', '=', id)
    .executeTakeFirst();
  if (!row) throw new TrailError('TRACK_NOT_FOUND', `you do not follow "${id}" on this server`, 'follow it first (POST /api/tracks)');
  return { dir: join(BUILTIN_TRACKS, id), track: await cohortTrack(id) };
}
