import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds what is stale before any test runs. Most tests run the sources; those that need a
 * process (the built `bin/trail.js`), the web app (dist/web) or a compiled module must never
 * meet an older build: `npx vitest run` right after an edit tests the edit. When nothing
 * changed this costs a hash of the sources (well under a second).
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the build failed (exit ${build.status ?? build.signal}): fix it, then run the tests again`);
  nameThePython();
}

/**
 * The tests start Python hundreds of times (every check of every built-in track, twice). Where
 * `python3` is a version manager's shim (pyenv, asdf), each start first runs the manager's
 * scripts to pick the interpreter: a tenth of a second of CPU. The interpreter it picks is found
 * once here and put first on the PATH the test workers inherit: the same Python, started directly.
 */
function nameThePython(): void {
  const asked = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 30_000 });
  const interpreter = asked.status === 0 ? asked.stdout.trim() : '';
  if (!interpreter) return;
  const dir = dirname(interpreter);
  const first = (process.env.PATH ?? '').split(delimiter).find((entry) => existsSync(join(entry, 'python3')));
  if (first !== dir) process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
}
