import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { requestOf } from './api/paths.js';
import { API, ROUTES } from './api/routes.js';
import type { Input, JsonRouteKey, Reply } from './api/types.js';
import { homeLibrary, workspaceLibrary } from './library.js';
import { startServer, type RunningServer } from './serve.js';
import { overview, trail, useTmpDir, writeTree } from '../test-support/cli.js';
import { QUIZ, RIGHT } from '../test-support/quiz-track.js';
import { readJobEvents, type JobEvent } from '../test-support/api.js';

const tmp = useTmpDir();
const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

// A track with something for every route: phases, a node with an exercise, hints, a quiz, a
// check that logs metrics, a journal criterion; an optional node to skip; a node it unlocks.
const METRICS = `import json, os
with open(os.environ["TRAIL_METRICS"], "a") as out:
    for step, loss in enumerate([0.9, 0.5, 0.2]):
        out.write(json.dumps({"name": "loss", "value": loss, "step": step}) + "\\n")
print("trained")
`;
const A = `id: a
title: Autograd
phase: basics
duration: 2h
objectives: [Trace a graph]
mvu: The chain rule, node by node
resources:
  - { title: micrograd, url: "https://github.com/karpathy/micrograd", type: repo }
tools: [python]
exercise:
  text: Train it.
  files: [main.py]
  hints: [Start from the loss., Walk the graph backwards.]
criteria:
  - { kind: attest, id: did, text: I traced a graph, minLength: 10 }
  - { kind: quiz }
  - { kind: check, id: trains, text: The loss falls below 1, run: python3 main.py, timeout: 30s, files: [main.py], expect: { metrics: [{ metric: loss, of: last, op: "<", value: 1 }] } }
  - { kind: journal, minWords: 5 }`;

async function served(): Promise<{ url: string; ws: string }> {
  const root = tmp();
  writeTree(root, {
    'track/track.yaml':
      'id: ct\ntitle: Contract track\nsummary: Every route once.\nrules: [prerequisites, phase-gate]\nphases:\n  - { id: basics, title: Basics }\n  - { id: more, title: More }\n',
    'track/a/overview.md': overview(A, '# Autograd\n\nRead this.'),
    'track/a/quiz.md': QUIZ,
    'track/a/main.py': METRICS,
    'track/x/overview.md': overview('id: x\ntitle: Extra\nphase: basics\noptional: true\nanytime: true\ncriteria:\n  - { kind: attest, text: I read it }'),
    'track/b/overview.md': overview('id: b\ntitle: Networks\nphase: more\nrequires: [a]\ncriteria:\n  - { kind: attest, text: I built one }'),
  });
  const ws = `${root}/ws`;
  expect((await trail(['init', ws, '--track', `${root}/track`])).code).toBe(0);
  const server = await startServer({ library: await workspaceLibrary(ws), host: '127.0.0.1', port: 0, allowRemote: false });
  servers.push(server);
  return { url: server.url, ws };
}

