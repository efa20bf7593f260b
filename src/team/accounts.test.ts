import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPGlite } from '../test-support/team-db.js';
import { addUser, createApiToken, createSession, LOGIN_LIMIT, principalOf, signIn, tokenHash, verifiedPrincipals } from './accounts.js';
import type { TeamDatabase } from './db.js';

let database: TeamDatabase;
beforeAll(async () => {
  database = await openTestPGlite();
}, 120_000);
afterAll(async () => database?.close());

const admin = { email: 'ada@example.org', address: '10.0.0.1' };
let now = new Date('2027-03-01T10:00:00Z');
const clock = () => now;

describe('accounts', () => {
  it('hashes passwords with argon2id and signs in with the right one only', async () => {
    await addUser(database.db, { email: 'Lea@Example.org', role: 'learner', password: 'a long password' }, admin);
    const row = await database.db.selectFrom('users').select(['email', 'password_hash']).where('email', '=', 'lea@example.org').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('a long password');
    expect(await signIn(database.db, { email: 'LEA@example.org', password: 'a long password', address: '10.0.0.2' }, clock)).toMatchObject({
      email: 'lea@example.org',
      role: 'learner',
    });
    await expect(signIn(database.db, { email: 'lea@example.org', password: 'wrong', address: '10.0.0.2' }, clock)).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    await expect(signIn(database.db, { email: 'nobody@example.org', password: 'wrong', address: '10.0.0.2' }, clock)).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    await expect(addUser(database.db, { email: 'x@example.org', role: 'learner', password: 'short' }, admin)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('limits failed sign-ins per email and address, in the database, until the window passes', async () => {
    await addUser(database.db, { email: 'max@example.org', role: 'mentor', password: 'the right password' }, admin);
    for (let i = 0; i < LOGIN_LIMIT.perAddress; i++) {
      await expect(signIn(database.db, { email: 'max@example.org', password: `guess ${i}`, address: '10.0.0.9' }, clock)).rejects.toMatchObject({
        code: 'LOGIN_FAILED',
      });
    }
    // Limited from that address, even with the right password; another address still signs in.
    await expect(signIn(database.db, { email: 'max@example.org', password: 'the right password', address: '10.0.0.9' }, clock)).rejects.toMatchObject({
      code: 'LOGIN_LIMITED',
    });
    expect(await signIn(database.db, { email: 'max@example.org', password: 'the right password', address: '10.0.0.10' }, clock)).toMatchObject({
      email: 'max@example.org',
    });
    now = new Date(now.getTime() + LOGIN_LIMIT.window + 1000);
    expect(await signIn(database.db, { email: 'max@example.org', password: 'the right password', address: '10.0.0.9' }, clock)).toMatchObject({
      email: 'max@example.org',
    });
  });

  it('keeps sessions and API tokens as digests, and a session ends when it expires', async () => {
    const { user } = await addUser(database.db, { email: 'mia@example.org', role: 'mentor', password: 'mia password' }, admin);
    const { token } = await createSession(database.db, user.id, clock);
    const api = await createApiToken(database.db, user.id, 'laptop');
    const stored = await database.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored).toEqual([{ token_hash: tokenHash(token) }]);
    expect(JSON.stringify(await database.db.selectFrom('api_tokens').selectAll().execute())).not.toContain(api);
    expect(await principalOf(database.db, { session: token }, clock)).toMatchObject({ email: 'mia@example.org', role: 'mentor' });
    expect(await principalOf(database.db, { bearer: api }, clock)).toMatchObject({ email: 'mia@example.org' });
    expect(await principalOf(database.db, { bearer: `${api}x` }, clock)).toBeUndefined();
    const later = () => new Date(now.getTime() + 15 * 86_400_000);
    expect(await principalOf(database.db, { session: token }, later)).toBeUndefined();
  });

  it('remembers a verified session for a few seconds at most, never past its end, forgets it on sign-out, and never remembers a refusal', async () => {
    const { user } = await addUser(database.db, { email: 'vera@example.org', role: 'learner', password: 'vera password' }, admin);
    let at = now.getTime();
    const tick = () => new Date(at);
    const principals = verifiedPrincipals(database.db, tick, { ms: 5_000, max: 2 });
    const end = async (token: string) => database.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
    const vera = { email: 'vera@example.org', role: 'learner' };

    // Ended in the database by another process: still trusted here until the few seconds pass.
    const first = { session: (await createSession(database.db, user.id, tick)).token };
    expect(await principals.of(first)).toMatchObject(vera);
    await end(first.session);
    at += 4_000;
    expect(await principals.of(first)).toMatchObject(vera);
    at += 1_001;
    expect(await principals.of(first)).toBeUndefined();

    // Signed out here: refused at once, even when the look-up that verified it was still under way.
    const second = { session: (await createSession(database.db, user.id, tick)).token };
    expect(await principals.of(second)).toMatchObject(vera);
    await end(second.session);
    principals.forget(second);
    expect(await principals.of(second)).toBeUndefined();
    const third = { session: (await createSession(database.db, user.id, tick)).token };
    const pending = principals.of(third);
    principals.forget(third);
    expect(await pending).toMatchObject(vera);
    await end(third.session);
    expect(await principals.of(third)).toBeUndefined();

    // A session that ends in two seconds is trusted for two seconds, not five.
    const ending = { session: (await createSession(database.db, user.id, tick)).token };
    await database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(at + 2_000) })
      .where('token_hash', '=', tokenHash(ending.session))
      .execute();
    expect(await principals.of(ending)).toMatchObject(vera);
    at += 2_000;
    expect(await principals.of(ending)).toBeUndefined();

    // A token nobody has yet is not remembered as refused; past `max` entries the oldest is asked again.
    const later = { bearer: 'trail_not-yet-made' };
    expect(await principals.of(later)).toBeUndefined();
    await database.db
      .insertInto('api_tokens')
      .values({ token_hash: tokenHash(later.bearer), user_id: user.id, label: 'later' })
      .execute();
    expect(await principals.of(later)).toMatchObject(vera);
    const [a, b] = [{ session: (await createSession(database.db, user.id, tick)).token }, { session: (await createSession(database.db, user.id, tick)).token }];
    expect(await principals.of(a)).toMatchObject(vera);
    expect(await principals.of(b)).toMatchObject(vera);
    await database.db.deleteFrom('api_tokens').where('token_hash', '=', tokenHash(later.bearer)).execute();
    await end(b.session);
    expect(await principals.of(later)).toBeUndefined();
    expect(await principals.of(b)).toMatchObject(vera);
  });

  it('writes sign-ins, failed sign-ins and role changes to the audit log', async () => {
    await addUser(database.db, { email: 'otto@example.org', role: 'learner', password: 'otto password' }, admin);
    await addUser(database.db, { email: 'otto@example.org', role: 'mentor' }, admin);
    await signIn(database.db, { email: 'otto@example.org', password: 'otto password', address: '10.0.0.3' }, clock);
    await signIn(database.db, { email: 'otto@example.org', password: 'nope', address: '10.0.0.3' }, clock).catch(() => undefined);
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject', 'detail', 'address'])
      .where((eb) => eb.or([eb('subject', '=', 'otto@example.org'), eb('actor', '=', 'otto@example.org')]))
      .orderBy('id')
      .execute();
    expect(rows.map((row) => [row.actor, row.action, row.subject, JSON.parse(row.detail), row.address])).toEqual([
      ['ada@example.org', 'user-added', 'otto@example.org', { role: 'learner' }, '10.0.0.1'],
      ['ada@example.org', 'role-changed', 'otto@example.org', { from: 'learner', to: 'mentor' }, '10.0.0.1'],
      ['otto@example.org', 'signed-in', null, {}, '10.0.0.3'],
      ['otto@example.org', 'sign-in-failed', null, {}, '10.0.0.3'],
    ]);
  });
});
