import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from './api/types.js';
import { createApp } from '../server/app.js';
import { workspaceLibrary } from '../server/library.js';
import { client } from '../test-support/api.js';
import { trail, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

async function app(env: Record<string, string> = {}) {
  const ws = tmp();
  expect((await trail(['init', ws, '--track', 'nn-first-principles'])).code).toBe(0);
  return { ws, api: client(createApp({ library: await workspaceLibrary(ws), env })) };
}

describe('the tutor over the API', () => {
  it('answers a question as a job whose stream carries the text and then the answer with its citations', async () => {
    const { api } = await app();
    const started = await api.post<Reply<'POST /tracks/:track/tutor'>>('/api/tracks/nn-first-principles/tutor', {
      question: 'what does the causal mask do?',
      node: 'attention-mechanisms',
    });
    expect(started.status).toBe(202);
    const stream = await (await api.raw(`/api/jobs/${started.body.job}`)).text();
    expect(stream).toContain('event: text');
    const answer = JSON.parse(/event: answer\ndata: (.*)\n/.exec(stream)![1]!);
    expect(answer).toMatchObject({ mode: 'explain', llm: false, guarded: false, error: null });
    expect(answer.citations[0].node).toBe('attention-mechanisms');
  });

  it('refuses a bad body (400) and a broken tutor configuration (500, the file named) before starting anything', async () => {
    const { ws, api } = await app();
    expect(await api.post('/api/tracks/nn-first-principles/tutor', { question: '' })).toMatchObject({ status: 400 });
    expect(await api.post('/api/tracks/nn-first-principles/tutor', { question: 'x', mode: 'poetry' })).toMatchObject({ status: 400 });
    writeFileSync(join(ws, '.trail', 'tutor.json'), '{ "provider": "nobody" }');
    expect(await api.post('/api/tracks/nn-first-principles/tutor', { question: 'x' })).toMatchObject({
      status: 500,
      body: { error: { code: 'WORKSPACE_INVALID' } },
    });
  });
});
