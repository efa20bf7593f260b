import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { TrailError, type ErrorCode } from '../core/errors.js';
import { STATUS_BY_CODE, type ServerErrorCode } from './api/statuses.js';
import { answerError, HttpError } from './http-error.js';

// The statuses written out once more, by hand: changing one in the table is a decision this test makes visible.
const DOMAIN: Record<ErrorCode, number> = {
  USAGE: 400,
  STATEMENT_TOO_SHORT: 400,
  LINK_MISSING: 400,
  ENTRY_TOO_SHORT: 400,
  ANSWERS_INVALID: 400,
  METRICS_INVALID: 400,
  CURSOR_INVALID: 400,
  ARTIFACT_INVALID: 400,
  CONFIRMATION_REQUIRED: 400,
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
  OUTPUT_EXISTS: 409,
  EXPORT_EDITED: 409,
  DOCUMENT_TOO_LARGE: 413,
  TRACK_INVALID: 422,
  QUIZ_INVALID: 422,
  FRONT_MATTER_INVALID: 422,
  NO_CURRICULUM: 422,
  DOCUMENT_TOO_DEEP: 422,
  WORKSPACE_INVALID: 500,
  EVENT_LOG_INVALID: 500,
  EDITOR_FAILED: 500,
  LRS_UNREACHABLE: 502,
  LRS_REJECTED: 502,
  LRS_AUTH: 502,
  INTERRUPTED: 503,
  LOGIN_FAILED: 401,
  NOT_SIGNED_IN: 401,
  USER_NOT_FOUND: 404,
  COHORT_NOT_FOUND: 404,
  LOGIN_LIMITED: 429,
  TEAM_UNREACHABLE: 502,
  FORBIDDEN: 403,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_INVALID: 400,
  CHECK_RUNNING: 409,
  JOB_NOT_FOUND: 404,
  QUEUE_UNAVAILABLE: 503,
};

const SERVER: Record<ServerErrorCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  NO_ROUTE: 404,
  TRACK_NOT_FOLLOWED: 404,
  NOT_DUE: 409,
  WORKSPACE_MODE: 409,
  BODY_TOO_LARGE: 413,
  TIMEOUT: 503,
  INTERNAL: 500,
};

// A route that throws the error it is asked for, answered by the app's own error handler.
const app = new Hono()
  .get('/domain/:code', (c) => {
    throw new TrailError(c.req.param('code') as ErrorCode, `message of ${c.req.param('code')}`, 'what to do');
  })
  .get('/server/:code', (c) => {
    throw new HttpError(c.req.param('code') as ServerErrorCode, `message of ${c.req.param('code')}`, 'what to do');
  })
  .get('/defect', () => {
    throw new TypeError('x is undefined');
  })
  .onError(answerError);

describe('every error code has its status', () => {
  it('names each code of the table once, domain and server codes alike', () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...Object.keys(DOMAIN), ...Object.keys(SERVER)].sort());
  });

  it.each(Object.entries(DOMAIN))('answers TrailError %s with %i and its code, message and hint', async (code, status) => {
    const response = await app.request(`/domain/${code}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: `message of ${code}`, hint: 'what to do' } });
  });

  it.each(Object.entries(SERVER))('answers the server code %s with %i and its code, message and hint', async (code, status) => {
    const response = await app.request(`/server/${code}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: `message of ${code}`, hint: 'what to do' } });
  });

  it('answers anything else as 500 INTERNAL without a hint', async () => {
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const response = await app.request('/defect');
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: 'x is undefined' } });
    } finally {
      console.error = quiet;
    }
  });
});
