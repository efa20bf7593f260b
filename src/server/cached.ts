import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { markFinished, SECURITY_HEADERS } from './security.js';

/** Answers under this size are sent as they are: compressing them saves less than it costs. */
export const COMPRESS_FROM_BYTES = 1024;
// Quality 5 of Brotli compresses JSON about as well as gzip's best, in a fraction of the time of 11.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

/** A JSON answer made once and sent many times: its bytes, its entity tag, and each compressed form once asked for. */
export class CachedJson<T = unknown> {
  /** What the bytes hold, for the type checker only: an answer is checked against its route's response. */
  declare readonly value: T;
  readonly bytes: Bytes;
  readonly etag: string;
  private encoded = new Map<Encoding, Bytes>();

  constructor(value: T) {
    const text = Buffer.from(JSON.stringify(value));
    this.bytes = new Uint8Array(text.buffer as ArrayBuffer, text.byteOffset, text.length);
    this.etag = `"${createHash('sha1').update(this.bytes).digest('base64url')}"`;
  }

  /** The bytes in an encoding (compressed the first time). */
  encode(encoding: Encoding): Bytes {
    let bytes = this.encoded.get(encoding);
    if (!bytes) this.encoded.set(encoding, (bytes = compress(encoding, this.bytes)));
    return bytes;
  }
}

export type Encoding = 'br' | 'gzip';
type Bytes = Uint8Array<ArrayBuffer>;

/** The compressed bytes of a body. */
export function compress(encoding: Encoding, bytes: Uint8Array): Bytes {
  const compressed = encoding === 'br' ? brotliCompressSync(bytes, BROTLI) : gzipSync(bytes);
  return new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.length);
}

/** The encoding to answer in, from `Accept-Encoding`: Brotli, else gzip, else none (a `q=0` refuses one). */
export function chooseEncoding(accept: string | undefined): Encoding | undefined {
  if (!accept) return undefined;
  let gzip = false;
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (params.some((param) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(param))) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === '*') gzip = true;
  }
  return gzip ? 'gzip' : undefined;
}

/**
 * Sends a cached answer: 304 when the client has it already, else compressed when it accepts
 * it. The response is made whole here (with the security headers) as a plain body and plain
 * headers, which the Node adapter writes straight out: a cached read costs little more than
 * the bare framework's own answer.
 */
export function sendCached(c: Context, body: CachedJson<unknown>): Response {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json',
    ETag: body.etag,
    Vary: 'Accept-Encoding',
    'Cache-Control': 'no-cache',
  };
  if (c.req.header('if-none-match') === body.etag) return markFinished(new Response(null, { status: 304, headers }));
  const encoding = body.bytes.length >= COMPRESS_FROM_BYTES ? chooseEncoding(c.req.header('accept-encoding')) : undefined;
  if (encoding) headers['Content-Encoding'] = encoding;
  return markFinished(new Response(encoding ? body.encode(encoding) : body.bytes, { status: 200, headers }));
}

// What was made from each snapshot, by what was asked; forgotten with the snapshot.
const made = new WeakMap<object, Map<string, CachedJson<unknown>>>();
// Keys a client chooses (a query value) could otherwise grow one snapshot's answers without end.
const MAX_PER_SNAPSHOT = 256;

/** The answer for `key` made from `snapshot`: made once per snapshot, then given again. */
export function cachedFor<T>(snapshot: object, key: string, make: () => T): CachedJson<T> {
  let answers = made.get(snapshot);
  if (!answers) made.set(snapshot, (answers = new Map()));
  let body = answers.get(key);
  if (!body) {
    if (answers.size >= MAX_PER_SNAPSHOT) answers.clear();
    answers.set(key, (body = new CachedJson(make())));
  }
  // The key names what was made: the same key always holds the same kind of answer.
  return body as CachedJson<T>;
}
