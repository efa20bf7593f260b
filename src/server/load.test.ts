import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MILESTONES, trail, useTmpDir } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const TRACK = 'llm-engineering-mastery';

// Resident memory of a process, in MB (Linux); undefined elsewhere.
function residentMb(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

/**
 * Sends a POST whose body would be 300 MB, as fast as the server takes it, until the server
 * answers; resolves with the status line, the time it took and how much of the body went out.
 */
function hugePost(url: string, path: string, chunked: boolean): Promise<{ status: number; ms: number; sentMb: number }> {
  const { hostname, port } = new URL(url);
  const total = 300 * 1024 * 1024;
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const started = Date.now();
    let sent = 0;
    let answer = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ status: Number(answer.slice(9, 12)) || 0, ms: Date.now() - started, sentMb: sent / 1024 / 1024 });
    };
    const pump = () => {
      while (!done && sent < total) {
        const piece = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
        sent += chunk.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      const length = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`;
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`);
      pump();
    });
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (answer.includes('\r\n\r\n')) finish();
    });
    socket.on('error', () => finish());
    socket.on('close', finish);
    setTimeout(() => reject(new Error(`no answer after ${Date.now() - started} ms (${sent / 1024 / 1024} MB sent)`)), 20_000).unref();
  });
}

describe('trail serve under abuse and load (real processes)', () => {
  it('answers a 300 MB body with 413 at once, and its memory does not grow by it', async () => {
    const home = tmp();
    const server = await serve(['--home'], { TRAIL_HOME: home });
    const follow = await fetch(`${server.url}api/tracks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ track: TRACK }),
    });
    expect(follow.status).toBe(201);
    const before = residentMb(server.child.pid!);
    for (const chunked of [false, true]) {
      const answer = await hugePost(server.url, `/api/tracks/${TRACK}/journal`, chunked);
      expect([chunked, answer.status]).toEqual([chunked, 413]);
      expect(answer.ms).toBeLessThan(3000);
      expect(answer.sentMb).toBeLessThan(200);
    }
    const after = residentMb(server.child.pid!);
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(100);
    // The server still answers, and wrote nothing.
    const catalog = await fetch(`${server.url}api/tracks`);
    expect(catalog.status).toBe(200);
    expect(existsSync(join(home, TRACK, 'journal')) ? readdirSync(join(home, TRACK, 'journal')) : []).toEqual([]);
  });

  it('keeps every write of 8 clients writing at once, each exactly once', async () => {
    const home = tmp();
    // Milestones proven by statements: the engine's fixture, under the built-in track's id.
    expect((await trail(['init', join(home, TRACK), '--track', MILESTONES])).code).toBe(0);
    const server = await serve(['--home'], { TRAIL_HOME: home });
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const writers = Array.from({ length: 8 }, async (_, w) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const token = `token-${w}-${i}.`;
        const answer =
          i % 2 === 0
            ? await post(`/tracks/${TRACK}/nodes/m1/attest`, { criterion: 'exit-1', text: `I trained logistic regression, ${token}` })
            : await post(`/tracks/${TRACK}/journal`, { node: 'm1', body: `An entry, ${token}`, allowShort: true });
        statuses.push(answer.status);
        await answer.arrayBuffer();
      }
      return statuses;
    });
    const statuses = (await Promise.all(writers)).flat();
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
    const ws = join(home, TRACK);
    const texts = [
      readFileSync(join(ws, '.trail/events.jsonl'), 'utf8'),
      ...readdirSync(join(ws, 'journal')).map((name) => readFileSync(join(ws, 'journal', name), 'utf8')),
    ].join('\n');
    for (let w = 0; w < 8; w++) for (let i = 0; i < 10; i++) expect([w, i, texts.split(`token-${w}-${i}.`).length - 1]).toEqual([w, i, 1]);
    const node = await (await fetch(`${server.url}api/tracks/${TRACK}/nodes/m1`)).json();
    expect(node.journal).toHaveLength(40);
  });
});
