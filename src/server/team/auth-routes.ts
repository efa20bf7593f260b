import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Clock } from '../../core/clock.js';
import { createApiToken, createSession, endSession, signIn, SESSION_DAYS, type Principals } from '../../team/accounts.js';
import { visibleCohorts } from '../../team/cohorts.js';
import type { TeamDatabase } from '../../team/db.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { Credentials, TokenBody } from '../api/inputs.js';
import { reply } from '../reply.js';
import { readBody } from '../validate.js';
import { currentPrincipal } from './principal.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'trail_session';

/** The address a request came from: the socket's peer (a proxy in front is one address for all; see docs/team.md). */
export function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Routes open without a session: signing in for a cookie, or for a CLI token. */
export function openAuthRoutes(database: TeamDatabase, clock: Clock, secureCookies: boolean): Hono {
  return new Hono()
    .post('/auth/login', maxBody(BODY_LIMITS.small), async (c) => {
      const { email, password } = await readBody(c, Credentials);
      const who = await signIn(database.db, { email, password, address: addressOf(c) }, clock);
      const { token } = await createSession(database.db, who.id, clock);
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies, maxAge: SESSION_DAYS * 86_400 });
      return reply(c, 'POST /auth/login', { user: { email: who.email, role: who.role } });
    })
    .post('/auth/tokens', maxBody(BODY_LIMITS.small), async (c) => {
      const { email, password, label } = await readBody(c, TokenBody);
      const who = await signIn(database.db, { email, password, address: addressOf(c) }, clock);
      const token = await createApiToken(database.db, who.id, label ?? 'trail CLI');
      return reply(c, 'POST /auth/tokens', { token, user: { email: who.email, role: who.role } }, 201);
    });
}

/** Routes of a signed-in person: who am I, signing out. */
export function authRoutes(database: TeamDatabase, principals: Principals): Hono {
  return new Hono()
    .get('/auth/me', async (c) => {
      const who = currentPrincipal();
      return reply(c, 'GET /auth/me', { user: { email: who.email, role: who.role }, cohorts: await visibleCohorts(database.db, who) });
    })
    .post('/auth/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        await endSession(database.db, token);
        // After the row is gone: a look-up under way meanwhile does not remember the session either.
        principals.forget({ session: token });
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return reply(c, 'POST /auth/logout', { signedOut: true });
    });
}
