import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { z } from 'zod';
import { API } from '../api/routes.js';
import { ROOT } from '../../test-support/cli.js';
import { usePostgres } from '../../test-support/postgres.js';
import { PASSWORD, seedTeam, signInCookie, startTeamServer, type TeamServer } from '../../test-support/team-server.js';

const postgres = usePostgres();

const TEAM_TRACK = join(ROOT, 'src/test-support/fixtures/team-track');
const TRACK = 'learning-path';
const NODE = 'math-foundations';
const PRINCIPALS = ['anonymous', 'learner', 'otherLearner', 'mentor', 'otherMentor', 'admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
const EMAIL: Record<Exclude<Principal, 'anonymous'>, string> = {
  learner: 'lea@example.org',
  otherLearner: 'otto@example.org',
  mentor: 'mia@example.org',
  otherMentor: 'max@example.org',
  admin: 'ada@example.org',
};

/** A request of the matrix: what is sent, and the status each principal gets. */
interface Case {
  path: string;
  body?: unknown;
  /** Statuses by principal; `signedIn` stands for every principal but anonymous. */
  expect: Partial<Record<Principal | 'signedIn', number>>;
}

const mentorOnly = (ok: number) => ({ learner: 403, otherLearner: 403, mentor: ok, otherMentor: 403, admin: ok });

/**
 * Every /api route of the team app (the key is the route as the app declares it) and what each
 * principal gets. Routes of a learner's own tracks answer each signed-in person about their own
 * workspace (each of them follows learning-path), so they answer alike; the cohort routes are the
 * cohort's mentors' and the admins'. Anonymous gets 401 everywhere but sign-in.
 */
const MATRIX: Record<string, Case> = {
  'POST /api/auth/login': { path: '/api/auth/login', expect: { anonymous: 200, signedIn: 200 } },
  'POST /api/auth/tokens': { path: '/api/auth/tokens', expect: { anonymous: 201, signedIn: 201 } },
  'GET /api/auth/me': { path: '/api/auth/me', expect: { signedIn: 200 } },
  'POST /api/auth/logout': { path: '/api/auth/logout', expect: { signedIn: 200 } },
  'GET /api/team/cohorts': { path: '/api/team/cohorts', expect: { signedIn: 200 } },
  'GET /api/team/cohorts/:cohort/progress': { path: '/api/team/cohorts/alpha/progress', expect: mentorOnly(200) },
  'GET /api/team/cohorts/:cohort/learners/:email': { path: `/api/team/cohorts/alpha/learners/${EMAIL.learner}`, expect: mentorOnly(200) },
  'POST /api/team/cohorts/:cohort/learners/:email/sign-off': {
    path: `/api/team/cohorts/alpha/learners/${EMAIL.learner}/sign-off`,
    body: { node: 'project', criterion: 'code-review', approved: true, comment: 'Clean and tested.' },
    expect: mentorOnly(201),
  },
  'GET /api/team/sync/:track/events': { path: `/api/team/sync/${TRACK}/events`, expect: { signedIn: 200 } },
  'POST /api/team/sync/:track/events': { path: `/api/team/sync/${TRACK}/events`, body: { events: [] }, expect: { signedIn: 200 } },
  'GET /api/tracks': { path: '/api/tracks', expect: { signedIn: 200 } },
  'POST /api/tracks': { path: '/api/tracks', body: { track: TRACK }, expect: { signedIn: 200 } },
  'GET /api/tracks/:track': { path: `/api/tracks/${TRACK}`, expect: { signedIn: 200 } },
  'GET /api/tracks/:track/layout': { path: `/api/tracks/${TRACK}/layout`, expect: { signedIn: 200 } },
  'PUT /api/tracks/:track/practice': { path: `/api/tracks/${TRACK}/practice`, body: { on: false }, expect: { signedIn: 200 } },
  'GET /api/tracks/:track/nodes/:node': { path: `/api/tracks/${TRACK}/nodes/${NODE}`, expect: { signedIn: 200 } },
  // The first node is proven by a quiz and a check, not by a statement: the attestation is refused as such.
  'POST /api/tracks/:track/nodes/:node/attest': {
    path: `/api/tracks/${TRACK}/nodes/${NODE}/attest`,
    body: { text: 'I can compute a dot product by hand.' },
    expect: { signedIn: 404 },
  },
  'POST /api/tracks/:track/nodes/:node/hints': { path: `/api/tracks/${TRACK}/nodes/${NODE}/hints`, expect: { signedIn: 200 } },
  'POST /api/tracks/:track/nodes/:node/skip': { path: `/api/tracks/${TRACK}/nodes/${NODE}/skip`, expect: { signedIn: 409 } },
  'GET /api/tracks/:track/nodes/:node/quiz': { path: `/api/tracks/${TRACK}/nodes/${NODE}/quiz`, expect: { signedIn: 200 } },
  'POST /api/tracks/:track/nodes/:node/quiz': { path: `/api/tracks/${TRACK}/nodes/${NODE}/quiz`, body: { answers: {} }, expect: { signedIn: 200 } },
  // In team mode a check is an upload, queued for the workers.
  'POST /api/tracks/:track/nodes/:node/checks': {
    path: `/api/tracks/${TRACK}/nodes/${NODE}/checks`,
    body: { criterion: 'core', files: [{ path: 'exercise.py', content: Buffer.from('print(1)\n').toString('base64') }] },
    expect: { signedIn: 202 },
  },
  'GET /api/jobs/:job': { path: '/api/jobs/01JD0000000000000000000000', expect: { signedIn: 404 } },
  'GET /api/checks/jobs/:job': { path: '/api/checks/jobs/01JD0000000000000000000000', expect: { signedIn: 404 } },
  'GET /api/tracks/:track/journal': { path: `/api/tracks/${TRACK}/journal`, expect: { signedIn: 200 } },
  'GET /api/tracks/:track/journal/entry': { path: `/api/tracks/${TRACK}/journal/entry?path=journal/none.md`, expect: { signedIn: 404 } },
  'POST /api/tracks/:track/journal': {
    path: `/api/tracks/${TRACK}/journal`,
    body: { title: 'Week one', body: 'Today I computed softmax by hand and made it safe from overflow by subtracting the maximum first.', allowShort: true },
    expect: { signedIn: 201 },
  },
  'GET /api/tracks/:track/review': { path: `/api/tracks/${TRACK}/review`, expect: { signedIn: 200 } },
  'POST /api/tracks/:track/review': { path: `/api/tracks/${TRACK}/review`, body: { card: 'no-such-card', response: 'x' }, expect: { signedIn: 404 } },
  'GET /api/tracks/:track/runs': { path: `/api/tracks/${TRACK}/runs`, expect: { signedIn: 200 } },
  'GET /api/tracks/:track/runs/:id': { path: `/api/tracks/${TRACK}/runs/01JD0000000000000000000000`, expect: { signedIn: 404 } },
  'GET /api/tracks/:track/compare': {
    path: `/api/tracks/${TRACK}/compare?a=01JD0000000000000000000001&b=01JD0000000000000000000002`,
    expect: { signedIn: 404 },
  },
  'GET /api/tracks/:track/files/*': { path: `/api/tracks/${TRACK}/files/visualizations/none.svg`, expect: { signedIn: 404 } },
  'POST /api/tracks/:track/tutor': { path: `/api/tracks/${TRACK}/tutor`, body: { question: 'What is a dot product?', node: NODE }, expect: { signedIn: 202 } },
  'GET /api/openapi.json': { path: '/api/openapi.json', expect: { signedIn: 200 } },
};

function expected(entry: Case, who: Principal): number {
  if (who === 'anonymous') return entry.expect.anonymous ?? 401;
  return entry.expect[who] ?? entry.expect.signedIn!;
}

describe('team server authorization, over HTTP against a real PostgreSQL', () => {
  let server: TeamServer;
  const cookies: Partial<Record<Principal, string>> = {};

  beforeAll(async () => {
    server = await startTeamServer(await postgres().createDatabase());
    await seedTeam(server.database, {
      users: [
        { email: EMAIL.learner, role: 'learner' },
        { email: EMAIL.otherLearner, role: 'learner' },
        { email: EMAIL.mentor, role: 'mentor' },
        { email: EMAIL.otherMentor, role: 'mentor' },
        { email: EMAIL.admin, role: 'admin' },
      ],
      cohorts: [
        { name: 'alpha', track: TEAM_TRACK, learners: [EMAIL.learner], mentors: [EMAIL.mentor] },
        { name: 'beta', track: TEAM_TRACK, learners: [EMAIL.otherLearner], mentors: [EMAIL.otherMentor] },
      ],
    });
    for (const who of PRINCIPALS) {
      if (who === 'anonymous') continue;
      cookies[who] = await signInCookie(server.url, EMAIL[who]);
      const follow = await fetch(`${server.url}/api/tracks`, {
        method: 'POST',
        headers: { cookie: cookies[who]!, 'content-type': 'application/json' },
        body: JSON.stringify({ track: TRACK }),
      });
      expect(follow.status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => server?.close());

  it('has an entry for every /api route the app declares (a new route without one fails here), and the routes table names each', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(server.routes);
    expect(
      Object.keys(API)
        .map((key) => key.replace(' ', ' /api'))
        .sort(),
    ).toEqual(server.routes);
  });

  it.each(PRINCIPALS)('answers %s on every route as the matrix says', async (who) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [route, entry] of Object.entries(MATRIX)) {
      const method = route.split(' ')[0]!;
      let cookie = cookies[who];
      // Signing out ends the session it is sent with: a session of its own, so the others go on.
      if (route === 'POST /api/auth/logout' && who !== 'anonymous') cookie = await signInCookie(server.url, EMAIL[who]);
      const credentials = who === 'anonymous' ? EMAIL.learner : EMAIL[who];
      const body = route === 'POST /api/auth/login' || route === 'POST /api/auth/tokens' ? { email: credentials, password: PASSWORD } : entry.body;
      const response = await fetch(`${server.url}${entry.path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined
          ? { body: JSON.stringify(body) }
          : method === 'POST'
            ? { body: '{}', headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' } }
            : {}),
      });
      got[route] = response.status;
      want[route] = expected(entry, who);
      // A JSON answer is what the routes table declares for its status (the web app is typed from the same table).
      const schema = (API[route.replace(' /api', ' ') as keyof typeof API] as { responses?: Record<number, z.ZodType> }).responses?.[response.status];
      if (response.status === 401 && who === 'anonymous' && !route.startsWith('POST /api/auth/'))
        expect((await response.json()).error.code).toBe('NOT_SIGNED_IN');
      else if (schema) {
        const json: unknown = await response.json();
        const parsed = schema.safeParse(json);
        expect(parsed.success ? [] : parsed.error.issues, `${route}: ${JSON.stringify(json).slice(0, 300)}`).toEqual([]);
      } else await response.body?.cancel();
    }
    expect(got).toEqual(want);
  });

  it('refuses the upload of a check of a node the learner has not opened yet, and queues nothing', async () => {
    const response = await fetch(`${server.url}/api/tracks/${TRACK}/nodes/ml-fundamentals/checks`, {
      method: 'POST',
      headers: { cookie: cookies.otherLearner!, 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ path: 'exercise.py', content: Buffer.from('print(1)\n').toString('base64') }] }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'NODE_LOCKED',
      message: expect.stringContaining('waits for math-foundations'),
    });
    const jobs = await sql<{ n: number }>`select count(*)::int as n from check_jobs where node = 'ml-fundamentals'`.execute(server.database.db);
    expect(jobs.rows).toEqual([{ n: 0 }]);
  });

  it("records what a learner does as done by their account: an attestation is stored in the team database with the learner's email as actor", async () => {
    const cookie = cookies.otherLearner!;
    const attest = await fetch(`${server.url}/api/tracks/${TRACK}/nodes/engineering-career/attest`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ criterion: 'shipped', text: 'I shipped a small tokenizer demo to the public: https://example.org/demo/otto' }),
    });
    expect(attest.status).toBe(200);
    const read = await fetch(`${server.url}/api/team/sync/${TRACK}/events`, { headers: { cookie } });
    const { events } = (await read.json()) as { events: Array<{ verb: string; actor: { name: string }; object: { node?: string } }> };
    const attested = events.filter((event) => event.verb === 'attested' && event.object.node === 'engineering-career');
    expect(attested).toHaveLength(1);
    expect(attested[0]!.actor).toEqual({ name: EMAIL.otherLearner });
    // Every event of the learner's log on the server is theirs (the routes of the matrix made some too), and so is the column the store filters on.
    expect(new Set(events.map((event) => event.actor.name))).toEqual(new Set([EMAIL.otherLearner]));
    const otto = await server.database.db.selectFrom('users').select('id').where('email', '=', EMAIL.otherLearner).executeTakeFirstOrThrow();
    const rows = await server.database.db.selectFrom('events').select('actor').where('owner', '=', `${otto.id}/${TRACK}`).execute();
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set([EMAIL.otherLearner]));
  });

  it('checks every event a sync sends, drops a claimed verified run, and imports by id: a batch sent again adds only what is new', async () => {
    const cookie = cookies.admin!;
    const path = `${server.url}/api/team/sync/sync-test/events`;
    const send = async (events: unknown[]) => {
      const response = await fetch(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      return { status: response.status, body: (await response.json()) as { added?: number; skipped?: number; error?: { message: string } } };
    };
    const event = (n: number, result?: Record<string, unknown>) => ({
      id: `01JF${String(n).padStart(22, '0')}`,
      timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, n)).toISOString(),
      actor: { name: EMAIL.admin },
      verb: 'checked',
      object: { type: 'criterion', node: 'basics', criterion: 'c' },
      ...(result ? { result } : {}),
    });
    const claimed = event(2, { status: 'pass', runId: 'r1', provenance: 'verified' });
    const { verb: _verb, ...verbless } = event(3);
    const refused = await send([event(1), claimed, verbless]);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/^body\.events\.2\.verb: /);
    const read = async () => ((await (await fetch(path, { headers: { cookie } })).json()) as { events: Array<{ id: string; result?: unknown }> }).events;
    expect(await read()).toEqual([]);
    expect((await send([event(1), claimed, event(3)])).body).toEqual({ added: 3, skipped: 0 });
    expect((await send([event(1), claimed, event(3), event(4)])).body).toEqual({ added: 1, skipped: 3 });
    const stored = await read();
    expect(stored.map((e) => e.id)).toEqual([event(1).id, claimed.id, event(3).id, event(4).id]);
    expect(stored[1]!.result).toEqual({ status: 'pass', runId: 'r1' });
  });

  it('answers 401 on the request after a sign-out, though the session was verified just before', async () => {
    const cookie = await signInCookie(server.url, EMAIL.learner);
    const me = () => fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(200);
    const after = await me();
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('NOT_SIGNED_IN');
  });

  it("keeps each learner's work their own, shows a mentor only what the learner shared, and brings a sign-off into the learner's progress", async () => {
    const call = async (who: Exclude<Principal, 'anonymous'>, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie: cookies[who]!, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: the answers of several routes are read here; each is checked against its schema in the matrix test above.
      return { status: response.status, body: (await response.json()) as any };
    };
    const words = 'I worked through the softmax derivation and the overflow trick, then wrote down where I went wrong twice.';
    expect((await call('learner', `/api/tracks/${TRACK}/journal`, { title: 'Private note', body: words, allowShort: true })).status).toBe(201);
    expect((await call('learner', `/api/tracks/${TRACK}/journal`, { title: 'For my mentor', tags: ['shared'], body: words, allowShort: true })).status).toBe(
      201,
    );
    const mine = (await call('learner', `/api/tracks/${TRACK}/journal`)).body.entries.map((entry: { title: string }) => entry.title);
    expect(mine).toEqual(expect.arrayContaining(['Private note', 'For my mentor']));
    const theirs = (await call('otherLearner', `/api/tracks/${TRACK}/journal`)).body.entries.map((entry: { title: string }) => entry.title);
    expect(theirs).not.toContain('Private note');

    // The cohort's track (with the review criterion) is synced from the learner's personal workspace in real use; here its journal is written to the database directly.
    const { ownerStore } = await import('../../team/db.js');
    const lea = await server.database.db.selectFrom('users').select('id').where('email', '=', EMAIL.learner).executeTakeFirstOrThrow();
    const store = ownerStore(server.database.db, `${lea.id}/team-track`);
    await store.records.journal.create('2026-12-01-basics', `---\ndate: 2026-12-01\nnode: basics\ntitle: Shared with Mia\ntags: [shared]\n---\n\n${words}\n`);
    await store.records.journal.create('2026-12-01-note', `---\ndate: 2026-12-01\ntitle: Only mine\n---\n\n${words}\n`);
    const view = await call('mentor', `/api/team/cohorts/alpha/learners/${EMAIL.learner}`);
    expect(view.status).toBe(200);
    expect(view.body.journal.map((entry: { title: string }) => entry.title)).toEqual(['Shared with Mia']);
    expect(view.body.nodes.find((node: { id: string }) => node.id === 'project').criteria[0].state).toBe('met');
    const progress = await call('admin', '/api/team/cohorts/alpha/progress');
    expect(progress.body).toEqual({
      cohort: 'alpha',
      track: 'team-track',
      title: 'Team track',
      phases: [{ id: 'main', title: 'Main' }],
      nodes: [
        { id: 'basics', title: 'Basics', phase: 'main', optional: false },
        { id: 'project', title: 'Project', phase: 'main', optional: false },
      ],
      // The mentors' sign-offs are the only events: the learner has not acted yet.
      learners: [{ email: EMAIL.learner, done: 1, total: 2, nodes: { basics: 'available', project: 'done' }, lastEventAt: null, failing: {} }],
    });
    // The other cohort's mentor may not sign off this learner; the learner may not sign themself off.
    expect(
      (await call('otherMentor', `/api/team/cohorts/alpha/learners/${EMAIL.learner}/sign-off`, { node: 'project', criterion: 'code-review' })).status,
    ).toBe(403);
    expect((await call('mentor', `/api/team/cohorts/beta/learners/${EMAIL.otherLearner}/sign-off`, { node: 'project', criterion: 'code-review' })).status).toBe(
      403,
    );
    expect((await call('mentor', `/api/team/cohorts/alpha/learners/${EMAIL.otherLearner}`)).status).toBe(404);
    const audit = await server.database.db.selectFrom('audit_log').select(['actor', 'action', 'subject']).where('action', '=', 'signed-off').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { actor: EMAIL.mentor, action: 'signed-off', subject: EMAIL.learner },
        { actor: EMAIL.admin, action: 'signed-off', subject: EMAIL.learner },
      ]),
    );
  });
});
