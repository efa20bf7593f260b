// `npm test`: builds what is stale, type-checks the sources and the web app, lints and checks the
// format (Biome, `npm run lint`; `npm run format` rewrites), runs the tests, and
// ends by saying how long each part took, so a slower suite is seen the day it gets slower.
// Arguments go to vitest (`npm test -- src/cli` runs one folder).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);

const took = [];
function step(name, command, args) {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  took.push([name, performance.now() - started]);
  return run.status ?? 1;
}

function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

let code = step('build', process.execPath, ['scripts/build.mjs', '--if-stale']);
if (code === 0) code = step('type checks', bin('tsc'), ['--noEmit', '-p', '.']);
if (code === 0) code = step('type checks', bin('tsc'), ['-p', 'web/tsconfig.json']);
if (code === 0) code = step('lint', bin('biome'), ['check', '--error-on-warnings', '--max-diagnostics=20']);
if (code === 0) code = step('tests', bin('vitest'), ['run', ...process.argv.slice(2)]);

const total = (name) => took.filter(([part]) => part === name).reduce((sum, [, ms]) => sum + ms, 0);
const parts = ['build', 'type checks', 'lint'].filter((name) => took.some(([part]) => part === name)).map((name) => `${name} ${duration(total(name))}`);
console.log(`\n${took.some(([part]) => part === 'tests') ? `Tests took ${duration(total('tests'))}` : 'Tests did not run'} (${parts.join(', ')}).`);
process.exit(code);
