import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrack } from '../content/load.js';
import { usePostgres } from '../test-support/postgres.js';
import { openTestPGlite } from '../test-support/team-db.js';
import { followJobs, pollingFollower, type JobFollower } from '../team/checks/follow.js';
import { localQueue, startLocalRunner } from '../team/checks/local-runner.js';
import { prepareCheckQueue } from '../team/checks/prepare.js';
import { teamEventSink } from '../team/checks/sink.js';
import { kyselySql, pgSql } from '../team/checks/sql.js';
import { graphileQueue, type QueueAdd, type SqlPool } from '../team/checks/store.js';
import { startCheckWorker } from '../team/checks/worker.js';
import { learnerState } from '../team/cohorts.js';
import { openTeamDatabase, type TeamDatabase } from '../team/db.js';
import { errorBody, httpErrorOf, HttpError } from './http-error.js';
import { teamCheckRoutes } from './routes/team-checks.js';

const TRACK = fileURLToPath(new URL('../team/checks/fixtures/queue-track/', import.meta.url));
const { track } = loadTrack(TRACK);
const postgres = usePostgres();
const run = { tmpDir: tmpdir(), env: process.env, clock: () => new Date() };

/** A team database with what runs its checks: workers on PostgreSQL, the server itself on PGlite. */
interface Team {
  database: TeamDatabase;
  sql: SqlPool;
  queue: QueueAdd;
  runner: string;
  /** A follower for one more server process. */
  follower(): Promise<JobFollower>;
  close(): Promise<void>;
}

const TEAMS: Record<string, () => Promise<Team>> = {
  async PostgreSQL() {
    const url = await postgres().createDatabase();
    const database = await openTeamDatabase({ url });
    await prepareCheckQueue(url);
    const pool = new pg.Pool({ connectionString: url });
    const worker = await startCheckWorker({ connectionString: url, concurrency: 1, events: teamEventSink, pollIntervalMs: 300, ...run });
    const followers: JobFollower[] = [];
    return {
      database,
      sql: pgSql(pool),
      queue: graphileQueue,
      runner: worker.id,
      follower: async () => followers[followers.push(await followJobs(url)) - 1]!,
      close: async () => {
        await worker.stop();
        for (const follower of followers) await follower.close();
        await pool.end();
        await database.close();
      },
    };
  },
  async PGlite() {
    const database = await openTestPGlite();
    const sql = kyselySql(database.db);
    const runner = await startLocalRunner({ sql, events: teamEventSink, pollMs: 100, ...run });
    return {
      database,
      sql,
      queue: localQueue,
      runner: runner.id,
      follower: async () => pollingFollower(),
      close: async () => {
        await runner.stop();
        await database.close();
      },
    };
  },
};

const upload = (learner: string, files: Array<{ path: string; content: string }>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-learner': learner },
  body: JSON.stringify({ files }),
});
const file = (path: string, text: string) => ({ path, content: Buffer.from(text).toString('base64') });

function parseSse(text: string): Array<{ event: string; data: Record<string, unknown>; id: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .filter((line) => line.startsWith(`${name}:`))
          .map((line) => line.slice(name.length + 1).trimStart())
          .join('\n');
      return { event: field('event'), data: JSON.parse(field('data')), id: field('id') };
    });
}

