import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { TrailError, type ErrorCode } from '../core/errors.js';

/** An error the API answers with: an HTTP status and the `{ error: { code, message, hint } }` body. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const statusByCode: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  USAGE: 400,
  STATEMENT_TOO_SHORT: 400,
  LINK_MISSING: 400,
  ENTRY_TOO_SHORT: 400,
  ANSWERS_INVALID: 400,
  METRICS_INVALID: 400,
  ARTIFACT_INVALID: 400,
  TRACK_NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  NODE_NOT_FOUND: 404,
  CRITERION_NOT_FOUND: 404,
  NO_HINTS: 404,
  FILE_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  NODE_LOCKED: 409,
  NOT_OPTIONAL: 409,
  WORKSPACE_EXISTS: 409,
  EXPORT_EDITED: 409,
  USER_NOT_FOUND: 404,
  COHORT_NOT_FOUND: 404,
  LOGIN_FAILED: 401,
  NOT_SIGNED_IN: 401,
  LOGIN_LIMITED: 429,
  FORBIDDEN: 403,
};

/** The one place where errors become HTTP answers: a TrailError by its code, anything else as 500. */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // What Hono's own middleware throws (the request timeout).
  if (error instanceof HTTPException) return new HttpError(error.status as ContentfulStatusCode, error.status === 503 ? 'TIMEOUT' : `HTTP_${error.status}`, error.message);
  if (error instanceof TrailError) return new HttpError(statusByCode[error.code] ?? 500, error.code, error.message, error.hint);
  return new HttpError(500, 'INTERNAL', error instanceof Error ? error.message : String(error));
}

/** The JSON body of an error answer. */
export function errorBody(error: HttpError): { error: { code: string; message: string; hint?: string } } {
  return { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}
