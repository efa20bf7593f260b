import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckStatus } from '../core/check.js';
import type { Track } from '../core/track.js';
import { copyStarterFiles } from '../workspace/starter.js';
import { ulid } from 'ulid';
import { runCheck } from './check.js';

/** How one check fared on the starter files and on the reference solution. */
export interface CheckProof {
  node: string;
  criterion: string;
  starter: CheckStatus;
  solution: CheckStatus | null;
  ok: boolean;
  problem: string | null;
}

/**
 * Content CI for a track: every check must not pass on the starter files (it fails, errors or
 * times out) and must pass on the node's `solution/`, each in a fresh temporary workspace.
 */
export async function proveChecks(trackDir: string, track: Track): Promise<CheckProof[]> {
  const proofs: CheckProof[] = [];
  for (const node of track.nodes) {
    const checks = node.criteria.filter((c) => c.kind === 'check');
    if (checks.length === 0) continue;
    const solution = join(trackDir, node.dir, 'solution');
    for (const criterion of checks) {
      const root = mkdtempSync(join(tmpdir(), 'trail-test-track-'));
      try {
        copyStarterFiles(trackDir, { ...track, nodes: [node] }, root);
        const starter = await runCheck({ workspaceRoot: root, trackDir, node, criterion, runId: ulid(), now: new Date() });
        let solved: CheckStatus | null = null;
        let solvedMessage = '';
        if (existsSync(solution)) {
          cpSync(solution, join(root, node.dir), { recursive: true });
          const run = await runCheck({ workspaceRoot: root, trackDir, node, criterion, runId: ulid(), now: new Date() });
          solved = run.result.status;
          solvedMessage = run.result.message;
        }
        const problem =
          starter.result.status === 'pass'
            ? 'passes on the starter files: it does not test the exercise'
            : solved === null
              ? `no solution/ folder in ${node.dir} to prove it can pass`
              : solved !== 'pass'
                ? `does not pass on solution/: ${solved} — ${solvedMessage}`
                : null;
        proofs.push({ node: node.id, criterion: criterion.id, starter: starter.result.status, solution: solved, ok: problem === null, problem });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  }
  return proofs;
}
