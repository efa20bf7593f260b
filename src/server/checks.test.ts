import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from './api/types.js';
import { readJobEvents, workspaceApp, type JobEvent } from '../test-support/api.js';
import type { JsonError } from '../test-support/cli-json.js';
import { overview, ROOT, trail, useTmpDir, writeTree } from '../test-support/cli.js';

const tmp = useTmpDir();
const FIXTURE = join(ROOT, 'src/runner/fixtures/verify-track');
const NODE = '/api/tracks/verify-fixture/nodes/gradient-descent';

async function workspace(): Promise<string> {
  const dir = tmp();
  expect((await trail(['init', dir, '--track', FIXTURE])).code).toBe(0);
  return dir;
}

/** Reads a whole Server-Sent Events stream into its events. */
async function events(response: Response): Promise<JobEvent[]> {
  return readJobEvents(await response.text());
}

describe('running a check from the web app', () => {
  it('streams the output, then the result contract, then the node state; the run is an experiment with a chart', async () => {
    const ws = await workspace();
    cpSync(join(FIXTURE, '01-gradient-descent/solution'), join(ws, '01-gradient-descent'), { recursive: true });
    writeFileSync(
      join(ws, '01-gradient-descent/gd.py'),
      `print("hello from the learner")\n${(await import('node:fs')).readFileSync(join(ws, '01-gradient-descent/gd.py'), 'utf8')}`,
    );
    const api = await workspaceApp(ws);
    const started = await api.post<Reply<'POST /tracks/:track/nodes/:node/checks'>>(`${NODE}/checks`, {});
    expect(started.status).toBe(202);
    const stream = await api.raw(`/api/jobs/${started.body.job}`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const received = await events(stream);
    expect(received[0]).toEqual({ event: 'start', data: { criterion: 'converges', command: 'python3 gd.py', timeout: '30s' } });
    expect(
      received
        .filter((e) => e.event === 'output')
        .map((e) => e.data.text)
        .join(''),
    ).toContain('hello from the learner');
    const result = received.find((e) => e.event === 'result')!;
    expect(result.data).toMatchObject({ dir: '01-gradient-descent', result: { version: 1, status: 'pass' } });
    expect(received.at(-1)).toMatchObject({ event: 'done', data: { node: { id: 'gradient-descent', status: 'done' } } });

    // A client that comes late gets every event again.
    expect((await events(await api.raw(`/api/jobs/${started.body.job}`))).map((e) => e.event)).toEqual(received.map((e) => e.event));

    // The node's check criterion names that run as its evidence, and says the check ran and passed.
    const page = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(NODE);
    expect(page.body.node.criteria.find((c) => c.id === 'converges')).toMatchObject({
      state: 'met',
      detail: `latest run ${result.data.runId.slice(-8)} passed (measured)`,
      evidence: { kind: 'run', runId: result.data.runId, provenance: 'measured', status: 'pass' },
      check: { state: 'passed', status: 'pass', runId: result.data.runId, provenance: 'measured' },
    });

    // Each run in the list says where its numbers come from: a check measured them, or the learner typed them.
    const logged = await trail(['log', '--node', 'gradient-descent', '--objective', 'a number typed by hand', '--metric', 'loss=0.001'], { cwd: ws });
    expect(logged.code, logged.stderr).toBe(0);
    const runs = await api.get<Reply<'GET /tracks/:track/runs'>>('/api/tracks/verify-fixture/runs?node=gradient-descent');
    expect(runs.body.runs.map(({ kind, provenance, status, objective }) => ({ kind, provenance, status, objective }))).toEqual([
      { kind: 'manual', provenance: 'reported', status: null, objective: 'a number typed by hand' },
      { kind: 'check', provenance: 'measured', status: 'pass', objective: null },
    ]);
    expect(runs.body.runs[1]).toMatchObject({ id: result.data.runId, kind: 'check', status: 'pass' });
    const run = await api.get<Reply<'GET /tracks/:track/runs/:id'>>(`/api/tracks/verify-fixture/runs/${result.data.runId}`);
    expect(run.body.charts.map((chart) => chart.metric).sort()).toEqual(['loss', 'x']);
    expect(run.body.charts[0]?.spec).toHaveProperty('$schema', expect.stringContaining('vega-lite'));
    const plot = await api.raw(`/api/tracks/verify-fixture/files/visualizations/${result.data.runId}-loss.svg`);
    expect(plot.status).toBe(200);
    expect(plot.headers.get('content-type')).toContain('image/svg+xml');
    expect(plot.headers.get('content-security-policy')).toMatch(/^sandbox/);
  });

  it('reports a failing starter as fail, and refuses bad check requests', async () => {
    const ws = await workspace();
    const api = await workspaceApp(ws);
    expect(await api.post(`${NODE}/checks`, { criterion: 'nope' })).toMatchObject({ status: 404, body: { error: { code: 'CRITERION_NOT_FOUND' } } });
    expect(await api.post(`${NODE}/checks`, { criterion: 3 })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await api.post('/api/tracks/verify-fixture/nodes/autograd-quiz/checks', {})).toMatchObject({
      status: 404,
      body: { error: { code: 'CRITERION_NOT_FOUND' } },
    });
    expect(await api.get('/api/jobs/nope')).toMatchObject({ status: 404 });
    const started = await api.post<Reply<'POST /tracks/:track/nodes/:node/checks'>>(`${NODE}/checks`, {});
    expect(await api.post(`${NODE}/checks`, {})).toMatchObject({ status: 409, body: { error: { code: 'CHECK_RUNNING' } } });
    const received = await events(await api.raw(`/api/jobs/${started.body.job}`));
    const result = received.find((e) => e.event === 'result')!;
    expect(result.data.result.status).toBe('fail');
    expect(received.at(-1)).toMatchObject({ event: 'done', data: { node: { status: 'in_progress' } } });
    // The run's page keeps what failed, with what was expected and seen.
    const run = await api.get<Reply<'GET /tracks/:track/runs/:id'>>(`/api/tracks/verify-fixture/runs/${result.data.runId}`);
    expect(run.body.folder).toBe('01-gradient-descent');
    expect(run.body.result?.status).toBe('fail');
    expect(run.body.result?.tests.filter((t) => t.status === 'fail').map((t) => [t.name, t.expected, t.actual])).toEqual([
      ['metric: last x ≈ 3 ± 0.01', 'last x ≈ 3 ± 0.01', '0'],
      ['metric: loss decreasing (within 0.000001)', 'loss decreasing (within 0.000001)', '100 values, last 9'],
      ['file visualizations/loss.svg exists', 'the file', 'no such file'],
    ]);
    const { runId } = result.data;
    const page = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>(NODE);
    expect(page.body.node.criteria.find((c) => c.id === 'converges')).toMatchObject({
      state: 'unmet',
      detail: `latest run ${runId.slice(-8)}: fail`,
      check: { state: 'failed', status: 'fail', runId, provenance: 'measured' },
    });
  });

  it('tells a check skipped for a missing need, with the reason, and one not run yet as pending', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: needy\ntitle: Needs\n',
      'one/overview.md': overview(`
id: one
title: One
criteria:
  - kind: check
    id: full
    needs: [no_such_module_for_trail_tests]
    run: python3 main.py
  - kind: check
    id: core
    run: python3 main.py
`),
      'one/main.py': 'print("ok")\n',
    });
    const ws = tmp();
    expect((await trail(['init', ws, '--track', track])).code).toBe(0);
    const api = await workspaceApp(ws);
    const started = await api.post<Reply<'POST /tracks/:track/nodes/:node/checks'>>('/api/tracks/needy/nodes/one/checks', { criterion: 'full' });
    const received = await events(await api.raw(`/api/jobs/${started.body.job}`));
    expect(received.find((e) => e.event === 'result')!.data.result.status).toBe('skipped');
    const page = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/needy/nodes/one');
    expect(page.status).toBe(200);
    const [full, core] = page.body.node.criteria;
    expect(full).toMatchObject({
      state: 'unmet',
      evidence: {
        kind: 'skipped',
        reason: expect.stringMatching(/^needs no_such_module_for_trail_tests \(python3 cannot import no_such_module_for_trail_tests/),
      },
      check: {
        state: 'skipped',
        reason: expect.stringMatching(/^needs no_such_module_for_trail_tests \(python3 cannot import no_such_module_for_trail_tests/),
      },
    });
    expect(core).toMatchObject({ state: 'unmet', detail: 'not run yet', evidence: null, check: { state: 'pending' } });
  });
});

