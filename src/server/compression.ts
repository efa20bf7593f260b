import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { chooseEncoding, type Encoding } from './cached.js';
import { isFinished } from './security.js';

const compressors: Record<Encoding, (bytes: Uint8Array) => Promise<Buffer>> = {
  br: (bytes) => promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gzip: (bytes) => promisify(gzip)(bytes),
};
// Text worth compressing; an event stream is sent as it comes, never held back to compress.
const COMPRESSIBLE = /^(?:application\/(?:json|javascript|xml)|image\/svg\+xml|text\/(?!event-stream))/i;
// An answer made for one request is compressed from this size: below it, setting up the
// compressor costs more than the bytes it saves (a write's outcome is about 1 kB).
const ON_THE_FLY_FROM_BYTES = 4 * 1024;
// Larger answers (a big workspace file) are sent as they are rather than held whole in memory.
const COMPRESS_UP_TO_BYTES = 8 * 1024 * 1024;

/**
 * Compresses answers made for one request (the outcome of a write, an error, a workspace file)
 * in Brotli or gzip, as the client's Accept-Encoding allows. Answers that are compressed already
 * (the cached reads, the pre-compressed web app) pass as they are.
 */
export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (
      isFinished(res) ||
      c.req.method === 'HEAD' ||
      res.status === 204 ||
      res.status === 206 ||
      res.status === 304 ||
      res.headers.has('Content-Encoding') ||
      !res.body
    )
      return;
    if (!COMPRESSIBLE.test(res.headers.get('Content-Type') ?? '') || /no-transform/i.test(res.headers.get('Cache-Control') ?? '')) return;
    const length = Number(res.headers.get('Content-Length') ?? Number.NaN);
    if (length < ON_THE_FLY_FROM_BYTES || length > COMPRESS_UP_TO_BYTES) return;
    const vary = res.headers.get('Vary');
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    const bytes = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    if (!vary?.toLowerCase().includes('accept-encoding')) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!encoding || bytes.length < ON_THE_FLY_FROM_BYTES || bytes.length > COMPRESS_UP_TO_BYTES) {
      c.res = new Response(bytes, { status: res.status, headers });
      return;
    }
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    const compressed = await compressors[encoding](bytes);
    c.res = new Response(new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.length), { status: res.status, headers });
  };
}
