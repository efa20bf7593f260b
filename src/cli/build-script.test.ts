import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

// What `npm start` decides before serving: which parts of the build are stale (nothing is built here).
function stale(root: string): string {
  return execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale', '--dry-run'], { encoding: 'utf8' }).trim();
}

describe('npm start builds only what is stale', () => {
  it('rebuilds nothing when the sources are as built, the web app when web/ changed, both when src/ changed', () => {
    const copy = tmp();
    for (const path of ['scripts', 'src', 'web', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
      cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    mkdirSync(join(copy, 'dist/bundle'), { recursive: true });
    mkdirSync(join(copy, 'dist/web'), { recursive: true });
    writeFileSync(join(copy, 'dist/bundle/main.js'), '');
    writeFileSync(join(copy, 'dist/web/index.html'), '');
    expect(stale(copy)).toBe('stale: cli, web');
    // Stamps as a successful build leaves them: taken from the copy's own sources.
    cpSync(join(ROOT, 'dist/.build-stamps.json'), join(copy, 'dist/.build-stamps.json'));
    expect(stale(copy)).toBe('up to date');
    appendFileSync(join(copy, 'web/src/format.ts'), '\n');
    expect(stale(copy)).toBe('stale: web');
    appendFileSync(join(copy, 'src/core/text.ts'), '\n');
    expect(stale(copy)).toBe('stale: cli, web');
    // A test file is not part of the build.
    cpSync(join(ROOT, 'src/core/text.ts'), join(copy, 'src/core/text.ts'));
    cpSync(join(ROOT, 'web/src/format.ts'), join(copy, 'web/src/format.ts'));
    appendFileSync(join(copy, 'src/core/graph.test.ts'), '\n');
    expect(stale(copy)).toBe('up to date');
    rmSync(join(copy, 'dist/web/index.html'));
    expect(stale(copy)).toBe('stale: web');
  });
});

describe('the web app as built', () => {
  // The tests start the build with NODE_ENV=test; what they test must still be what users get.
  it("bundles React's production build, whoever started the build", () => {
    const assets = join(ROOT, 'dist/web/assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // Only React's development build keeps profiling fields such as treeBaseDuration.
    const development = scripts.filter((name) => readFileSync(join(assets, name), 'utf8').includes('treeBaseDuration'));
    expect(development).toEqual([]);
  });
});
