// `npm run build` builds everything; `node scripts/build.mjs --if-stale` (what `npm start` runs)
// builds only the parts whose sources changed since the last build, so a second start serves in
// seconds. A part is stale when the hash of its inputs' paths and contents differs from the one
// recorded in dist/.build-stamps.json after its last successful build (contents, not times: a git
// checkout or a copy changes times without changing what is built).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampsPath = join(root, 'dist', '.build-stamps.json');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const COMMON = ['package.json', 'package-lock.json', 'scripts/build.mjs'];
/** The parts of the build: what each reads, what it must leave behind, and the commands that make it. */
const PARTS = [
  {
    name: 'cli',
    inputs: [...COMMON, 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs', 'src'],
    outputs: ['dist/bundle/main.js'],
    // tsc never removes what it emitted for a source since deleted or moved: a stale module left in
    // dist/ would still import fine, so the compiled folders start empty on every build.
    clean: () =>
      readdirSync(join(root, 'src'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `dist/${entry.name}`)
        .concat('dist/bundle'),
    commands: [
      [bin('tsc'), '-p', 'tsconfig.build.json'],
      [process.execPath, 'scripts/bundle.mjs'],
    ],
  },
  {
    name: 'web',
    // The web app imports the server's types from src/, so a change there can change the bundle.
    inputs: [...COMMON, 'web', 'src', 'scripts/compress-web.mjs'],
    outputs: ['dist/web/index.html'],
    commands: [
      [bin('vite'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      [process.execPath, 'scripts/compress-web.mjs'],
    ],
  },
];

// Test files and fixtures are not part of the build.
const ignored = (path) => /\.test\.tsx?$|\/test-support\/|\/fixtures\/|\/import-fixtures\/|\/node_modules\//.test(path);

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => files(relative(root, join(full, entry.name))))
    .filter((file) => !ignored(`/${file}`));
}

function hashOf(part) {
  const hash = createHash('sha256');
  for (const file of part.inputs.flatMap(files))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

function readStamps() {
  try {
    return JSON.parse(readFileSync(stampsPath, 'utf8'));
  } catch {
    return {};
  }
}

const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
const dryRun = args.includes('--dry-run');
const stamps = readStamps();
const stale = PARTS.filter((part) => !ifStale || stamps[part.name] !== hashOf(part) || part.outputs.some((output) => !existsSync(join(root, output))));

if (dryRun) {
  console.log(stale.length === 0 ? 'up to date' : `stale: ${stale.map((part) => part.name).join(', ')}`);
  process.exit(0);
}
if (ifStale && stale.length === 0) process.exit(0);
for (const part of stale) {
  if (ifStale) console.error(`Building ${part.name} (its sources changed)…`);
  // The hash of what is being built is taken first: sources edited during the build make the next start build again.
  const hash = hashOf(part);
  for (const path of part.clean?.() ?? []) rmSync(join(root, path), { recursive: true, force: true });
  for (const [command, ...rest] of part.commands) {
    // What is built is what users get, whoever asks for it: the test runner starts the build with
    // NODE_ENV=test, and Vite would then bundle React's development build (twice the size, and a
    // 500-node graph a second slower to draw).
    const run = spawnSync(command, rest, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampsPath, `${JSON.stringify({ ...readStamps(), [part.name]: hash }, null, 2)}\n`);
}
