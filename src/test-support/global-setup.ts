import { spawnSync } from 'node:child_process';
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
}
