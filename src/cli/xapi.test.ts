import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { JsonError } from '../test-support/cli-json.js';
import { quizWorkspace, RIGHT } from '../test-support/quiz-track.js';
import { statementProblems } from '../test-support/xapi-statement.js';
import type { XapiStatement } from '../records/xapi.js';

const tmp = useTmpDir();

/** A scripted Learning Record Store: records every request and answers from a script (default 200 with the ids). */
interface Lrs {
  endpoint: string;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: XapiStatement[] }>;
  /** Answers for the next requests, in order: a status and a body. */
  script: Array<{ status: number; body?: string } | ((body: XapiStatement[]) => { status: number; body?: string })>;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function scriptedLrs(): Promise<Lrs> {
  const lrs: Omit<Lrs, 'endpoint' | 'close'> = { requests: [], script: [] };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text || '[]');
      lrs.requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const next = lrs.script.shift();
      const answer = typeof next === 'function' ? next(body) : (next ?? { status: 200, body: JSON.stringify(body.map((s: { id: string }) => s.id)) });
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(answer.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { ...lrs, endpoint: `http://127.0.0.1:${port}/xapi/`, close: () => new Promise((done) => server.close(() => done())) } as Lrs;
}

/** A workspace with a scripted history: an attest, a passed quiz (node a done) and a journal entry. */
async function learned(): Promise<string> {
  const ws = await quizWorkspace(tmp());
  await trail(['attest', 'a', '--text', 'I traced the graph of a tiny MLP by hand'], { cwd: ws });
  writeFileSync(join(ws, 'answers.json'), JSON.stringify(RIGHT));
  const quiz = await trail(['quiz', 'a', '--answers', 'answers.json'], { cwd: ws, env: { TRAIL_NOW: '2020-03-02T10:00:00.000Z' } });
  expect(quiz.code).toBe(0);
  const entry = await trail(['journal', 'add', '--node', 'b', '--text', 'Networks are stacks of layers; today I wired two of them.'], { cwd: ws });
  expect(entry.code).toBe(0);
  return ws;
}

