import type { Position } from './yaml-source.js';

/** Codes of the problems `trail validate` reports; documented in docs/track-format.md. */
export type ProblemCode =
  | 'TRACK_FILE_MISSING'
  | 'YAML_SYNTAX'
  | 'FRONT_MATTER_MISSING'
  | 'FIELD_MISSING'
  | 'FIELD_UNKNOWN'
  | 'FIELD_INVALID'
  | 'UNKNOWN_CRITERION_KIND'
  | 'BAD_DURATION'
  | 'MISSING_FILE'
  | 'DUPLICATE_ID'
  | 'DUPLICATE_PHASE'
  | 'UNKNOWN_PHASE'
  | 'UNKNOWN_REQUIRES'
  | 'CYCLE'
  | 'NO_NODES'
  | 'NO_ENTRY_NODE'
  | 'UNREACHABLE'
  | 'NO_CRITERIA'
  | 'DUPLICATE_CRITERION'
  | 'REQUIRES_IGNORED'
  | 'MATH_BLOCK'
  | 'EXPERIMENT_ANY_RUN'
  | 'QUIZ_PASS_TWICE'
  | 'QUIZ_INVALID';

/** One problem of a track, at a place in a file, with what to do about it. */
export interface Problem extends Position {
  /** Path relative to the track folder, "/"-separated. */
  file: string;
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
  hint: string;
}

/** Formats a problem as `file:line:col: CODE message` followed by its hint. */
export function formatProblem(problem: Problem, root = ''): string {
  const file = root ? `${root.replace(/\/$/, '')}/${problem.file}` : problem.file;
  const label = problem.severity === 'warning' ? `${problem.code} (warning)` : problem.code;
  return `${file}:${problem.line}:${problem.col}: ${label} ${problem.message}\n  hint: ${problem.hint}`;
}

/** Problems in reading order: by file, then line, then column. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
