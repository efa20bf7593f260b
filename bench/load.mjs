// `npm run bench:load`: `trail serve` under 50 concurrent connections on loopback, against a bare
// Hono server measured in the same run, with the targets of the hardening issue:
//   catalog and node reads ≥ 25% of bare Hono's request rate, p99 < 100 ms, no errors;
//   writes ≥ 300/s, p99 < 200 ms, and every write present exactly once afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, percentile } from './http-load.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const trail = join(root, 'bin', 'trail.js');
const home = join(root, '.bench', 'load-home');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const TRACK = 'llm-engineering-mastery';
const ACCEPT = { 'accept-encoding': 'br, gzip' };

rmSync(home, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
const env = { ...process.env, TRAIL_HOME: home, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;

/** Starts a server process and resolves with its address once it prints it. */
function start(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /(?:running|listening) at (http:\/\/\S+?)\/?(?:\s|$)/.exec(output)?.[1];
      if (url)
        resolve({
          url,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${output}`)));
  });
}

async function call(url, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const bare = await start([join(root, 'bench', 'bare-hono.mjs')]);
const server = await start([trail, 'serve', '--home', '--port', '0']);
const results = [];

try {
  // A home with three followed tracks; the measured one has 1,000 journal entries and 2,000 events.
  // It is the engine's fixture of milestones proven by statements and journal entries (under the
  // built-in track's id), so that the writes below are attestations and entries it counts.
  const ws = join(home, TRACK);
  const init = spawnSync(process.execPath, [trail, 'init', ws, '--track', join(root, 'src/test-support/fixtures/milestones')], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  for (const track of ['nn-first-principles', 'learning-path']) await call(server.url, 'POST', '/api/tracks', { track });
  mkdirSync(join(ws, 'journal'), { recursive: true });
  for (let i = 0; i < 1000; i++) {
    writeFileSync(
      join(ws, 'journal', `seed-${String(i).padStart(4, '0')}.md`),
      `---\ndate: 2026-01-${String((i % 28) + 1).padStart(2, '0')}\nnode: m${(i % 14) + 1}\ntitle: Seed ${i}\n---\n\n${'A reflection on what I learned today. '.repeat(20)}\n`,
    );
  }
  const events = [];
  for (let i = 0; i < 2000; i++) {
    const id = `01SEED${String(i).padStart(20, '0')}`;
    events.push(
      JSON.stringify({
        id,
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        actor: { name: 'bench' },
        verb: 'hinted',
        object: { type: 'node', node: 'm1' },
        result: { hint: 1, of: 1 },
      }),
    );
  }
  writeFileSync(join(ws, '.trail', 'events.jsonl'), `${events.join('\n')}\n`);

  const phase = async (name, url, next, options = {}) => {
    // One second of warm-up (the JIT, the first reads), then the measured run.
    await load({ url, connections: CONNECTIONS, seconds: 1, next });
    const result = await load({ url, connections: CONNECTIONS, seconds: SECONDS, next, ...options });
    const row = {
      name,
      rate: result.requests / result.seconds,
      p50: percentile(result.latencies, 0.5),
      p99: percentile(result.latencies, 0.99),
      max: result.latencies.at(-1) ?? NaN,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: result.statuses,
      bytes: result.bytes / result.requests,
    };
    results.push(row);
    return row;
  };
  const get = (path) => () => ({ method: 'GET', path, headers: ACCEPT });

  const bareFirst = await phase('bare Hono, GET /', bare.url, get('/'));
  const catalog = await phase('GET /api/tracks (catalog)', server.url, get('/api/tracks'));
  const node = await phase(`GET /api/tracks/${TRACK}/nodes/m1 (node page)`, server.url, get(`/api/tracks/${TRACK}/nodes/m1`));
  const bareSecond = await phase('bare Hono, GET / (again)', bare.url, get('/'));

  // Writes: attestations (an event each) and journal entries (a file each), each with a unique token.
  const acknowledged = new Set();
  const attempted = new Set();
  let written = 0;
  const write = () => {
    const i = written++;
    const token = `bench-write-${process.pid}-${i}`;
    attempted.add(token);
    return i % 2 === 0
      ? {
          method: 'POST',
          path: `/api/tracks/${TRACK}/nodes/m1/attest`,
          headers: ACCEPT,
          body: JSON.stringify({ criterion: 'exit-1', text: `I trained a logistic regression model and checked it: ${token}` }),
          token,
        }
      : {
          method: 'POST',
          path: `/api/tracks/${TRACK}/journal`,
          headers: ACCEPT,
          body: JSON.stringify({ node: 'm1', title: 'Load', body: `What I learned under load, ${token}.`, allowShort: true }),
          token,
        };
  };
  const onResponse = (request, status) => {
    if (request.token && status >= 200 && status < 300) acknowledged.add(request.token);
  };
  const writes = await phase(`POST attest / journal (writes)`, server.url, write, { onResponse });

  // Every acknowledged write exactly once in the workspace, and no unacknowledged one twice.
  const counts = new Map();
  const count = (text) => {
    for (const match of text.matchAll(/bench-write-\d+-\d+/g)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  };
  count(readFileSync(join(ws, '.trail', 'events.jsonl'), 'utf8'));
  for (const name of readdirSync(join(ws, 'journal'))) if (name.endsWith('.md')) count(readFileSync(join(ws, 'journal', name), 'utf8'));
  const once = [...acknowledged].filter((token) => counts.get(token) === 1).length;
  const missing = [...acknowledged].filter((token) => !counts.has(token)).length;
  const twice = [...attempted].filter((token) => (counts.get(token) ?? 0) > 1).length;

  const bareRate = (bareFirst.rate + bareSecond.rate) / 2;
  const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;
  console.log(`trail serve under load: ${CONNECTIONS} connections, ${SECONDS} s per run, loopback, Accept-Encoding: br, gzip`);
  for (const row of results) {
    console.log(
      `${row.name.padEnd(58)} ${row.rate.toFixed(0).padStart(7)} req/s   p50 ${ms(row.p50)}   p99 ${ms(row.p99)}   max ${ms(row.max)}   errors ${row.errors}${row.timeouts ? ` (${row.timeouts} timed out)` : ''}   ${(row.bytes / 1024).toFixed(1)} kB/answer   ${JSON.stringify(row.statuses)}`,
    );
  }
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  console.log(`bare Hono (mean of the two runs): ${bareRate.toFixed(0)} req/s`);
  for (const row of [catalog, node]) {
    const share = row.rate / bareRate;
    console.log(
      `${row.name.padEnd(58)} ${(share * 100).toFixed(1).padStart(5)}% of bare Hono (target ≥ 25%: ${verdict(share >= 0.25)}), p99 ${row.p99.toFixed(1)} ms (target < 100 ms: ${verdict(row.p99 < 100)}), errors ${row.errors} (${verdict(row.errors === 0)})`,
    );
  }
  console.log(
    `${writes.name.padEnd(58)} ${writes.rate.toFixed(0).padStart(5)} /s (target ≥ 300: ${verdict(writes.rate >= 300)}), p99 ${writes.p99.toFixed(1)} ms (target < 200 ms: ${verdict(writes.p99 < 200)}), errors ${writes.errors} (${verdict(writes.errors === 0)})`,
  );
  console.log(
    `exactly once: ${once} of ${acknowledged.size} acknowledged writes present exactly once, ${missing} missing, ${twice} present more than once (${verdict(once === acknowledged.size && twice === 0)})`,
  );
  // Other work on the machine takes its share of the cores from the server and from bare Hono, not always alike.
  console.log(`load average over the last minute: ${loadavg()[0].toFixed(1)}`);
} finally {
  await Promise.all([bare.stop(), server.stop()]);
}
