import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckStatus } from '../core/check.js';
import type { Clock } from '../core/clock.js';
import type { Criterion, Node, Track } from '../core/track.js';
import { copyStarterFiles } from '../content/starter.js';
import { ulid } from 'ulid';
import { runCheck, type CheckContext } from './check.js';
import { startScriptedModel, type ModelScript, type ScriptedModel } from './scripted-model.js';

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
  /** Why the check was not run on this machine (a need it lacks), or null. */
  skipped: string | null;
}

/** What proving checks takes from the process that asks: the environment the programs start from, the time, how run records are written. */
export interface ProofContext {
  env: Readonly<Record<string, string | undefined>>;
  now: Clock;
  writeFile: CheckContext['writeFile'];
}

/**
 * Content CI for a track: every check must not pass on the starter files (it fails, errors or
 * times out) and must pass on the node's `solution/`, each in a fresh temporary workspace.
 * Up to `jobs` checks are proven at once; the proofs come back in track order. Programs start from
 * `env` (default: this process's).
 */
export async function proveChecks(trackDir: string, track: Track, context: ProofContext, jobs = 1): Promise<CheckProof[]> {
  const work = track.nodes.flatMap((node) => node.criteria.filter((c): c is CheckSpec => c.kind === 'check').map((criterion) => ({ node, criterion })));
  const proofs: CheckProof[] = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      proofs[i] = await proveCheck(trackDir, track, work[i]!.node, work[i]!.criterion, context);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, work.length)) }, worker));
  return proofs;
}

async function proveCheck(trackDir: string, track: Track, node: Node, criterion: CheckSpec, context: ProofContext): Promise<CheckProof> {
  const solution = join(trackDir, node.dir, 'solution');
  const root = mkdtempSync(join(tmpdir(), 'trail-test-track-'));
  // A check that needs a model talks to a scripted one: the real protocol, replies from the track.
  let model: ScriptedModel | undefined;
  try {
    if (criterion.needs.includes('llm') && criterion.llmScript) model = await startScriptedModel(readScript(join(trackDir, node.dir, criterion.llmScript)));
    const env = model ? { ...context.env, ...model.env } : context.env;
    // A script that serves the web services the program reaches stands in for the network too.
    const proven = model?.servesWeb ? { ...criterion, needs: criterion.needs.filter((need) => need !== 'network') } : criterion;
    const run = () => {
      const now = context.now();
      return runCheck({ workspaceRoot: root, trackDir, node, criterion: proven, runId: ulid(now.getTime()), now, env, writeFile: context.writeFile });
    };
    copyStarterFiles(trackDir, { ...track, nodes: [node] }, root);
    const starter = await run();
    let solved: CheckStatus | null = null;
    let solvedMessage = '';
    let solvedMs: number | null = null;
    if (existsSync(solution)) {
      cpSync(solution, join(root, node.dir), { recursive: true });
      const result = (await run()).result;
      solved = result.status;
      solvedMessage = result.message;
      solvedMs = result.durationMs;
    }
    const skipped = solved === 'skipped' ? solvedMessage : null;
    const problem =
      starter.result.status === 'pass'
        ? 'passes on the starter files: it does not test the exercise'
        : solved === null
          ? `no solution/ folder in ${node.dir} to prove it can pass`
          : solved !== 'pass' && solved !== 'skipped'
            ? `does not pass on solution/: ${solved} — ${solvedMessage}`
            : null;
    return {
      node: node.id,
      criterion: criterion.id,
      starter: starter.result.status,
      solution: solved,
      ok: problem === null,
      problem,
      durationMs: { starter: starter.result.durationMs, solution: solvedMs },
      skipped,
    };
  } catch (error) {
    return {
      node: node.id,
      criterion: criterion.id,
      starter: 'error',
      solution: null,
      ok: false,
      problem: (error as Error).message,
      durationMs: { starter: 0, solution: null },
      skipped: null,
    };
  } finally {
    await model?.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function readScript(path: string): ModelScript {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ModelScript;
  } catch (error) {
    throw new Error(`cannot read the llmScript ${path}: ${(error as Error).message}`);
  }
}