/** Calls routes of a server over HTTP and checks each answer against its route's schema; remembers which were called. */
function caller(url: string, called: Set<JsonRouteKey>) {
  return async <K extends JsonRouteKey>(route: K, input: Input<K>, status = Number(Object.keys(API[route].responses)[0])): Promise<Reply<K>> => {
    const { method, path, body } = requestOf(route, input);
    const response = await fetch(new URL(`api${path}`, url), {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const json: unknown = await response.json();
    expect([route, response.status], JSON.stringify(json).slice(0, 500)).toEqual([route, status]);
    const schema = (API[route].responses as Record<number, z.ZodType>)[status]!;
    const parsed = schema.safeParse(json);
    expect(parsed.success ? [] : parsed.error.issues, `${route}: ${JSON.stringify(json).slice(0, 500)}`).toEqual([]);
    called.add(route);
    return json as Reply<K>;
  };
}

/** The events of a job's stream, each checked against the schema of its name. */
async function jobEvents(url: string, job: string): Promise<JobEvent[]> {
  const response = await fetch(new URL(`api/jobs/${job}`, url));
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return readJobEvents(await response.text());
}

describe('every answer of the API is what its route declares, on a real server over HTTP', () => {
  it('answers each JSON route with its schema, streams job events of theirs, and serves files', async () => {
    const { url, ws } = await served();
    const called = new Set<JsonRouteKey>();
    const call = caller(url, called);
    const track = 'ct';
    const a = { track, node: 'a' };

    await call('GET /tracks', { params: {} });
    await call('GET /tracks/:track', { params: { track }, query: { hoursPerWeek: 5 } });
    await call('GET /tracks/:track/layout', { params: { track } });
    await call('GET /tracks/:track/nodes/:node', { params: a });
    await call('PUT /tracks/:track/practice', { params: { track }, body: { on: true } });
    await call('PUT /tracks/:track/practice', { params: { track }, body: { on: false } });
    await call('POST /tracks/:track/nodes/:node/attest', { params: a, body: { criterion: 'did', text: 'I traced a graph by hand.' } });
    expect((await call('POST /tracks/:track/nodes/:node/hints', { params: a })).hints).toEqual({ total: 2, shown: ['Start from the loss.'] });
    await call('POST /tracks/:track/nodes/:node/skip', { params: { track, node: 'x' } });

    const quiz = await call('GET /tracks/:track/nodes/:node/quiz', { params: a, query: { seed: 7 } });
    expect(quiz.questions).toHaveLength(5);
    await call('POST /tracks/:track/nodes/:node/quiz', { params: a, body: { answers: { ...RIGHT, derivative: 1 } } });
    const review = await call('GET /tracks/:track/review', { params: { track } });
    expect(review.due).toHaveLength(1);
    await call('POST /tracks/:track/review', { params: { track }, body: { card: review.due[0]!.id, response: 6, durationMs: 4000 } });
    await call('POST /tracks/:track/nodes/:node/quiz', { params: a, body: { answers: RIGHT } });

    const saved = await call('POST /tracks/:track/journal', {
      params: { track },
      body: { node: 'a', title: 'What I learned', tags: ['a'], body: 'The chain rule, applied backwards through the graph.' },
    });
    await call('GET /tracks/:track/journal', { params: { track } });
    await call('GET /tracks/:track/journal/entry', { params: { track }, query: { path: saved.entry.path } });

    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { job } = await call('POST /tracks/:track/nodes/:node/checks', { params: a, body: {} });
      const events = await jobEvents(url, job);
      expect([events[0]!.event, events.at(-2)!.event, events.at(-1)!.event]).toEqual(['start', 'result', 'done']);
      runIds.push(events.find((event) => event.event === 'result')!.data.runId);
    }
    expect(
      (
        await trail(
          ['log', '--node', 'a', '--objective', 'A slower rate', '--param', 'lr=0.01', '--metric', 'loss=0.9', '--metric', 'loss=0.7', '--notes', 'slow'],
          { cwd: ws },
        )
      ).code,
    ).toBe(0);
    const runs = await call('GET /tracks/:track/runs', { params: { track } });
    expect(runs.runs.map((run) => run.kind)).toEqual(['manual', 'check', 'check']);
    for (const run of runs.runs) await call('GET /tracks/:track/runs/:id', { params: { track, id: run.id } });
    await call('GET /tracks/:track/compare', { params: { track }, query: { a: runIds[0]!, b: runs.runs[0]!.id } });

    // The node page and the track again, now with runs, results, journal entries and a node done.
    const page = await call('GET /tracks/:track/nodes/:node', { params: a });
    expect(Object.keys(page.latest)).toEqual(['trains']);
    expect((await call('GET /tracks/:track', { params: { track } })).nodes.find((node) => node.id === 'a')!.status).toBe('done');

    const { job } = await call('POST /tracks/:track/tutor', { params: { track }, body: { question: 'What does backward compute?', node: 'a' } });
    expect((await jobEvents(url, job)).at(-1)!.event).toBe('answer');

    const plot = await fetch(new URL(`api/tracks/${track}/files/visualizations/${runIds[0]}-loss.svg`, url));
    expect([plot.status, plot.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    await call('GET /openapi.json', { params: {} });
    expect(await call('GET /auth/me', { params: {} })).toEqual({ user: null });

    // Following a track is for the home, with the built-in tracks.
    const home = await startServer({ library: homeLibrary(tmp()), host: '127.0.0.1', port: 0, allowRemote: false });
    servers.push(home);
    await caller(home.url, called)('POST /tracks', { params: {}, body: { track: 'nn-first-principles' } }, 201);
    await caller(home.url, called)('GET /tracks', { params: {} });

    const json = (Object.keys(ROUTES) as Array<keyof typeof ROUTES>).filter((route) => 'responses' in ROUTES[route]);
    expect([...called].sort()).toEqual(json.sort());
  }, 60_000);
});
