// A small HTTP/1.1 load generator in the way of autocannon: a fixed number of keep-alive
// connections, each sending its next request as soon as the answer to the last one is whole.
// Plain sockets and a minimal response parser, so that the client costs little next to the server.
import { connect } from 'node:net';

/**
 * @typedef {{ method: string; path: string; headers?: Record<string, string>; body?: string }} LoadRequest
 * @typedef {{ requests: number; errors: number; timeouts: number; statuses: Record<string, number>; latencies: Float64Array; seconds: number; bytes: number }} LoadResult
 */

/**
 * Sends requests over `connections` sockets for `seconds`; `next(i)` gives the i-th request.
 * A request not answered within `timeoutMs` counts as an error and its connection is replaced.
 * @param {{ url: string; connections: number; seconds: number; next: (i: number) => LoadRequest; timeoutMs?: number; onResponse?: (request: LoadRequest, status: number, body: Buffer) => void }} options
 * @returns {Promise<LoadResult>}
 */
export async function load({ url, connections, seconds, next, timeoutMs = 10_000, onResponse }) {
  const { hostname, port } = new URL(url);
  const latencies = [];
  const statuses = {};
  let sent = 0;
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;

  const loop = () =>
    new Promise((resolve) => {
      let socket;
      let buffer = Buffer.alloc(0);
      let pending;
      let timer;
      const open = () => {
        socket = connect({ host: hostname, port: Number(port), noDelay: true });
        buffer = Buffer.alloc(0);
        socket.on('data', (chunk) => {
          buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
          const response = parse(buffer);
          if (!response) return;
          buffer = buffer.subarray(response.length);
          finish(response);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          if (pending) fail(false);
        });
      };
      const finish = (response) => {
        clearTimeout(timer);
        const request = pending;
        pending = undefined;
        latencies.push(performance.now() - request.at);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        bytes += response.length;
        if (response.status >= 400) errors++;
        onResponse?.(request.request, response.status, response.body);
        send();
      };
      const fail = (timedOut) => {
        clearTimeout(timer);
        pending = undefined;
        errors++;
        if (timedOut) timeouts++;
        socket.destroy();
        open();
        send();
      };
      const send = () => {
        if (performance.now() >= end) {
          socket.end();
          resolve();
          return;
        }
        const request = next(sent++);
        const body = request.body === undefined ? undefined : Buffer.from(request.body);
        const headers = {
          host: `${hostname}:${port}`,
          connection: 'keep-alive',
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          ...request.headers,
        };
        const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`;
        pending = { request, at: performance.now() };
        timer = setTimeout(() => fail(true), timeoutMs);
        socket.write(body ? Buffer.concat([Buffer.from(head), body]) : head);
      };
      open();
      socket.once('connect', send);
    });

  await Promise.all(Array.from({ length: connections }, loop));
  const seconds_ = (performance.now() - start) / 1000;
  return { requests: latencies.length, errors, timeouts, statuses, latencies: Float64Array.from(latencies).sort(), seconds: seconds_, bytes };
}

/** The value below which `p` of the sorted latencies fall. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// One whole response at the start of `buffer` (Content-Length or chunked), or undefined.
function parse(buffer) {
  const headEnd = buffer.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const lower = head.toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(lower);
  const bodyStart = headEnd + 4;
  if (length) {
    const total = bodyStart + Number(length[1]);
    return buffer.length >= total ? { status, length: total, body: buffer.subarray(bodyStart, total) } : undefined;
  }
  if (/\r\ntransfer-encoding: *chunked/.test(lower)) {
    const parts = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
      const dataStart = lineEnd + 2;
      if (buffer.length < dataStart + size + 2) return undefined;
      if (size === 0) return { status, length: dataStart + 2, body: Buffer.concat(parts) };
      parts.push(buffer.subarray(dataStart, dataStart + size));
      at = dataStart + size + 2;
    }
  }
  // No body (204, 304) or one that ends with the connection, which keep-alive servers do not send.
  return { status, length: bodyStart, body: Buffer.alloc(0) };
}
