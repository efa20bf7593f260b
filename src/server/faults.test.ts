import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { homeLibrary } from './library.js';
import { RECHECK_MS } from './live-workspace.js';
import type { Reply } from './api/types.js';
import { client, homeApp, readJobEvents } from '../test-support/api.js';
import { MILESTONES, trail, useTmpDir, writeTree } from '../test-support/cli.js';
import type { JsonError } from '../test-support/cli-json.js';
import { failingResult } from '../test-support/check-result.js';

const tmp = useTmpDir();
const TRACK = 'llm-engineering-mastery';
const STATEMENT = 'I trained logistic regression on a binary dataset and reached 92% accuracy.';

async function home(...tracks: string[]) {
  const dir = tmp();
  const api = homeApp(dir);
  // The milestones proven by statements are the engine's fixture, under the built-in track's id.
  for (const track of tracks) {
    if (track === TRACK) expect((await trail(['init', join(dir, TRACK), '--track', MILESTONES])).code).toBe(0);
    else expect((await api.post('/api/tracks', { track })).status).toBe(201);
  }
  return { dir, api };
}

const badLine = (verb: string) =>
  `${JSON.stringify({ id: `01BAD${verb}`, timestamp: '2026-01-01T00:00:00.000Z', actor: { name: 'x' }, verb, object: { type: 'criterion', node: 'm1', criterion: 'exit-1' }, result: null })}\n`;

describe('one broken workspace never takes the catalog down', () => {
  it('answers the catalog and the node page with a bad line of any verb in the log', async () => {
    const { dir, api } = await home(TRACK);
    expect((await api.post(`/api/tracks/${TRACK}/nodes/m1/attest`, { criterion: 'exit-1', text: STATEMENT })).status).toBe(200);
    for (const verb of ['attested', 'completed-quiz', 'checked', 'practiced', 'experimented'])
      appendFileSync(join(dir, TRACK, '.trail/events.jsonl'), badLine(verb));
    const catalog = await api.get<Reply<'GET /tracks'>>('/api/tracks');
    expect(catalog.status).toBe(200);
    expect(catalog.body.tracks.find((t) => t.id === TRACK)).toMatchObject({ following: true, broken: null, progress: { done: 0 } });
    const node = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(`/api/tracks/${TRACK}/nodes/m1`);
    expect(node.status).toBe(200);
    expect(node.body.node.criteria[0]).toMatchObject({ id: 'exit-1', state: 'met' });
  });

  it('lists a workspace whose files are broken as broken, with the reason, beside the others', async () => {
    const { dir, api } = await home(TRACK, 'nn-first-principles', 'llm-roadmap');
    await api.get('/api/tracks');
    // Broken while the server runs: the next request sees it.
    writeFileSync(join(dir, 'nn-first-principles/.trail/workspace.json'), '{ "version": 1,');
    mkdirSync(join(dir, 'llm-roadmap/.trail/events.jsonl'));
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
    const catalog = await api.get<Reply<'GET /tracks'>>('/api/tracks');
    expect(catalog.status).toBe(200);
    const byId = Object.fromEntries(catalog.body.tracks.map((t) => [t.id, t]));
    expect(byId[TRACK]).toMatchObject({ following: true, broken: null, progress: { total: 14 } });
    expect(byId['nn-first-principles']).toMatchObject({
      following: true,
      progress: null,
      broken: { code: 'WORKSPACE_INVALID', message: expect.stringContaining('workspace.json is not valid JSON') },
    });
    expect(byId['llm-roadmap']).toMatchObject({
      following: true,
      progress: null,
      broken: { code: 'EVENT_LOG_INVALID', message: expect.stringContaining('events.jsonl is a folder, not a file') },
    });
    expect(byId['learning-path']).toMatchObject({ following: false, broken: null });
    // A server started on the broken home lists them the same way.
    expect((await homeApp(dir).get('/api/tracks')).body).toEqual(catalog.body);
    // The broken track itself answers with the reason, as JSON.
    expect(await api.get('/api/tracks/nn-first-principles')).toMatchObject({ status: 500, body: { error: { code: 'WORKSPACE_INVALID' } } });
  });
});

const LATEST = '.trail/checks/value-objects/experiment.json';

/** The tutor's answer in debug mode on value-objects, through its job's stream. */
async function debugAnswer(api: ReturnType<typeof client>): Promise<string> {
  const started = await api.post<Reply<'POST /tracks/:track/tutor'>>('/api/tracks/nn-first-principles/tutor', {
    question: 'why does my Value fail?',
    node: 'value-objects',
    mode: 'debug',
  });
  expect(started.status).toBe(202);
  const events = readJobEvents(await (await api.raw(`/api/jobs/${started.body.job}`)).text());
  const answer = events.find((event) => event.event === 'answer');
  expect(answer, JSON.stringify(events.at(-1))).toBeDefined();
  return (answer!.data as { answer: string }).answer;
}

