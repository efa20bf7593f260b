import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TrailError } from '../core/errors.js';
import { STATUS_BY_CODE, type ApiErrorCode, type ErrorStatus } from './api/index.js';

/** An error the API answers with: its code, the status the code has (src/server/api/statuses.ts), and the `{ error: { code, message, hint } }` body. */
export class HttpError extends Error {
  readonly status: ErrorStatus;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }
}

/** The one place where errors become HTTP answers: a TrailError by its code, anything else as 500. */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // What Hono's own middleware throws: the request timeout (requestDeadline) is the only one in use.
  if (error instanceof HTTPException && error.status === 503) return new HttpError('TIMEOUT', error.message);
  if (error instanceof TrailError) return new HttpError(error.code, error.message, error.hint);
  return new HttpError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** The JSON body of an error answer. */
export function errorBody(error: HttpError): { error: { code: ApiErrorCode; message: string; hint?: string } } {
  return { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}

/** The app's error handler: the error's answer, and a defect (only) on the server's console. */
export function answerError(error: Error, c: Context): Response {
  const http = httpErrorOf(error);
  // A broken workspace file is told to the client, and a request whose client went away has nobody to answer.
  if (http.code === 'INTERNAL' && !c.req.raw.signal.aborted) console.error(error);
  return c.json(errorBody(http), http.status);
}
