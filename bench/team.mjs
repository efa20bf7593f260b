// `npm run bench:team`: `trail serve --team` on a real PostgreSQL (the test harness's), with two
// `trail team worker` processes. 200 simulated learners over HTTP, all at once: sign in, follow a
// track, attest, write a journal entry, upload a check and follow its job to the end. Then event
// ingest: learners' events sent through the server's sync route, against the same events
// INSERTed through `pg` into the same table, in alternating rounds of the same run.
// Prints p99 latency per route, errors, jobs per second, and the ingest ratio (target ≥ 0.5).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { percentile } from './http-load.mjs';
import { startPostgres } from '../src/test-support/postgres.ts';
import { openTeamDatabase } from '../src/team/db.ts';
import { addUser } from '../src/team/accounts.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const trail = join(root, 'bin', 'trail.js');
const home = join(root, '.bench', 'team-home');
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const WORKERS = 2;
const CONCURRENCY = 2;
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 20);
const TRACK = 'learning-path';
const CHECK_NODE = 'math-foundations';
const SOLUTION = readFileSync(join(root, 'tracks', TRACK, '01-math-foundations', 'solution', 'exercise.py')).toString('base64');
const PASSWORD = 'correct horse battery staple';
const INGEST = {
  clients: Number(process.env.BENCH_INGEST_CLIENTS ?? 4),
  batches: Number(process.env.BENCH_INGEST_BATCHES ?? 10),
  size: Number(process.env.BENCH_INGEST_SIZE ?? 500),
  rounds: Number(process.env.BENCH_INGEST_ROUNDS ?? 6),
};

rmSync(home, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
const began = performance.now();
const postgres = await startPostgres();
const url = await postgres.createDatabase('bench_team');
const env = { ...process.env, TRAIL_HOME: home, NO_COLOR: '1', DATABASE_URL: url };
const children = [];

/** Starts a `trail` process and resolves when its output matches `ready`. */
function start(args, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [trail, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const look = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => reject(new Error(`trail ${args.join(' ')} exited ${code}: ${output}`)));
  });
}

async function stopAll() {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    ),
  );
  await postgres.stop();
}

