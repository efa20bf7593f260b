import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrack } from '../content/load.js';
import { usePostgres } from '../test-support/postgres.js';
import { openTeamDatabase } from '../team/db.js';
import { followJobs, type JobFollower } from '../team/checks/follow.js';
import { prepareCheckQueue } from '../team/checks/prepare.js';
import { teamEventSink } from '../team/checks/sink.js';
import { startCheckWorker, type CheckWorker } from '../team/checks/worker.js';
import { errorBody, httpErrorOf, HttpError } from './http-error.js';
import { teamCheckRoutes } from './routes/team-checks.js';

const TRACK = fileURLToPath(new URL('../team/checks/fixtures/queue-track/', import.meta.url));
const { track } = loadTrack(TRACK);

const postgres = usePostgres();
let url: string;
let pool: pg.Pool;
const followers: JobFollower[] = [];
let worker: CheckWorker;

// A server process of the team: its own pool and its own LISTEN connection.
async function server(): Promise<Hono> {
  const follower = await followJobs(url);
  followers.push(follower);
  const app = new Hono();
  app.route(
    '/api',
    teamCheckRoutes({
      pool,
      follower,
      learnerOf: (c) => c.req.header('x-learner') ?? (() => { throw new HttpError(401, 'UNAUTHORIZED', 'sign in first'); })(),
      trackOf: async () => ({ dir: TRACK, track: track! }),
      clock: () => new Date(),
    }),
  );
  app.onError((error, c) => {
    const http = httpErrorOf(error);
    return c.json(errorBody(http), http.status);
  });
  return app;
}

beforeAll(async () => {
  url = await postgres().createDatabase();
  await (await openTeamDatabase({ url })).close();
  await prepareCheckQueue(url);
  pool = new pg.Pool({ connectionString: url });
  worker = await startCheckWorker({ connectionString: url, concurrency: 1, events: teamEventSink, pollIntervalMs: 300, tmpDir: tmpdir(), env: process.env, clock: () => new Date() });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  for (const follower of followers) await follower.close();
  await pool?.end();
});

const upload = (learner: string, files: Array<{ path: string; content: string }>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-learner': learner },
  body: JSON.stringify({ files }),
});
const file = (path: string, text: string) => ({ path, content: Buffer.from(text).toString('base64') });

function parseSse(text: string): Array<{ event: string; data: any; id: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) => block.split('\n').filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart()).join('\n');
      return { event: field('event'), data: JSON.parse(field('data')), id: field('id') };
    });
}

describe('checks on a team server', () => {
  it('queues an upload, and another server process streams the job to its end from the database', async () => {
    const [a, b] = [await server(), await server()];
    const posted = await a.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('ada', [file('answer.py', 'ANSWER = 42\nSLEEP = 0.5\n')]));
    expect(posted.status).toBe(202);
    const { job } = (await posted.json()) as { job: string };
    const stream = await b.request(`/api/jobs/${job}`, { headers: { 'x-learner': 'ada' } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await stream.text());
    expect(events.map((e) => e.event).filter((e) => e !== 'output')).toEqual(['queued', 'attempt', 'start', 'result', 'done']);
    expect(events.filter((e) => e.event === 'output').map((e) => e.data.text).join('')).toBe('checking\nanswer 42\n');
    const result = events.find((e) => e.event === 'result')!.data;
    expect(result).toMatchObject({ criterion: 'answer', provenance: 'verified', worker: worker.id, result: { status: 'pass' } });
    // A client that comes back after the first events gets only the rest.
    const resumed = parseSse(await (await b.request(`/api/jobs/${job}`, { headers: { 'x-learner': 'ada', 'last-event-id': events.at(-2)!.id } })).text());
    expect(resumed.map((e) => e.event)).toEqual(['done']);
    const view = (await (await a.request(`/api/checks/jobs/${job}`, { headers: { 'x-learner': 'ada' } })).json()) as { job: Record<string, unknown> };
    expect(view.job).toMatchObject({ state: 'done', attempts: 1, worker: worker.id, result: { status: 'pass' } });
    expect(view.job.durationMs).toBeGreaterThan(400);
  }, 30_000);

  it('refuses a file over the limit with 413, naming it; and another learner\'s job is not found', async () => {
    const app = await server();
    const big = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('answer.py', 'ANSWER = 42\n'), file('data.csv', 'x'.repeat(1024 * 1024 + 10))]));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: { code: 'UPLOAD_TOO_LARGE', message: 'data.csv is 1024 kB; a file of a check upload may have 1024 kB at most', hint: 'leave data sets and outputs out: the check needs only your code' } });
    const huge = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', Array.from({ length: 6 }, (_, i) => file(`f${i}.bin`, 'y'.repeat(1000 * 1024)))));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    const bad = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('../escape.py', 'x')]));
    expect(bad.status).toBe(400);
    const { count } = (await pool.query(`select count(*)::int as count from check_jobs where learner = 'bob'`)).rows[0];
    expect(count).toBe(0);
    const posted = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('answer.py', 'ANSWER = 41\nSLEEP = 2\n')]));
    const { job } = (await posted.json()) as { job: string };
    expect((await app.request(`/api/checks/jobs/${job}`, { headers: { 'x-learner': 'eve' } })).status).toBe(404);
    expect((await app.request(`/api/checks/jobs/${job}`)).status).toBe(401);
    const again = await app.request('/api/tracks/queue-fixture/nodes/answer/checks', upload('bob', [file('answer.py', 'ANSWER = 42\n')]));
    expect(again.status).toBe(409);
  }, 30_000);
});
