import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { TrailError } from '../core/errors.js';
import type { TeamTables } from './db.js';

/** What a person may do on the team server. */
export type Role = 'learner' | 'mentor' | 'admin';
export const ROLES: readonly Role[] = ['learner', 'mentor', 'admin'];

/** A signed-in person, as the server's routes see them. */
export interface Principal {
  id: string;
  email: string;
  role: Role;
}

/** What an account change was done by, and from where (for the audit log). */
export interface Actor {
  email: string | null;
  address?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const COHORT = /^[a-z0-9][a-z0-9._-]*$/;
/** A session lasts two weeks from sign-in. */
export const SESSION_DAYS = 14;

/** Writes one line of the audit log (sign-ins, role changes, enrollments, sign-offs). */
export async function audit(
  db: Kysely<TeamTables>,
  entry: { actor: string | null; action: string; subject?: string | null; detail?: Record<string, unknown>; address?: string | null },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      address: entry.address ?? null,
    })
    .execute();
}

/** An email as accounts are keyed: trimmed and lower case; refused when it is not an address. */
export function normalEmail(email: string): string {
  const normal = email.trim().toLowerCase();
  if (!EMAIL.test(normal)) throw new TrailError('USAGE', `"${email}" is not an email address`, 'write it as name@example.org');
  return normal;
}

/** Hashes a password with argon2id (the library's defaults: 19 MiB, 2 passes, as OWASP advises). */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new TrailError('USAGE', 'the password is shorter than 8 characters', 'choose a longer one');
  const { hash } = await import('@node-rs/argon2');
  return hash(password);
}

/** True when `password` matches the stored hash. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  const { verify } = await import('@node-rs/argon2');
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Adds an account, or changes the role (and password, when given) of an existing one; role changes are audited. */
export async function addUser(
  db: Kysely<TeamTables>,
  input: { email: string; role: Role; password?: string | undefined },
  actor: Actor,
): Promise<{ user: Principal; created: boolean; roleChanged: boolean }> {
  const email = normalEmail(input.email);
  if (!ROLES.includes(input.role)) throw new TrailError('USAGE', `"${input.role}" is not a role`, `roles: ${ROLES.join(', ')}`);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const existing = await db.selectFrom('users').select(['id', 'email', 'role']).where('email', '=', email).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('users')
      .set({ role: input.role, ...(passwordHash ? { password_hash: passwordHash } : {}) })
      .where('id', '=', existing.id)
      .execute();
    const roleChanged = existing.role !== input.role;
    if (roleChanged)
      await audit(db, {
        actor: actor.email,
        action: 'role-changed',
        subject: email,
        detail: { from: existing.role, to: input.role },
        address: actor.address ?? null,
      });
    if (passwordHash) await audit(db, { actor: actor.email, action: 'password-set', subject: email, address: actor.address ?? null });
    return { user: { id: existing.id, email, role: input.role }, created: false, roleChanged };
  }
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({ id, email, role: input.role, password_hash: passwordHash ?? null })
    .execute();
  await audit(db, { actor: actor.email, action: 'user-added', subject: email, detail: { role: input.role }, address: actor.address ?? null });
  return { user: { id, email, role: input.role }, created: true, roleChanged: false };
}

/** The account of an email, or USER_NOT_FOUND. */
export async function userByEmail(db: Kysely<TeamTables>, email: string): Promise<Principal> {
  const normal = normalEmail(email);
  const user = await db.selectFrom('users').select(['id', 'email', 'role']).where('email', '=', normal).executeTakeFirst();
  if (!user) throw new TrailError('USER_NOT_FOUND', `no account for ${normal}`, 'add it with `trail team user add <email> --role learner`');
  return user;
}