describe('a latest check result that is not one', () => {
  it('is left out of the node page (named in its problems) and of the tutor, never a failure', async () => {
    const { dir, api } = await home('nn-first-principles');
    const ws = join(dir, 'nn-first-principles');
    mkdirSync(join(ws, '.trail/checks/value-objects'), { recursive: true });
    writeFileSync(join(ws, LATEST), failingResult('mine'));
    const fresh = () => homeApp(dir);
    const whole = await fresh().get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/nn-first-principles/nodes/value-objects');
    expect(whole.body.latest.experiment).toMatchObject({ status: 'fail', message: '1 of 1 tests failed mine' });
    expect(whole.body.problems).toEqual([]);
    expect(await debugAnswer(fresh())).toContain('Your latest run of `experiment`: fail — 1 of 1 tests failed mine');
    writeFileSync(join(ws, LATEST), '{"status":"fail"}');
    const page = await fresh().get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/nn-first-principles/nodes/value-objects');
    expect(page.status).toBe(200);
    expect(page.body.latest).toEqual({});
    expect(page.body.problems).toEqual([{ path: LATEST, message: 'is not a check result: missing "version"' }]);
    expect(await debugAnswer(fresh())).toContain('No failing check of this node to look at.');
    expect((await api.get('/api/tracks/nn-first-principles/nodes/value-objects')).status).toBe(200);
  });
});