describe('workspace files', () => {
  it('serves files inside the workspace and refuses traversal, hidden files and symlinks out', async () => {
    const ws = await workspace();
    const outside = tmp();
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    mkdirSync(join(ws, 'visualizations'), { recursive: true });
    writeFileSync(join(ws, 'visualizations/ok.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'visualizations/link.txt'));
    const api = await workspaceApp(ws);
    const files = '/api/tracks/verify-fixture/files';
    const ok = await api.raw(`${files}/visualizations/ok.svg`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain('sandbox');
    for (const path of [
      '..%2F..%2Fetc%2Fpasswd',
      'visualizations%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '.trail/workspace.json',
      '%2Fetc%2Fpasswd',
      'visualizations/link.txt',
      'visualizations/%00x',
      '%E0%A4%A',
    ]) {
      const answer = await api.get<Partial<JsonError>>(`${files}/${path}`);
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    // Dot segments, even percent-encoded, are resolved by URL parsing before routing: such a path never reaches the files route.
    for (const path of ['../../../etc/passwd', '%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
      const answer = await api.get<Partial<JsonError>>(`${files}/${path}`);
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 404, 'NO_ROUTE']);
    }
    expect(await api.get(`${files}/visualizations/none.svg`)).toMatchObject({ status: 404 });
  });
});
