import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from './api/types.js';
import { homeApp, workspaceApp } from '../test-support/api.js';
import { trail, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

/** What the test reads of the OpenAPI document. */
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
}
const TRACK = 'llm-engineering-mastery';

describe('the catalog and following a track', () => {
  it('lists the built-in tracks; following one creates its workspace in the home and shows progress', async () => {
    const home = tmp();
    const api = homeApp(home);
    const before = await api.get<Reply<'GET /tracks'>>('/api/tracks');
    expect(before.status).toBe(200);
    expect(before.body.mode).toBe('home');
    expect(before.body.tracks.map((t) => t.id)).toEqual([
      'first-principles-to-agents',
      'learning-path',
      'llm-engineering-mastery',
      'llm-roadmap',
      'nn-first-principles',
    ]);
    expect(before.body.tracks.every((t) => !t.following && t.progress === null)).toBe(true);

    const follow = await api.post('/api/tracks', { track: TRACK });
    expect(follow).toMatchObject({ status: 201, body: { track: TRACK } });
    expect(existsSync(join(home, TRACK, '.trail/workspace.json'))).toBe(true);
    expect((await api.post('/api/tracks', { track: TRACK })).status).toBe(200);

    const after = await api.get<Reply<'GET /tracks'>>('/api/tracks');
    expect(after.body.tracks.find((t) => t.id === TRACK)).toMatchObject({ following: true, nodes: 14, progress: { done: 0, total: 14 } });
  });

  it('refuses bad follow requests with a JSON error naming the field', async () => {
    const api = homeApp(tmp());
    expect(await api.post('/api/tracks', { track: 'no-such-track' })).toMatchObject({ status: 404, body: { error: { code: 'TRACK_NOT_FOUND' } } });
    expect(await api.post('/api/tracks', { track: '../../etc' })).toMatchObject({ status: 404, body: { error: { code: 'TRACK_NOT_FOUND' } } });
    expect(await api.post('/api/tracks', {})).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'body.track: Invalid input: expected string, received undefined' } },
    });
    expect(await api.post('/api/tracks', '{not json')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'body: not valid JSON' } },
    });
    expect(await api.post('/api/tracks', { track: TRACK, extra: 1 })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
  });

  it('says that nobody is signed in to a personal server', async () => {
    expect(await homeApp(tmp()).get('/api/auth/me')).toMatchObject({ status: 200, body: { user: null } });
  });

  it('answers 404 for a track not followed and for unknown API routes', async () => {
    const api = homeApp(tmp());
    expect(await api.get(`/api/tracks/${TRACK}`)).toMatchObject({ status: 404, body: { error: { code: 'TRACK_NOT_FOLLOWED' } } });
    expect(await api.get('/api/nope')).toMatchObject({ status: 404, body: { error: { code: 'NO_ROUTE' } } });
  });
});

describe('a track and its graph', () => {
  it('gives nodes with status, the edges the rules make, progress and the estimate', async () => {
    const api = homeApp(tmp());
    await api.post('/api/tracks', { track: TRACK });
    const { body } = await api.get<Reply<'GET /tracks/:track'>>(`/api/tracks/${TRACK}?hoursPerWeek=10`);
    expect(body.track).toMatchObject({ id: TRACK, rules: ['sequential', 'phase-gate'] });
    expect(body.nodes.map((n) => `${n.id}:${n.status}`).slice(0, 3)).toEqual(['m1:available', 'm2:locked', 'm3:locked']);
    expect(body.edges).toContainEqual({ from: 'm1', to: 'm2', gate: false });
    expect(body.edges).toContainEqual({ from: 'phase:foundations', to: 'phase:transformers', gate: true });
    expect(body.estimate.hoursPerWeek).toBe(10);
    expect(body.progress).toMatchObject({ done: 0, total: 14 });
    expect(await api.get(`/api/tracks/${TRACK}?hoursPerWeek=-1`)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
  });

  it('lays the graph out once per track version and keeps it in the workspace', async () => {
    const home = tmp();
    const api = homeApp(home);
    await api.post('/api/tracks', { track: TRACK });
    const { body: layout } = await api.get<Reply<'GET /tracks/:track/layout'>>(`/api/tracks/${TRACK}/layout`);
    expect(Object.keys(layout.nodes)).toHaveLength(14);
    expect(Object.keys(layout.groups)).toEqual(['foundations', 'transformers', 'llm-training', 'applications']);
    expect(layout.nodes.m1).toMatchObject({ group: 'foundations', width: 220, height: 64 });
    // Phases go left to right, as the gates order them.
    expect(layout.groups.transformers!.x).toBeGreaterThan(layout.groups.foundations!.x);
    const kept = JSON.parse(readFileSync(join(home, TRACK, '.trail/layout.json'), 'utf8'));
    expect(kept).toEqual(layout);
  });

  it('turns practice mode on as `trail practice on` does, and validates the body', async () => {
    const home = tmp();
    const api = homeApp(home);
    await api.post('/api/tracks', { track: TRACK });
    expect(await api.put(`/api/tracks/${TRACK}/practice`, { on: true })).toMatchObject({ status: 200, body: { practice: true } });
    const status = await trail(['status', '--json'], { cwd: join(home, TRACK) });
    expect(JSON.parse(status.stdout).practice).toBe(true);
    expect(await api.put(`/api/tracks/${TRACK}/practice`, { on: 'yes' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'body.on: Invalid input: expected boolean, received string' } },
    });
  });

  it('serves one workspace as the only track and refuses to follow others', async () => {
    const dir = tmp();
    expect((await trail(['init', dir, '--track', 'nn-first-principles'])).code).toBe(0);
    const api = await workspaceApp(dir);
    const { body } = await api.get('/api/tracks');
    expect(body).toMatchObject({ mode: 'workspace', tracks: [{ id: 'nn-first-principles', following: true }] });
    expect(await api.post('/api/tracks', { track: TRACK })).toMatchObject({ status: 409, body: { error: { code: 'WORKSPACE_MODE' } } });
  });

  it('describes its routes in an OpenAPI document generated from the input schemas', async () => {
    const { body } = await homeApp(tmp()).get<OpenApi>('/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(body.paths['/tracks/{track}/nodes/{node}/attest']?.post?.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string' } },
    });
  });
});
