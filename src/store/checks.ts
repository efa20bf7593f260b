import { join } from 'node:path';
import type { CheckResult } from '../core/check.js';
import { CheckResultSchema } from '../core/check-result.js';
import { describeIssue } from '../core/issues.js';
import type { Node } from '../core/track.js';
import { readJsonInside, TRAIL_DIR } from './safe-files.js';

// A result keeps only the tails of the program's output; a file this large is not one.
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

/** A latest-result file left out, and why (`path` from the workspace, with `/`). */
export interface CheckFileProblem {
  path: string;
  message: string;
}

/** The latest result of each check of a node that has one, by criterion id, and the files left out. */
export interface LatestChecks {
  results: Record<string, CheckResult>;
  problems: CheckFileProblem[];
}

/** Where the latest result of a check is kept, from the workspace: `.trail/checks/<node>/<criterion>.json`. */
export function latestCheckPath(node: string, criterion: string): string {
  return `${TRAIL_DIR}/checks/${node}/${criterion}.json`;
}

/**
 * The latest result of each check criterion of `node` (in the node's order), read from
 * `.trail/checks/`: a file that does not hold a check result, or that a symbolic link (of the
 * file or of a folder above it) puts outside the workspace, is left out and named in `problems`.
 * A check not run yet has no file and no problem.
 */
export function readLatestChecks(root: string, node: Pick<Node, 'id' | 'criteria'>): LatestChecks {
  const latest: LatestChecks = { results: {}, problems: [] };
  for (const criterion of node.criteria) {
    if (criterion.kind !== 'check') continue;
    const path = latestCheckPath(node.id, criterion.id);
    const read = readJsonInside(root, join(root, path), MAX_RESULT_BYTES);
    if (!read) continue;
    if ('problem' in read) {
      latest.problems.push({ path, message: read.problem });
      continue;
    }
    const parsed = CheckResultSchema.safeParse(read.data);
    if (parsed.success) latest.results[criterion.id] = parsed.data;
    else latest.problems.push({ path, message: `is not a check result: ${describeIssue(parsed.error.issues[0]!, read.data)}` });
  }
  return latest;
}
