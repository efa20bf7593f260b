import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { HttpError } from './http-error.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Aborted when the request's work is no longer wanted: its client went away, or it ran past the time limit. */
    signal: AbortSignal;
    abandon: (reason: unknown) => void;
  }
}

/** How long a request may take before it is answered 503 and its uncommitted work abandoned. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Gives each request a signal that aborts when its client closes the connection or when it
 * runs past `ms` (then answered 503 `TIMEOUT`). Writes pass the signal on: what was not
 * committed when it aborts is never written.
 */
export function requestDeadline(ms = REQUEST_TIMEOUT_MS): MiddlewareHandler {
  const deadline = timeout(ms, (c) => {
    const error = new HTTPException(503, { message: `the request took longer than ${ms / 1000} s; what it had not written yet was not written` });
    c.get('abandon')?.(error);
    return error;
  });
  return async (c, next) => {
    // Reads write nothing: they need no signal (making one costs every request a little).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return deadline(c, next);
    const controller = new AbortController();
    const client = c.req.raw.signal;
    const gone = () => controller.abort(client.reason);
    if (client.aborted) gone();
    else client.addEventListener('abort', gone, { once: true });
    c.set('signal', controller.signal);
    c.set('abandon', (reason) => controller.abort(reason));
    try {
      await deadline(c, next);
    } finally {
      client.removeEventListener('abort', gone);
    }
  };
}

/**
 * Refuses a request body larger than `bytes` with 413 `BODY_TOO_LARGE`: at once when its
 * Content-Length says so, or as soon as that many bytes of a chunked body came in. The rest is
 * never read into memory.
 */
export function maxBody(bytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: bytes,
    onError: (c: Context) => {
      throw new HttpError(
        'BODY_TOO_LARGE',
        `${c.req.method} ${c.req.path}: the request body is larger than ${bytes >= 1024 ? `${bytes / 1024} kB` : `${bytes} bytes`}`,
        'send a smaller body (docs/api.md gives the limit of each route)',
      );
    },
  });
}

/** Body limits of the routes that take one: each holds its largest valid input with room to spare. */
export const BODY_LIMITS = {
  /** Routes that take no body (skip, hints) or a few fields (follow, practice, checks, review). */
  small: 16 * 1024,
  /** An attestation (20,000 characters at most, up to 4 bytes each). */
  attest: 96 * 1024,
  /** A quiz attempt's answers. */
  quiz: 256 * 1024,
  /** A journal entry (200,000 characters at most, up to 4 bytes each). */
  journal: 1024 * 1024,
  /** A question to the tutor with its conversation (4,000 + 20 × 20,000 characters at most, up to 4 bytes each). */
  tutor: 2 * 1024 * 1024,
} as const;