/** Adds a cohort following a track (or changes its track). */
export async function addCohort(db: Kysely<TeamTables>, input: { name: string; track: string }, actor: Actor): Promise<{ created: boolean }> {
  if (!COHORT.test(input.name))
    throw new TrailError('USAGE', `"${input.name}" cannot name a cohort`, 'use lower-case letters, digits, ".", "_" and "-", e.g. spring-2027');
  const existing = await db.selectFrom('cohorts').select('track').where('name', '=', input.name).executeTakeFirst();
  if (existing) {
    if (existing.track !== input.track) await db.updateTable('cohorts').set({ track: input.track }).where('name', '=', input.name).execute();
  } else {
    await db.insertInto('cohorts').values({ name: input.name, track: input.track }).execute();
  }
  await audit(db, {
    actor: actor.email,
    action: existing ? 'cohort-changed' : 'cohort-added',
    subject: input.name,
    detail: { track: input.track },
    address: actor.address ?? null,
  });
  return { created: !existing };
}

/** Enrolls a person in a cohort as a learner or as its mentor (again: nothing changes). */
export async function enroll(
  db: Kysely<TeamTables>,
  input: { cohort: string; email: string; role: 'learner' | 'mentor' },
  actor: Actor,
): Promise<{ created: boolean }> {
  const cohort = await db.selectFrom('cohorts').select('name').where('name', '=', input.cohort).executeTakeFirst();
  if (!cohort) throw new TrailError('COHORT_NOT_FOUND', `no cohort "${input.cohort}"`, 'add it with `trail team cohort add <name> --track <id>`');
  const user = await userByEmail(db, input.email);
  const result = await db
    .insertInto('enrollments')
    .values({ cohort: input.cohort, user_id: user.id, role: input.role })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const created = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  if (created)
    await audit(db, {
      actor: actor.email,
      action: 'enrolled',
      subject: user.email,
      detail: { cohort: input.cohort, as: input.role },
      address: actor.address ?? null,
    });
  return { created };
}

/** A new random token (a session cookie or a CLI token) and the digest it is kept as. */
export function newToken(prefix = ''): { token: string; hash: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: tokenHash(token) };
}

/** The SHA-256 digest a token is stored as: the token itself is never kept. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for a user; returns the cookie's token. */
export async function createSession(db: Kysely<TeamTables>, userId: string, clock: Clock): Promise<{ token: string; expires: Date }> {
  const { token, hash } = newToken();
  const expires = new Date(clock().getTime() + SESSION_DAYS * 86_400_000);
  await db.insertInto('sessions').values({ token_hash: hash, user_id: userId, expires_at: expires }).execute();
  return { token, expires };
}

/** A session cookie's token or a CLI token (sent as `Authorization: Bearer`). */
export interface Credential {
  session?: string | undefined;
  bearer?: string | undefined;
}

/** The person a session cookie or an API token belongs to, while it is valid. */
export async function principalOf(db: Kysely<TeamTables>, credential: Credential, clock: Clock): Promise<Principal | undefined> {
  return (await lookUp(db, credential, clock))?.who;
}

// The person of a credential, and when a session ends (a token does not).
async function lookUp(db: Kysely<TeamTables>, credential: Credential, clock: Clock): Promise<{ who: Principal; ends?: number } | undefined> {
  if (credential.bearer) {
    const hash = tokenHash(credential.bearer);
    const found = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['users.id', 'users.email', 'users.role'])
      .where('api_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (!found) return undefined;
    await db.updateTable('api_tokens').set({ last_used_at: clock() }).where('token_hash', '=', hash).execute();
    return { who: found };
  }
  if (credential.session) {
    const found = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.email', 'users.role', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash(credential.session))
      .where('sessions.expires_at', '>', clock())
      .executeTakeFirst();
    if (!found) return undefined;
    const { expires_at, ...who } = found;
    return { who, ends: new Date(expires_at).getTime() };
  }
  return undefined;
}

/** How long a server trusts a session or token it verified before asking the database again, and how many it remembers. */
export const VERIFIED = { ms: 5_000, max: 10_000 };

/** Sessions and tokens as one server process checks them: each request is checked, against memory for a few seconds after the database said yes. */
export interface Principals {
  /** The person of a credential, as principalOf answers; remembered for `VERIFIED.ms` at most, and never past the session's end. */
  of(credential: Credential): Promise<Principal | undefined>;
  /** Forgets a credential, after its session ended (signing out): its next request asks the database again. */
  forget(credential: Credential): void;
}

