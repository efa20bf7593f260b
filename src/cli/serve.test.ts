import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trail, useTmpDir } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();

/** A raw HTTP request, so the Host and Origin headers are exactly what a test says. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('trail serve', () => {
  it('serves the API on loopback with security headers, and answers in the home it was given', async () => {
    const home = tmp();
    const { url } = await serve([], { TRAIL_HOME: home });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const tracks = await raw(`${url}api/tracks`);
    expect(tracks.status).toBe(200);
    expect(JSON.parse(tracks.body).mode).toBe('home');
    expect(tracks.headers['content-security-policy']).toContain("script-src 'self'");
    expect(tracks.headers['x-content-type-options']).toBe('nosniff');
  });

  it('follows a built-in track given with --track (as `npm start -- --track <id>` does) and names its page', async () => {
    const home = tmp();
    const { url, output } = await serve(['--track', 'llm-roadmap'], { TRAIL_HOME: home });
    await expect.poll(output).toContain(`Now following llm-roadmap: ${url}t/llm-roadmap (its files: ${join(home, 'llm-roadmap')})`);
    expect(existsSync(join(home, 'llm-roadmap', 'workspace.json')) || existsSync(join(home, 'llm-roadmap', '.trail'))).toBe(true);
    expect(JSON.parse((await raw(`${url}api/tracks`)).body).tracks.find((t: { id: string }) => t.id === 'llm-roadmap').following).toBe(true);
    const unknown = await trail(['serve', '--port', '0', '--track', 'no-such-track'], { env: { TRAIL_HOME: home } });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('error: no built-in track "no-such-track"');
  });

  it('refuses other Host names (DNS rebinding) and writes from other origins', async () => {
    const { url } = await serve([], { TRAIL_HOME: tmp() });
    expect((await raw(`${url}api/tracks`, { headers: { Host: 'evil.example' } })).status).toBe(403);
    const write = await raw(`${url}api/tracks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: '{"track":"llm-roadmap"}',
    });
    expect(write.status).toBe(403);
    expect(JSON.parse(write.body).error.code).toBe('FORBIDDEN');
    const own = await raw(`${url}api/tracks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url.slice(0, -1) },
      body: '{"track":"llm-roadmap"}',
    });
    expect(own.status).toBe(201);
  });

  it('refuses a non-loopback address unless --allow-remote is given', async () => {
    const refused = await trail(['serve', '--host', '0.0.0.0', '--port', '0'], { env: { TRAIL_HOME: tmp() } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to listen on 0.0.0.0');
    expect(refused.stderr).toContain('--allow-remote');
    const allowed = await serve(['--host', '0.0.0.0', '--allow-remote'], { TRAIL_HOME: tmp() });
    expect(allowed.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
  });

  it('says when the port is taken, and refuses a bad port', async () => {
    const { url } = await serve([], { TRAIL_HOME: tmp() });
    const port = new URL(url).port;
    const taken = await trail(['serve', '--port', port], { env: { TRAIL_HOME: tmp() } });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    const bad = await trail(['serve', '--port', 'http'], { env: { TRAIL_HOME: tmp() } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"http" is not a port');
  });

  it('opens the app in the browser with --open ($BROWSER), and starts the same without one', async () => {
    const dir = tmp();
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\necho "$1" > "${join(dir, 'opened')}"\n`);
    chmodSync(browser, 0o755);
    const { url } = await serve(['--open'], { TRAIL_HOME: tmp(), BROWSER: browser });
    await expect.poll(() => (existsSync(join(dir, 'opened')) ? readFileSync(join(dir, 'opened'), 'utf8').trim() : '')).toBe(url);
    const without = await serve(['--open'], { TRAIL_HOME: tmp(), BROWSER: join(dir, 'no-such-browser') });
    expect((await raw(`${without.url}api/tracks`)).status).toBe(200);
  });

  it('serves one workspace when started inside it', async () => {
    const dir = tmp();
    expect((await trail(['init', dir, '--track', 'llm-roadmap'])).code).toBe(0);
    const { url } = await serve(['--workspace', dir], {});
    const tracks = JSON.parse((await raw(`${url}api/tracks`)).body);
    expect(tracks).toMatchObject({ mode: 'workspace', tracks: [{ id: 'llm-roadmap' }] });
  });
});
