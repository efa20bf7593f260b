import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Hono } from 'hono';
import type { Clock } from '../../core/clock.js';
import { principalOf } from '../../team/accounts.js';
import type { TeamDatabase } from '../../team/db.js';
import type { Host } from '../../workspace/session.js';
import { HttpError } from '../http-error.js';
import type { Jobs } from '../jobs.js';
import type { Library } from '../library.js';
import { authRoutes, openAuthRoutes, SESSION_COOKIE } from './auth-routes.js';
import { currentPrincipal, runAs } from './principal.js';
import { teamLibrary } from './team-library.js';
import { teamRoutes } from './team-routes.js';

export { currentPrincipal } from './principal.js';
export { SESSION_COOKIE } from './auth-routes.js';

/** How the team server runs: its database, where its working copies go, its clock, and whether it is behind TLS. */
export interface TeamOptions {
  database: TeamDatabase;
  /** The folder of the working copies of the learners' workspaces (a cache; `$TRAIL_HOME/team/mirror`). */
  mirror: string;
  host: Host;
  /** Marks the session cookie Secure (the server is reached over HTTPS, through a TLS proxy). */
  secureCookies: boolean;
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
  const authenticate: MiddlewareHandler = async (c, next) => {
    if (OPEN.has(`${c.req.method} ${c.req.path}`)) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const who = await principalOf(options.database.db, { session: getCookie(c, SESSION_COOKIE), bearer }, clock);
    if (!who) throw new HttpError(401, 'NOT_SIGNED_IN', 'sign in first', 'POST /api/auth/login with { email, password }, or send a token from `trail team login` as Authorization: Bearer');
    return runAs(who, next);
  };
  return {
    library,
    open: openAuthRoutes(options.database, clock, options.secureCookies),
    guard: [authenticate, middleware],
    routes: [authRoutes(options.database), teamRoutes(options.database, clock)],
    scopeJobs: (jobs) => ({
      start: (key, work) => jobs.start(`${currentPrincipal().id}/${key}`, work),
      get(id) {
        const job = jobs.get(id);
        return job?.key.startsWith(`${currentPrincipal().id}/`) ? job : undefined;
      },
    }),
  };
}
