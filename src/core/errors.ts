/** Exit codes of the `trail` command, documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  problems: 1,
  usage: 2,
  notFound: 3,
  invalidInput: 4,
  refused: 5,
  internal: 70,
  /** Stopped with Ctrl-C in the middle of a prompt (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export type ErrorCode =
  | 'USAGE'
  | 'TRACK_NOT_FOUND'
  | 'TRACK_INVALID'
  | 'WORKSPACE_NOT_FOUND'
  | 'WORKSPACE_EXISTS'
  | 'WORKSPACE_INVALID'
  | 'NODE_NOT_FOUND'
  | 'CRITERION_NOT_FOUND'
  | 'NO_HINTS'
  | 'NODE_LOCKED'
  | 'NOT_OPTIONAL'
  | 'STATEMENT_TOO_SHORT'
  | 'LINK_MISSING'
  | 'ENTRY_TOO_SHORT'
  | 'CONFIRMATION_REQUIRED'
  | 'EDITOR_FAILED'
  | 'EVENT_LOG_INVALID'
  | 'CURSOR_INVALID'
  | 'NO_CURRICULUM'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_TOO_DEEP'
  | 'FILE_NOT_FOUND'
  | 'OUTPUT_EXISTS'
  | 'QUIZ_INVALID'
  | 'ANSWERS_INVALID'
  | 'RUN_NOT_FOUND'
  | 'METRICS_INVALID'
  | 'ARTIFACT_INVALID'
  | 'EXPORT_EDITED'
  | 'FRONT_MATTER_INVALID'
  | 'LRS_UNREACHABLE'
  | 'LRS_REJECTED'
  | 'LRS_AUTH'
  | 'INTERRUPTED'
  | 'UPLOAD_TOO_LARGE'
  | 'UPLOAD_INVALID'
  | 'CHECK_RUNNING'
  | 'JOB_NOT_FOUND'
  | 'QUEUE_UNAVAILABLE'
  | 'USER_NOT_FOUND'
  | 'COHORT_NOT_FOUND'
  | 'LOGIN_FAILED'
  | 'LOGIN_LIMITED'
  | 'NOT_SIGNED_IN'
  | 'TEAM_UNREACHABLE'
  | 'FORBIDDEN';

const exitByCode: Record<ErrorCode, number> = {
  USAGE: ExitCode.usage,
  TRACK_NOT_FOUND: ExitCode.notFound,
  TRACK_INVALID: ExitCode.invalidInput,
  WORKSPACE_NOT_FOUND: ExitCode.notFound,
  WORKSPACE_EXISTS: ExitCode.refused,
  WORKSPACE_INVALID: ExitCode.invalidInput,
  NODE_NOT_FOUND: ExitCode.notFound,
  CRITERION_NOT_FOUND: ExitCode.notFound,
  NO_HINTS: ExitCode.notFound,
  NODE_LOCKED: ExitCode.refused,
  NOT_OPTIONAL: ExitCode.refused,
  STATEMENT_TOO_SHORT: ExitCode.invalidInput,
  LINK_MISSING: ExitCode.invalidInput,
  ENTRY_TOO_SHORT: ExitCode.invalidInput,
  CONFIRMATION_REQUIRED: ExitCode.refused,
  EDITOR_FAILED: ExitCode.invalidInput,
  EVENT_LOG_INVALID: ExitCode.invalidInput,
  CURSOR_INVALID: ExitCode.invalidInput,
  NO_CURRICULUM: ExitCode.problems,
  DOCUMENT_TOO_LARGE: ExitCode.invalidInput,
  DOCUMENT_TOO_DEEP: ExitCode.invalidInput,
  FILE_NOT_FOUND: ExitCode.notFound,
  OUTPUT_EXISTS: ExitCode.refused,
  QUIZ_INVALID: ExitCode.invalidInput,
  ANSWERS_INVALID: ExitCode.invalidInput,
  RUN_NOT_FOUND: ExitCode.notFound,
  METRICS_INVALID: ExitCode.invalidInput,
  ARTIFACT_INVALID: ExitCode.invalidInput,
  EXPORT_EDITED: ExitCode.refused,
  FRONT_MATTER_INVALID: ExitCode.invalidInput,
  LRS_UNREACHABLE: ExitCode.notFound,
  LRS_REJECTED: ExitCode.invalidInput,
  LRS_AUTH: ExitCode.refused,
  INTERRUPTED: ExitCode.interrupted,
  UPLOAD_TOO_LARGE: ExitCode.invalidInput,
  UPLOAD_INVALID: ExitCode.invalidInput,
  CHECK_RUNNING: ExitCode.refused,
  JOB_NOT_FOUND: ExitCode.notFound,
  QUEUE_UNAVAILABLE: ExitCode.usage,
  USER_NOT_FOUND: ExitCode.notFound,
  COHORT_NOT_FOUND: ExitCode.notFound,
  LOGIN_FAILED: ExitCode.refused,
  LOGIN_LIMITED: ExitCode.refused,
  NOT_SIGNED_IN: ExitCode.refused,
  TEAM_UNREACHABLE: ExitCode.notFound,
  FORBIDDEN: ExitCode.refused,
};

/** True for a code this version knows (a server's answer may carry one it does not). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(exitByCode, code);
}

/** An error a user can cause: it carries a code, an exit code and a hint that says what to do. */
export class TrailError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'TrailError';
    this.code = code;
    this.hint = hint;
    this.exitCode = exitByCode[code];
  }
}
