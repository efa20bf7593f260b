import { resolve } from 'node:path';
import { loadValidTrack } from '../../workspace/track-cache.js';
import { proveChecks } from '../../runner/test-track.js';
import { colours, printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';

/** `trail test-track <dir>`: every check fails on the starter files and passes on solution/. */
export async function testTrack(dir: string, options: JsonOption): Promise<number> {
  const root = resolve(dir);
  const track = await loadValidTrack(root);
  const checks = await proveChecks(root, track);
  const ok = checks.every((proof) => proof.ok);
  if (options.json) {
    printJson({ track: track.id, ok, checks });
    return ok ? 0 : 1;
  }
  const c = colours();
  const lines = checks.map((p) => `${p.ok ? c.green('✓') : c.red('✗')} ${p.node} › ${p.criterion}: starter ${p.starter}, solution ${p.solution ?? '—'}${p.problem ? ` — ${p.problem}` : ''}`);
  lines.push(ok ? c.green(`✓ ${track.id}: ${checks.length} check(s) proven`) : c.red(`${checks.filter((p) => !p.ok).length} of ${checks.length} check(s) not proven in ${track.id}`));
  printLines(...lines);
  return ok ? 0 : 1;
}
