import type { ErrorCode } from '../../core/errors.js';

/** Codes only the server answers with, beside the domain's own (src/core/errors.ts). */
export type ServerErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'NO_ROUTE'
  | 'TRACK_NOT_FOLLOWED'
  | 'NOT_DUE'
  | 'WORKSPACE_MODE'
  | 'BODY_TOO_LARGE'
  | 'TIMEOUT'
  | 'INTERNAL';

/** Every code an error answer of the API can carry. */
export type ApiErrorCode = ErrorCode | ServerErrorCode;

/** The statuses errors are answered with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503;

/**
 * The HTTP status of every error code, chosen once. A code added to ErrorCode without a status
 * here fails the type check. The groups:
 * - 400: the request itself is wrong (a field, a learner's text that a criterion refuses).
 * - 401: team mode: nobody is signed in, or the sign-in failed. 429: too many failed sign-ins.
 * - 404: what the request names does not exist.
 * - 409: the request is valid but the state of things refuses it now. NODE_LOCKED is 409, not 403:
 *   finishing the prerequisites opens the node, whoever asks; 403 is kept for who may ask at all.
 * - 413: too large. 422: a file a person wrote (the track, a quiz, a note's front matter) cannot be
 *   read as such; the request was fine, the content it reaches is not.
 * - 500: the server's own records are broken, or a defect. 502: a server Trailguide talks to (an LRS) failed.
 * - 503: the work was stopped before it finished (a time limit, an interruption); it can be asked again.
 */
export const STATUS_BY_CODE = {
  USAGE: 400,
  BAD_REQUEST: 400,
  STATEMENT_TOO_SHORT: 400,
  LINK_MISSING: 400,
  ENTRY_TOO_SHORT: 400,
  ANSWERS_INVALID: 400,
  METRICS_INVALID: 400,
  CURSOR_INVALID: 400,
  ARTIFACT_INVALID: 400,
  UPLOAD_INVALID: 400,
  // The CLI asks before it resets; a request that was not confirmed lacks a part it needs.
  CONFIRMATION_REQUIRED: 400,
  LOGIN_FAILED: 401,
  NOT_SIGNED_IN: 401,
  FORBIDDEN: 403,
  USER_NOT_FOUND: 404,
  COHORT_NOT_FOUND: 404,
  TRACK_NOT_FOUND: 404,
  TRACK_NOT_FOLLOWED: 404,
  WORKSPACE_NOT_FOUND: 404,
  NODE_NOT_FOUND: 404,
  CRITERION_NOT_FOUND: 404,
  NO_HINTS: 404,
  FILE_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  NOT_FOUND: 404,
  NO_ROUTE: 404,
  NODE_LOCKED: 409,
  NOT_OPTIONAL: 409,
  WORKSPACE_EXISTS: 409,
  OUTPUT_EXISTS: 409,
  EXPORT_EDITED: 409,
  CHECK_RUNNING: 409,
  NOT_DUE: 409,
  WORKSPACE_MODE: 409,
  BODY_TOO_LARGE: 413,
  DOCUMENT_TOO_LARGE: 413,
  UPLOAD_TOO_LARGE: 413,
  TRACK_INVALID: 422,
  QUIZ_INVALID: 422,
  FRONT_MATTER_INVALID: 422,
  NO_CURRICULUM: 422,
  DOCUMENT_TOO_DEEP: 422,
  WORKSPACE_INVALID: 500,
  EVENT_LOG_INVALID: 500,
  // The editor runs on the server's machine: its failure is the server's, not the request's.
  EDITOR_FAILED: 500,
  INTERNAL: 500,
  LOGIN_LIMITED: 429,
  LRS_UNREACHABLE: 502,
  // The CLI's team server did not answer; the server itself never answers with it.
  TEAM_UNREACHABLE: 502,
  LRS_REJECTED: 502,
  // The LRS refused the server's credentials: 401 would tell the browser to log in, which cannot help.
  LRS_AUTH: 502,
  TIMEOUT: 503,
  INTERRUPTED: 503,
  // Team mode: the check queue's tables or database cannot be reached; asking again later may work.
  QUEUE_UNAVAILABLE: 503,
} as const satisfies Record<ApiErrorCode, ErrorStatus>;

/** The codes answered with a status, for the API's description. */
export function codesWithStatus(status: ErrorStatus): ApiErrorCode[] {
  return (Object.keys(STATUS_BY_CODE) as ApiErrorCode[]).filter((code) => STATUS_BY_CODE[code] === status);
}