try {
  // The accounts, made directly in the database (argon2 hashing, as `trail team user add` does).
  const database = await openTeamDatabase({ url });
  const emails = Array.from({ length: LEARNERS }, (_, i) => `learner${i}@bench.example`);
  for (let at = 0; at < emails.length; at += 16)
    await Promise.all(emails.slice(at, at + 16).map((email) => addUser(database.db, { email, role: 'learner', password: PASSWORD }, { email: 'bench' })));
  await database.close();

  const server = await start(['serve', '--team', '--port', '0', '--host', '127.0.0.1'], /running at (http:\/\/\S+?)\/?\s/);
  const base = server.match[1];
  await Promise.all(
    Array.from({ length: WORKERS }, () =>
      start(['team', 'worker', '--concurrency', String(CONCURRENCY), '--poll-interval', '500'], /worker (\S+) is taking check jobs/),
    ),
  );
  console.log(
    `PostgreSQL (${postgres.binaries.source}), trail serve --team and ${WORKERS} workers ready in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  const latencies = new Map();
  const errors = [];
  const timed = async (route, method, path, { cookie, body } = {}) => {
    const t0 = performance.now();
    let response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      (latencies.get(route) ?? latencies.set(route, []).get(route)).push(performance.now() - t0);
      if (!response.ok) errors.push(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
      return { response, text };
    } catch (error) {
      errors.push(`${method} ${path}: ${error.message}`);
      return { response: undefined, text: '' };
    }
  };

  const jobs = [];
  const learner = async (email, i) => {
    const login = await timed('POST /api/auth/login', 'POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    const cookie = login.response?.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) return undefined;
    await timed('POST /api/tracks (follow)', 'POST', '/api/tracks', { cookie, body: { track: TRACK } });
    await timed('POST …/attest', 'POST', `/api/tracks/${TRACK}/nodes/engineering-career/attest`, {
      cookie,
      body: { criterion: 'shipped', text: `Learner ${i} shipped a small public demo of a tokenizer: https://example.org/demo/${i}` },
    });
    await timed('POST …/journal', 'POST', `/api/tracks/${TRACK}/journal`, {
      cookie,
      body: {
        node: CHECK_NODE,
        title: `Day ${i}`,
        body: `Today I worked through gradient descent on a parabola, learner ${i}. The step size matters: too large and it diverges, too small and it crawls. I plotted the loss.`,
      },
    });
    const queued = await timed('POST …/checks (upload)', 'POST', `/api/tracks/${TRACK}/nodes/${CHECK_NODE}/checks`, {
      cookie,
      body: { criterion: 'core', files: [{ path: 'exercise.py', content: SOLUTION }] },
    });
    if (!queued.response?.ok) return undefined;
    const { job } = JSON.parse(queued.text);
    const t0 = performance.now();
    const queuedAt = t0;
    return async () => {
      const stream = await fetch(`${base}/api/jobs/${job}`, { headers: { cookie } });
      const text = await stream.text();
      const last = [...text.matchAll(/^event: (\S+)$/gm)].at(-1)?.[1];
      const result = /^event: result\ndata: (.*)$/m.exec(text)?.[1];
      const status = result ? JSON.parse(result).result.status : undefined;
      jobs.push({ job, ms: performance.now() - t0, queuedAt, end: performance.now(), last, status });
      if (last !== 'done' || status !== 'pass') errors.push(`job ${job}: ended with ${last}, status ${status}`);
    };
  };
  // Learners arrive over time: at most ACTIVE are signing in, following, writing and uploading at
  // once; each then follows their job's stream while the next one starts.
  const t0 = performance.now();
  const streams = [];
  let nextLearner = 0;
  await Promise.all(
    Array.from({ length: ACTIVE }, async () => {
      while (nextLearner < emails.length) {
        const i = nextLearner++;
        streams.push(await learner(emails[i], i));
      }
    }),
  );
  await Promise.all(streams.map((follow) => follow?.()));
  const seconds = (performance.now() - t0) / 1000;
  const jobSeconds = (Math.max(...jobs.map((j) => j.end)) - Math.min(...jobs.map((j) => j.queuedAt))) / 1000;

  console.log(`\n${LEARNERS} learners (${ACTIVE} active at once) in ${seconds.toFixed(1)} s, errors: ${errors.length}`);
  for (const error of errors.slice(0, 5)) console.log(`  ${error}`);
  const routeLine = (route, list) => {
    const sorted = Float64Array.from(list).sort();
    return `${route.padEnd(30)} ${String(list.length).padStart(8)} ${percentile(sorted, 0.5).toFixed(1).padStart(8)} ${percentile(sorted, 0.99).toFixed(1).padStart(8)}`;
  };
  console.log('\nroute                          requests   p50 ms   p99 ms');
  for (const [route, list] of latencies) console.log(routeLine(route, list));
  const waits = Float64Array.from(jobs.map((j) => j.ms)).sort();
  console.log(
    `\ncheck jobs: ${jobs.filter((j) => j.status === 'pass').length}/${jobs.length} verified as pass by ${WORKERS} workers (${CONCURRENCY} checks at a time each); ${(jobs.length / jobSeconds).toFixed(2)} jobs/s; upload to result p50 ${(percentile(waits, 0.5) / 1000).toFixed(1)} s, p99 ${(percentile(waits, 0.99) / 1000).toFixed(1)} s`,
  );

  // Event ingest: the same events through the sync route and through plain INSERTs. Both are
  // warmed up first (a round not counted: the server's and the bench's code compiled, pools
  // connected), then measured in rounds that alternate which goes first, so that other work on
  // the machine, a checkpoint or a vacuum falls on both alike. Each rate is all its events over
  // all its time.
  const { clients, batches, size, rounds } = INGEST;
  const makeEvents = (tag, client, batch) =>
    Array.from({ length: size }, (_, k) => ({
      id: `${tag}-${client}-${batch}-${k}`,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, k)).toISOString(),
      actor: { name: `learner${client}@bench.example` },
      verb: 'attested',
      object: { type: 'criterion', node: 'engineering-career', criterion: 'shipped' },
      result: { response: `statement ${k} of batch ${batch}, written by hand` },
    }));
  const cookies = [];
  for (let client = 0; client < clients; client++) {
    const login = await timed('POST /api/auth/login', 'POST', '/api/auth/login', { body: { email: emails[client], password: PASSWORD } });
    cookies.push(login.response.headers.get('set-cookie').split(';')[0]);
  }
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const rawLatencies = [];
  const syncLatencies = [];
  // One round of one way: every client sends its batches one after another; resolves to the seconds it took.
  const throughServer = async (round, record) => {
    const t0 = performance.now();
    await Promise.all(
      cookies.map(async (cookie, client) => {
        for (let batch = 0; batch < batches; batch++) {
          const b0 = performance.now();
          const sent = await timed('POST /api/team/sync/…/events', 'POST', `/api/team/sync/ingest-${client}/events`, {
            cookie,
            body: { events: makeEvents(`http${round}`, client, batch) },
          });
          if (record) syncLatencies.push(performance.now() - b0);
          const result = JSON.parse(sent.text || '{}');
          if (result.added !== size) errors.push(`sync batch ${batch} of client ${client}: added ${result.added} of ${size}`);
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  const throughPg = async (round, record) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let batch = 0; batch < batches; batch++) {
          const events = makeEvents(`raw${round}`, client, batch);
          const values = events.flatMap((event) => [`raw-${client}`, event.id, event.actor.name, JSON.stringify(event)]);
          const rows = events.map((_, k) => `($${k * 4 + 1}, $${k * 4 + 2}, $${k * 4 + 3}, $${k * 4 + 4})`).join(', ');
          const b0 = performance.now();
          await pool.query(`insert into events (owner, id, actor, body) values ${rows}`, values);
          if (record) rawLatencies.push(performance.now() - b0);
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  };
  await throughServer('warm', false);
  await throughPg('warm', false);
  let [httpSeconds, rawSeconds] = [0, 0];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      httpSeconds += await throughServer(round, true);
      rawSeconds += await throughPg(round, true);
    } else {
      rawSeconds += await throughPg(round, true);
      httpSeconds += await throughServer(round, true);
    }
  }
  await pool.end();
  const events = rounds * clients * batches * size;
  const [httpRate, rawRate] = [events / httpSeconds, events / rawSeconds];
  const ratio = httpRate / rawRate;
  console.log(`\n${routeLine('POST /api/team/sync/…/events', syncLatencies)}`);
  console.log(routeLine('INSERT (raw, through pg)', rawLatencies));
  console.log(
    `event ingest (${rounds} rounds, alternating, after a warm-up; each ${clients} clients × ${batches} batches × ${size} events): through the server ${Math.round(httpRate)} events/s; raw INSERTs through pg ${Math.round(rawRate)} events/s; ratio ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'ok' : 'MISSED'}`,
  );
  // Other work on the machine takes its share of the cores from both phases, not always alike.
  console.log(`load average over the last minute: ${loadavg()[0].toFixed(1)}`);
  console.log(`\nerrors: ${errors.length}; total ${((performance.now() - began) / 1000).toFixed(1)} s`);
  process.exitCode = errors.length === 0 && ratio >= 0.5 ? 0 : 1;
} finally {
  await stopAll();
}