describe('a track its author broke', () => {
  it('answers 422 TRACK_INVALID naming the file and the place, never 500 INTERNAL', async () => {
    const [home, track] = [tmp(), tmp()];
    cpSync(MILESTONES, track, { recursive: true });
    expect((await trail(['init', join(home, TRACK), '--track', track])).code).toBe(0);
    const file = join(track, 'phase-1-foundations/m01-logistic-regression/overview.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('kind: milestone', 'kind: chapter'));
    const broken = await homeApp(home).get<JsonError>(`/api/tracks/${TRACK}`);
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatchObject({
      code: 'TRACK_INVALID',
      message: expect.stringContaining('m01-logistic-regression/overview.md'),
      hint: expect.any(String),
    });
  });
});

describe('what the server answers from memory follows every change', () => {
  it('shows a write of its own at once, and one made by a trail command', async () => {
    const { dir, api } = await home(TRACK);
    const node = `/api/tracks/${TRACK}/nodes/m1`;
    expect((await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(node)).body.node.criteria[0]!.state).toBe('unmet');
    await api.post(`${node}/attest`, { criterion: 'exit-1', text: STATEMENT });
    expect((await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(node)).body.node.criteria[0]!.state).toBe('met');
    expect(
      (await trail(['journal', 'add', '--allow-short', '--node', 'm1', '--title', 'From the terminal', '--text', 'written by hand'], { cwd: join(dir, TRACK) }))
        .code,
    ).toBe(0);
    expect((await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(node)).body.journal.map((entry) => entry.title)).toEqual(['From the terminal']);
    expect((await api.get<Reply<'GET /tracks'>>('/api/tracks')).body.tracks.find((t) => t.id === TRACK)!.progress!.done).toBe(0);
  });

  it('compresses with Brotli or gzip as asked, and answers 304 to a client that has the answer', async () => {
    const { api } = await home(TRACK);
    const plain = await api.raw(`/api/tracks/${TRACK}`);
    const text = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const br = await api.raw(`/api/tracks/${TRACK}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(text);
    const gzip = await api.raw(`/api/tracks/${TRACK}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(text);
    const again = await api.raw(`/api/tracks/${TRACK}`, { headers: { 'if-none-match': plain.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // An answer made for one request is compressed on its way out, and keeps the security headers.
    const made = await api.raw('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(made.headers.get('content-encoding')).toBe('gzip');
    expect(made.headers.get('x-content-type-options')).toBe('nosniff');
    expect(JSON.parse(gunzipSync(Buffer.from(await made.arrayBuffer())).toString()).openapi).toBe('3.1.0');
    // Small answers are not worth it.
    const small = await api.raw(`/api/tracks/${TRACK}/journal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'br' },
      body: JSON.stringify({ body: 'A note.', allowShort: true }),
    });
    expect(small.status).toBe(201);
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('serves the built web app pre-compressed', async () => {
    const app = createApp({ library: homeLibrary(tmp()), webDir: join(process.cwd(), 'dist/web') });
    const html = readFileSync(join(process.cwd(), 'dist/web/index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await app.request(script, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(readFileSync(join(process.cwd(), 'dist/web', script), 'utf8'));
  });
});

describe('requests that are too large or abandoned', () => {
  it('refuses a body over the route limit with 413 at once from its Content-Length, reading none of it', async () => {
    const { api } = await home(TRACK);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const started = Date.now();
    const answer = await api.raw(`/api/tracks/${TRACK}/journal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE', message: expect.stringContaining('larger than 1024 kB') } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('stops reading a body without a length once it passes the limit', async () => {
    const { api } = await home(TRACK);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 300 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const answer = await api.raw(`/api/tracks/${TRACK}/nodes/m1/attest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it('writes nothing for a request whose client went away before it was committed', async () => {
    const { dir, api } = await home(TRACK);
    const gone = new AbortController();
    gone.abort();
    const abandoned = api.raw(`/api/tracks/${TRACK}/nodes/m1/attest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ criterion: 'exit-1', text: STATEMENT }),
      signal: gone.signal,
    });
    await Promise.resolve(abandoned).catch(() => undefined);
    const journal = api.raw(`/api/tracks/${TRACK}/journal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ node: 'm1', body: 'never written', allowShort: true }),
      signal: gone.signal,
    });
    await Promise.resolve(journal).catch(() => undefined);
    const log = join(dir, TRACK, '.trail/events.jsonl');
    let events = '';
    try {
      events = readFileSync(log, 'utf8');
    } catch {
      // No log at all: nothing was written.
    }
    expect(events).toBe('');
    expect((await api.get<Reply<'GET /tracks/:track/journal'>>(`/api/tracks/${TRACK}/journal`)).body.entries).toEqual([]);
  });
});

describe('symbolic links out of the workspace', () => {
  it('are never read by the journal, runs, latest check results or file routes, nor by the tutor', async () => {
    const { dir, api } = await home(TRACK, 'nn-first-principles');
    const ws = join(dir, TRACK);
    const outside = tmp();
    writeTree(outside, {
      'secret.md': '---\ndate: 2026-01-01\nnode: m1\ntitle: SECRET\n---\n\nSECRET words\n',
      'runs/01OUTSIDE/run.json': JSON.stringify({
        id: '01OUTSIDE',
        node: 'm1',
        kind: 'manual',
        criterion: null,
        command: null,
        objective: 'SECRET',
        params: {},
        notes: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: null,
        exitCode: null,
        status: null,
        metrics: {},
        artifacts: [],
        gitCommit: null,
      }),
      'plot.svg': '<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>',
    });
    for (const folder of ['journal', 'papers_notes', 'visualizations', '.trail/runs']) mkdirSync(join(ws, folder), { recursive: true });
    // The latest check results: a file linked out, and in another workspace the whole folder.
    writeTree(outside, { [LATEST]: failingResult('SECRET') });
    const course = join(dir, 'nn-first-principles');
    mkdirSync(join(course, '.trail/checks/value-objects'), { recursive: true });
    symlinkSync(join(outside, LATEST), join(course, LATEST));
    const coursePage = async () =>
      client(createApp({ library: homeLibrary(dir) })).get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/nn-first-principles/nodes/value-objects');
    const linkedFile = await coursePage();
    expect(linkedFile.body.problems).toEqual([{ path: LATEST, message: 'is a symbolic link that leads out of the workspace; it is not read' }]);
    expect(JSON.stringify(linkedFile.body)).not.toContain('SECRET');
    expect(await debugAnswer(client(createApp({ library: homeLibrary(dir) })))).not.toContain('SECRET');
    expect((await api.get(`/api/tracks/nn-first-principles/files/${LATEST}`)).status).toBe(403);
    rmSync(join(course, '.trail/checks'), { recursive: true });
    symlinkSync(join(outside, '.trail/checks'), join(course, '.trail/checks'));
    const linkedFolder = await coursePage();
    expect(linkedFolder.body.problems).toEqual([{ path: LATEST, message: 'leads out of the workspace (a symbolic link); it is not read' }]);
    expect(JSON.stringify(linkedFolder.body)).not.toContain('SECRET');
    expect(await debugAnswer(client(createApp({ library: homeLibrary(dir) })))).not.toContain('SECRET');
    symlinkSync(join(outside, 'secret.md'), join(ws, 'journal/link.md'));
    symlinkSync(join(outside, 'secret.md'), join(ws, 'papers_notes/link.md'));
    symlinkSync(join(outside, 'plot.svg'), join(ws, 'visualizations/link.svg'));
    symlinkSync(join(outside, 'runs/01OUTSIDE'), join(ws, '.trail/runs/01OUTSIDE'));
    const api2 = client(createApp({ library: homeLibrary(dir) }));
    const list = await api2.get(`/api/tracks/${TRACK}/journal`);
    expect(list.body).toEqual({
      entries: [],
      problems: [{ path: 'journal/link.md', line: 1, message: 'is a symbolic link that leads out of the workspace; it is not read' }],
    });
    expect(await api2.get(`/api/tracks/${TRACK}/journal/entry?path=journal/link.md`)).toMatchObject({ status: 404 });
    const runs = await api2.get<Reply<'GET /tracks/:track/runs'>>(`/api/tracks/${TRACK}/runs`);
    expect(runs.body.runs).toEqual([]);
    expect(runs.body.problems[0]!.message).toContain('leads out of the workspace');
    expect(await api2.get(`/api/tracks/${TRACK}/runs/01OUTSIDE`)).toMatchObject({ status: 404 });
    for (const path of ['journal/link.md', 'papers_notes/link.md', 'visualizations/link.svg', '.trail/runs/01OUTSIDE/run.json']) {
      expect([path, (await api2.get(`/api/tracks/${TRACK}/files/${path}`)).status]).toEqual([path, 403]);
    }
    expect(JSON.stringify((await api2.get(`/api/tracks/${TRACK}/nodes/m1`)).body)).not.toContain('SECRET');
    expect(JSON.stringify((await api.get('/api/tracks')).body)).not.toContain('SECRET');
  });
});