/**
 * The sessions and tokens this process verified in the last few seconds, so that a client
 * sending request after request (a sync, a page's reads) is not looked up in the database each
 * time. A sign-out here is seen at once; one on another server process, a role changed by
 * `trail team user add`, within `limits.ms`. Answers that sign nobody in are never remembered.
 */
export function verifiedPrincipals(db: Kysely<TeamTables>, clock: Clock, limits = VERIFIED): Principals {
  const known = new Map<string, { who: Principal; until: number }>();
  // Bumped by every forget: a look-up that was under way then does not remember what it found.
  let forgets = 0;
  const keyOf = (credential: Credential) =>
    credential.bearer ? `bearer:${tokenHash(credential.bearer)}` : credential.session ? `session:${tokenHash(credential.session)}` : undefined;
  return {
    async of(credential) {
      const key = keyOf(credential);
      if (!key) return undefined;
      const now = clock().getTime();
      const seen = known.get(key);
      if (seen && seen.until > now) return seen.who;
      known.delete(key);
      const before = forgets;
      const found = await lookUp(db, credential, clock);
      if (!found) return undefined;
      if (before === forgets) {
        // The oldest entry makes room: entries go in as they are verified.
        if (known.size >= limits.max) known.delete(known.keys().next().value!);
        known.set(key, { who: found.who, until: Math.min(now + limits.ms, found.ends ?? Number.POSITIVE_INFINITY) });
      }
      return found.who;
    },
    forget(credential) {
      const key = keyOf(credential);
      if (key) known.delete(key);
      forgets++;
    },
  };
}

/** Ends a session (signing out). */
export async function endSession(db: Kysely<TeamTables>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Makes an API token for the CLI; only its digest is kept. */
export async function createApiToken(db: Kysely<TeamTables>, userId: string, label: string): Promise<string> {
  const { token, hash } = newToken('trail_');
  await db.insertInto('api_tokens').values({ token_hash: hash, user_id: userId, label }).execute();
  return token;
}

/** Failed sign-ins allowed per email and address in the window, and per email from anywhere. */
export const LOGIN_LIMIT = { window: 15 * 60_000, perAddress: 5, perEmail: 20 };

/**
 * Checks an email and password. Failures are counted in the database (so the limit holds across
 * server processes); past the limit the answer is LOGIN_LIMITED, whatever the password.
 */
export async function signIn(db: Kysely<TeamTables>, input: { email: string; password: string; address: string }, clock: Clock): Promise<Principal> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(clock().getTime() - LOGIN_LIMIT.window);
  const count = async (key: string) =>
    Number(
      (
        await db
          .selectFrom('login_failures')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('key', '=', key)
          .where('at', '>', since)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const [byAddress, byEmail] = [`${email}|${input.address}`, `${email}|*`];
  if ((await count(byAddress)) >= LOGIN_LIMIT.perAddress || (await count(byEmail)) >= LOGIN_LIMIT.perEmail) {
    await audit(db, { actor: email, action: 'sign-in-limited', address: input.address });
    throw new TrailError(
      'LOGIN_LIMITED',
      'too many failed sign-ins for this account',
      `wait ${LOGIN_LIMIT.window / 60_000} minutes, or ask an admin to set a new password`,
    );
  }
  const user = await db.selectFrom('users').select(['id', 'email', 'role', 'password_hash']).where('email', '=', email).executeTakeFirst();
  // An unknown email costs a hash too, so the answer's time does not tell which emails have accounts.
  const ok = user?.password_hash ? await passwordMatches(user.password_hash, input.password) : await hashPassword('not a password of anyone').then(() => false);
  if (!user || !ok) {
    const at = clock();
    await db
      .insertInto('login_failures')
      .values([
        { key: byAddress, at },
        { key: byEmail, at },
      ])
      .execute();
    await audit(db, { actor: email, action: 'sign-in-failed', address: input.address });
    throw new TrailError(
      'LOGIN_FAILED',
      'the email or the password is wrong',
      'check both; an admin can set a new password with `trail team user add <email> --role <role> --password-stdin`',
    );
  }
  await audit(db, { actor: user.email, action: 'signed-in', address: input.address });
  return { id: user.id, email: user.email, role: user.role };
}
