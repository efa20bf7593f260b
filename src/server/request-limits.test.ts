import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorBody, httpErrorOf } from './http-error.js';
import { maxBody, requestDeadline } from './request-limits.js';

// A tiny app with the limits, whose write waits `ms` before it would write, and says whether it did.
function app(timeoutMs: number) {
  const written: string[] = [];
  const hono = new Hono();
  hono.use(requestDeadline(timeoutMs));
  hono.post('/write/:ms', maxBody(16), async (c) => {
    const signal = c.get('signal');
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.param('ms'))));
    if (!signal.aborted) written.push(await c.req.text());
    return c.json({ written: !signal.aborted });
  });
  hono.onError((error, c) => {
    const http = httpErrorOf(error);
    return c.json(errorBody(http), http.status);
  });
  return { hono, written };
}

describe('request limits', () => {
  it('answers 503 TIMEOUT past the deadline, and the work after it writes nothing', async () => {
    const { hono, written } = app(50);
    const quick = await hono.request('/write/0', { method: 'POST', body: 'a' });
    expect(await quick.json()).toEqual({ written: true });
    const slow = await hono.request('/write/150', { method: 'POST', body: 'b' });
    expect(slow.status).toBe(503);
    expect(await slow.json()).toMatchObject({
      error: { code: 'TIMEOUT', message: 'the request took longer than 0.05 s; what it had not written yet was not written' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(written).toEqual(['a']);
  });

  it('aborts the work of a request whose client went away', async () => {
    const { hono, written } = app(1000);
    const gone = new AbortController();
    const answer = hono.request('/write/50', { method: 'POST', body: 'c', signal: gone.signal });
    gone.abort();
    await answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toEqual([]);
  });

  it('answers 413 BODY_TOO_LARGE over the limit', async () => {
    const { hono, written } = app(1000);
    const answer = await hono.request('/write/0', { method: 'POST', body: 'x'.repeat(17), headers: { 'content-length': '17' } });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({
      error: {
        code: 'BODY_TOO_LARGE',
        message: 'POST /write/0: the request body is larger than 16 bytes',
        hint: 'send a smaller body (docs/api.md gives the limit of each route)',
      },
    });
    expect(written).toEqual([]);
  });
});