describe.each(Object.keys(TEAMS))('checks on a team server on %s', (kind) => {
  let team: Team;
  beforeAll(async () => {
    team = await TEAMS[kind]!();
  }, 60_000);
  afterAll(async () => {
    await team?.close();
  });

  // A server process of the team: the routes over the shared database, with a follower of its own.
  async function server(): Promise<Hono> {
    const app = new Hono();
    app.route(
      '/api',
      teamCheckRoutes({
        pool: team.sql,
        queue: team.queue,
        follower: await team.follower(),
        learnerOf: (c) => {
          const id = c.req.header('x-learner');
          if (id === undefined) throw new HttpError('NOT_SIGNED_IN', 'sign in first');
          return { id, email: `${id}@example.org` };
        },
        trackOf: async () => ({ dir: TRACK, track: track! }),
        nodeState: async (learner, on, node) => (await learnerState(team.database.db, learner, on)).state.nodes.find((state) => state.id === node)!,
        clock: () => new Date(),
      }),
    );
    app.onError((error, c) => {
      const http = httpErrorOf(error);
      return c.json(errorBody(http), http.status);
    });
    return app;
  }

  it('queues an upload, and another server process streams the job to its end from the database', async () => {
    const [a, b] = [await server(), await server()];
    const posted = await a.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('ada', [file('answer.py', 'ANSWER = 42\nSLEEP = 0.5\n')]));
    expect(posted.status).toBe(202);
    const { job } = (await posted.json()) as { job: string };
    const stream = await b.request(`/api/jobs/${job}`, { headers: { 'x-learner': 'ada' } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await stream.text());
    expect(events.map((e) => e.event).filter((e) => e !== 'output')).toEqual(['queued', 'attempt', 'start', 'result', 'done']);
    expect(
      events
        .filter((e) => e.event === 'output')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('checking\nanswer 42\n');
    const result = events.find((e) => e.event === 'result')!.data;
    expect(result).toMatchObject({ criterion: 'answer', provenance: 'verified', worker: team.runner, result: { status: 'pass' } });
    // A client that comes back after the first events gets only the rest.
    const resumed = parseSse(await (await b.request(`/api/jobs/${job}`, { headers: { 'x-learner': 'ada', 'last-event-id': events.at(-2)!.id } })).text());
    expect(resumed.map((e) => e.event)).toEqual(['done']);
    const view = (await (await a.request(`/api/checks/jobs/${job}`, { headers: { 'x-learner': 'ada' } })).json()) as { job: Record<string, unknown> };
    expect(view.job).toMatchObject({ state: 'done', attempts: 1, worker: team.runner, result: { status: 'pass' } });
    expect(view.job.durationMs).toBeGreaterThan(400);
    const { rows } = await team.sql.query<{ body: string; actor: string }>(`select body, actor from events where owner = 'ada/queue-fixture'`);
    // The worker records the run as the learner's, named as the learner's own events name them.
    expect(
      rows.map((row) => [JSON.parse(row.body), row.actor] as const).map(([e, actor]) => [e.verb, e.result.provenance, e.result.job, e.actor.name, actor]),
    ).toEqual([
      ['checked', 'verified', job, 'ada@example.org', 'ada@example.org'],
      ['experimented', 'verified', job, 'ada@example.org', 'ada@example.org'],
    ]);
    // The run is kept with the learner's records, as a run on their machine would be.
    const runs = await team.sql.query<{ id: string; record: string }>(`select id, record from runs where owner = 'ada/queue-fixture'`);
    expect(runs.rows.map((row) => [row.id, JSON.parse(row.record).status])).toEqual([[result.runId, 'pass']]);
    // The learner's progress on the team server: the check holds, on the verified run.
    const { state } = await learnerState(team.database.db, 'ada', track!);
    expect(state.nodes[0]!.criteria[0]).toMatchObject({
      state: 'met',
      detail: `latest run ${String(result.runId).slice(-8)} passed (verified)`,
      evidence: { kind: 'run', provenance: 'verified', runId: result.runId },
      check: { state: 'passed', status: 'pass', runId: result.runId, provenance: 'verified' },
    });
  }, 30_000);

  it("refuses a file over the limit with 413, naming it; and another learner's job is not found", async () => {
    const app = await server();
    const big = await app.request(
      '/api/tracks/queue-fixture/nodes/answer/checks',
      upload('bob', [file('answer.py', 'ANSWER = 42\n'), file('data.csv', 'x'.repeat(1024 * 1024 + 10))]),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: {
        code: 'UPLOAD_TOO_LARGE',
        message: 'data.csv is 1024 kB; a file of a check upload may have 1024 kB at most',
        hint: 'leave data sets and outputs out: the check needs only your code',
      },
    });
    const huge = await app.request(
      '/api/tracks/queue-fixture/nodes/answer/checks',
      upload(
        'bob',
        Array.from({ length: 6 }, (_, i) => file(`f${i}.bin`, 'y'.repeat(1000 * 1024))),
      ),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    const bad = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('../escape.py', 'x')]));
    expect(bad.status).toBe(400);
    const { rows } = await team.sql.query<{ count: number }>(`select count(*)::int as count from check_jobs where learner = 'bob'`);
    expect(rows[0]!.count).toBe(0);
    const posted = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('answer.py', 'ANSWER = 41\nSLEEP = 2\n')]));
    const { job } = (await posted.json()) as { job: string };
    expect((await app.request(`/api/checks/jobs/${job}`, { headers: { 'x-learner': 'eve' } })).status).toBe(404);
    expect((await app.request(`/api/checks/jobs/${job}`)).status).toBe(401);
    const again = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('answer.py', 'ANSWER = 42\n')]));
    expect(again.status).toBe(409);
  }, 30_000);
});
