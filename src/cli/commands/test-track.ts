import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { loadValidTrack } from '../../workspace/track-cache.js';
import { proveChecks } from '../../runner/test-track.js';
import { colours, printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';

/** `trail test-track <dir>`: every check fails on the starter files and passes on solution/; every quiz parses and its answers are right. */
export async function testTrack(dir: string, options: JsonOption): Promise<number> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'track.yaml'))) throw new TrailError('TRACK_NOT_FOUND', `no track.yaml in ${dir}`, 'pass the folder of a track');
  const track = await loadValidTrack(root);
  const checks = await proveChecks(root, track);
  const { proveQuizzes } = await import('../../runner/prove-quizzes.js');
  const quizzes = proveQuizzes(root, track);
  const ok = checks.every((proof) => proof.ok) && quizzes.every((proof) => proof.ok);
  if (options.json) {
    printJson({ track: track.id, ok, checks, quizzes });
    return ok ? 0 : 1;
  }
  const c = colours();
  const lines = checks.map((p) => `${p.ok ? c.green('✓') : c.red('✗')} ${p.node} › ${p.criterion}: starter ${p.starter}, solution ${p.solution ?? '—'}${p.problem ? ` — ${p.problem}` : ''}`);
  for (const q of quizzes) lines.push(`${q.ok ? c.green('✓') : c.red('✗')} ${q.node} › ${q.criterion}: quiz of ${q.questions} question(s)`, ...q.problems.map((problem) => `    ${problem}`));
  const failed = checks.filter((p) => !p.ok).length + quizzes.filter((q) => !q.ok).length;
  lines.push(ok ? c.green(`✓ ${track.id}: ${checks.length} check(s) and ${quizzes.length} quiz(zes) proven`) : c.red(`${failed} of ${checks.length + quizzes.length} check(s) and quizzes not proven in ${track.id}`));
  printLines(...lines);
  return ok ? 0 : 1;
}
