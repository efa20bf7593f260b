import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckStatus } from '../core/check.js';
import type { Criterion, Node, Track } from '../core/track.js';
import { copyStarterFiles } from '../workspace/starter.js';
import { ulid } from 'ulid';
import { runCheck } from './check.js';

type CheckSpec = Extract<Criterion, { kind: 'check' }>;

/** How one check fared on the starter files and on the reference solution. */
export interface CheckProof {
  node: string;
  criterion: string;
  starter: CheckStatus;
  solution: CheckStatus | null;
  ok: boolean;
  problem: string | null;
  /** Wall-clock time of the starter run and of the solution run (null when there was none), in ms. */
  durationMs: { starter: number; solution: number | null };
}

/**
 * Content CI for a track: every check must not pass on the starter files (it fails, errors or
 * times out) and must pass on the node's `solution/`, each in a fresh temporary workspace.
 * Up to `jobs` checks are proven at once; the proofs come back in track order.
 */
export async function proveChecks(trackDir: string, track: Track, jobs = 1): Promise<CheckProof[]> {
  const work = track.nodes.flatMap((node) => node.criteria.filter((c): c is CheckSpec => c.kind === 'check').map((criterion) => ({ node, criterion })));
  const proofs: CheckProof[] = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      proofs[i] = await proveCheck(trackDir, track, work[i]!.node, work[i]!.criterion);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, work.length)) }, worker));
  return proofs;
}

async function proveCheck(trackDir: string, track: Track, node: Node, criterion: CheckSpec): Promise<CheckProof> {
  const solution = join(trackDir, node.dir, 'solution');
  const root = mkdtempSync(join(tmpdir(), 'trail-test-track-'));
  try {
    copyStarterFiles(trackDir, { ...track, nodes: [node] }, root);
    const starter = await runCheck({ workspaceRoot: root, trackDir, node, criterion, runId: ulid(), now: new Date() });
    let solved: CheckStatus | null = null;
    let solvedMessage = '';
    let solvedMs: number | null = null;
    if (existsSync(solution)) {
      cpSync(solution, join(root, node.dir), { recursive: true });
      const run = await runCheck({ workspaceRoot: root, trackDir, node, criterion, runId: ulid(), now: new Date() });
      solved = run.result.status;
      solvedMessage = run.result.message;
      solvedMs = run.result.durationMs;
    }
    const problem =
      starter.result.status === 'pass'
        ? 'passes on the starter files: it does not test the exercise'
        : solved === null
          ? `no solution/ folder in ${node.dir} to prove it can pass`
          : solved !== 'pass'
            ? `does not pass on solution/: ${solved} — ${solvedMessage}`
            : null;
    return { node: node.id, criterion: criterion.id, starter: starter.result.status, solution: solved, ok: problem === null, problem, durationMs: { starter: starter.result.durationMs, solution: solvedMs } };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