const sync = (ws: string, lrs: Lrs, ...more: string[]) =>
  trail(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key', '--password', 'secret', ...more], { cwd: ws });

describe('trail export --xapi', () => {
  it('prints the history as a JSON array of valid statements, byte-identical when run twice; --out writes the same to a file', async () => {
    const ws = await learned();
    const first = await trail(['export', '--xapi'], { cwd: ws });
    expect(first.code).toBe(0);
    const statements = JSON.parse(first.stdout);
    // The quiz is dated 2020 (TRAIL_NOW), so it comes first; the attest then completes node a.
    // Events of one instant keep the log's order by id (random within a millisecond), hence the sort.
    expect([
      ...statements
        .slice(0, 6)
        .map((s: XapiStatement) => s.verb.display.en)
        .sort(),
      ...statements.slice(6).map((s: XapiStatement) => s.verb.display.en),
    ]).toEqual([...Array(5).fill('answered'), 'passed', 'responded', 'completed', 'commented']);
    const passed = statements.find((s: XapiStatement) => s.verb.display.en === 'passed');
    for (const statement of statements) expect(statementProblems(statement)).toEqual([]);
    expect(passed).toMatchObject({
      object: { id: 'https://trailguide.invalid/tracks/qt/nodes/a/criteria/quiz-1' },
      result: { score: { scaled: 1, raw: 5, min: 0, max: 5 }, success: true, completion: true },
      timestamp: '2020-03-02T10:00:00.000Z',
    });
    expect((await trail(['export', '--xapi'], { cwd: ws })).stdout).toBe(first.stdout);

    const written = await trailJson(['export', '--xapi', '--out', 'statements.json'], { cwd: ws });
    expect(written).toMatchObject({ $code: 0, out: join(ws, 'statements.json'), statements: 9 });
    expect(readFileSync(join(ws, 'statements.json'), 'utf8')).toBe(first.stdout);
    const people = await trail(['export', '--xapi', '--out', 'statements.json'], { cwd: ws });
    expect(people.stdout).toBe(`Wrote 9 xAPI statement(s) to ${join(ws, 'statements.json')}.\n`);
  });

  it('--activity-base moves the activity IRIs; a base that is not an absolute http(s) IRI is a usage error', async () => {
    const ws = await learned();
    const moved = JSON.parse((await trail(['export', '--xapi', '--activity-base', 'https://lms.example.org/trail/'], { cwd: ws })).stdout);
    expect(moved.find((s: XapiStatement) => s.verb.display.en === 'responded').object.id).toBe('https://lms.example.org/trail/tracks/qt/nodes/a/criteria/did');
    const bad = await trailJson(['export', '--xapi', '--activity-base', 'lms/trail'], { cwd: ws });
    expect(bad).toMatchObject({ $code: 2, error: { code: 'USAGE', message: '--activity-base "lms/trail" is not an absolute http(s) IRI' } });
  });

  it('an --out in a folder that does not exist is reported with the path', async () => {
    const ws = await learned();
    const run = await trail(['export', '--xapi', '--out', 'no/such/dir/x.json'], { cwd: ws });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot write ${join(ws, 'no/such/dir/x.json')}`);
  });
});

describe('trail sync-lrs', () => {
  it('posts in batches with the xAPI headers and Basic auth; a second sync sends nothing, a later one only what is new', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    const first = await sync(ws, lrs, '--batch', '4');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`Sent 9 statement(s) to ${lrs.endpoint.slice(0, -1)} in 3 request(s); 0 were sent before.\n`);
    expect(lrs.requests.map((r) => [r.method, r.url, r.body.length])).toEqual([
      ['POST', '/xapi/statements', 4],
      ['POST', '/xapi/statements', 4],
      ['POST', '/xapi/statements', 1],
    ]);
    expect(lrs.requests[0]!.headers).toMatchObject({
      'x-experience-api-version': '1.0.3',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from('key:secret').toString('base64')}`,
    });
    const exported = JSON.parse((await trail(['export', '--xapi'], { cwd: ws })).stdout);
    expect(lrs.requests.flatMap((r) => r.body)).toEqual(exported);
    const sent = JSON.parse(readFileSync(join(ws, '.trail/lrs-sent.json'), 'utf8'));
    expect(sent).toEqual({ version: 1, endpoints: { [lrs.endpoint.slice(0, -1)]: exported.map((s: XapiStatement) => s.id).sort() } });

    const second = await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key', '--password', 'secret'], { cwd: ws });
    expect(second).toMatchObject({ $code: 0, total: 9, sentBefore: 9, stored: 0, alreadyStored: 0, batches: 0 });
    expect(lrs.requests).toHaveLength(3);

    expect((await trail(['attest', 'a', 'did', '--text', 'Once more, I traced the graph by hand'], { cwd: ws })).code).toBe(0);
    const third = await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key'], { cwd: ws, env: { TRAIL_LRS_PASSWORD: 'from-env' } });
    expect(third).toMatchObject({ $code: 0, total: 10, sentBefore: 9, stored: 1, batches: 1 });
    expect(lrs.requests[3]!.body.map((s: XapiStatement) => s.verb.display.en)).toEqual(['responded']);
    expect(lrs.requests[3]!.headers.authorization).toBe(`Basic ${Buffer.from('key:from-env').toString('base64')}`);
  });

  it('401 is reported as refused credentials and nothing is marked sent', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    lrs.script.push({ status: 401, body: '{"message":"bad key"}' });
    const run = await sync(ws, lrs);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('refused the credentials (401 Unauthorized: bad key)');
    expect(run.stderr).toContain('0 statement(s) were stored before this; 9 remain unsent');
    expect(existsSync(join(ws, '.trail/lrs-sent.json'))).toBe(false);
    expect((await sync(ws, lrs)).code).toBe(0);
    expect(lrs.requests[1]!.body).toHaveLength(9);
  });

  it('400 on the second batch keeps the first batch sent and the rest unsent, with the LRS message', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    lrs.script.push((body) => ({ status: 200, body: JSON.stringify(body.map((s: XapiStatement) => s.id)) }), {
      status: 400,
      body: '{"error":{"message":"Statement 3 has no verb"}}',
    });
    const run = await trailJson<JsonError>(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key', '--password', 'secret', '--batch', '5'], { cwd: ws });
    expect(run).toMatchObject({ $code: 4, error: { code: 'LRS_REJECTED' } });
    expect(run.error.message).toContain(
      'rejected a batch of 4 statement(s) (400 Bad Request: Statement 3 has no verb); 5 statement(s) were stored before this; 4 remain unsent',
    );
    const again = await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key', '--password', 'secret', '--batch', '5'], { cwd: ws });
    expect(again).toMatchObject({ $code: 0, sentBefore: 5, stored: 4 });
    expect(lrs.requests[2]!.body.map((s: XapiStatement) => s.id)).toEqual(lrs.requests[1]!.body.map((s: XapiStatement) => s.id));
  });

  it('409 (ids the LRS already has) counts as sent; in a batch the statements go one by one to find out which', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    lrs.script.push({ status: 409, body: 'conflict' }, { status: 409 }, { status: 200, body: '[]' }, { status: 409 });
    const run = await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'key', '--password', 'secret', '--batch', '3'], { cwd: ws });
    expect(run).toMatchObject({ $code: 0, total: 9, stored: 7, alreadyStored: 2 });
    expect(lrs.requests.map((r) => r.body.length)).toEqual([3, 1, 1, 1, 3, 3]);
    expect(JSON.parse(readFileSync(join(ws, '.trail/lrs-sent.json'), 'utf8')).endpoints[lrs.endpoint.slice(0, -1)]).toHaveLength(9);
  });

  it('a server error (5xx) and an unreachable LRS exit 3 and keep everything unsent', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    lrs.script.push({ status: 503, body: 'maintenance' });
    const failed = await sync(ws, lrs);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('failed (503 Service Unavailable: maintenance)');
    await lrs.close();
    const unreachable = await sync(ws, lrs);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`could not reach the LRS at ${lrs.endpoint}statements (ECONNREFUSED)`);
    expect(existsSync(join(ws, '.trail/lrs-sent.json'))).toBe(false);
  });

  it('rejects bad input: a batch size, an endpoint, a missing password, a broken sent file', async () => {
    const ws = await learned();
    const lrs = await scriptedLrs();
    expect(await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'u', '--password', 'p', '--batch', '0'], { cwd: ws })).toMatchObject({
      $code: 2,
      error: { code: 'USAGE', message: '--batch "0" is not a whole number of statements above 0' },
    });
    expect(await trailJson(['sync-lrs', '--endpoint', 'lrs.example.org', '--user', 'u', '--password', 'p'], { cwd: ws })).toMatchObject({
      $code: 2,
      error: { message: '--endpoint "lrs.example.org" is not a URL' },
    });
    expect(await trailJson(['sync-lrs', '--endpoint', 'ftp://lrs.example.org', '--user', 'u', '--password', 'p'], { cwd: ws })).toMatchObject({
      $code: 2,
      error: { message: '--endpoint "ftp://lrs.example.org" is not an http(s) URL' },
    });
    const noPassword = await trail(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'u'], { cwd: ws });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('no LRS password given');
    expect((await trail(['sync-lrs', '--user', 'u', '--password', 'p'], { cwd: ws })).code).toBe(2);
    writeFileSync(join(ws, '.trail/lrs-sent.json'), '{"endpoints": {"x": [1]}}');
    const broken = await trailJson(['sync-lrs', '--endpoint', lrs.endpoint, '--user', 'u', '--password', 'p'], { cwd: ws });
    expect(broken).toMatchObject({
      $code: 4,
      error: { code: 'WORKSPACE_INVALID', message: `${join(ws, '.trail/lrs-sent.json')} does not list statement ids by endpoint` },
    });
  });
});
