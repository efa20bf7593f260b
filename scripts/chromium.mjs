// The Chromium that the web app's end-to-end tests and the web benchmark drive: the system's when
// there is one, else the one the @sparticuz/chromium package ships, so `npm install && npm test`
// needs nothing else on the machine. TRAIL_CHROMIUM chooses: a path to an executable, `system`
// (only the system's) or `bundled` (only the package's, to test that fallback where a system
// Chromium exists); unset, the system's is tried first and the package's after it.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
// Where Chromium or Chrome live when they are not on PATH (a minimal PATH, or macOS apps).
const WELL_KNOWN = ['/usr/bin/chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: `apt-get install chromium`), or run `npm install` on Linux x64 so the bundled @sparticuz/chromium is present, or set TRAIL_CHROMIUM to a Chromium or Chrome executable';

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The first Chromium or Chrome on `PATH` or at a well-known place, or undefined. */
export function systemChromium(env = process.env) {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = ON_PATH.flatMap((name) => dirs.map((dir) => join(dir, name))).find(isExecutable);
  return found ?? WELL_KNOWN.find(isExecutable);
}

/** The browsers to try, in order, as TRAIL_CHROMIUM asks: `{ source, path? }`, path unknown for the bundled one until unpacked. */
export function chromiumChoices(env = process.env) {
  const asked = env.TRAIL_CHROMIUM;
  if (asked === 'bundled') return [{ source: 'bundled' }];
  const system = systemChromium(env);
  if (asked === 'system') {
    if (!system) throw new Error(`TRAIL_CHROMIUM=system, but no ${ON_PATH.join(', ')} is on PATH and none is at ${WELL_KNOWN.join(', ')}: ${INSTALL_HINT}`);
    return [{ source: 'system', path: system }];
  }
  if (asked) {
    if (!isExecutable(asked))
      throw new Error(
        `TRAIL_CHROMIUM=${asked} is not an executable file: point it at a Chromium or Chrome executable, or unset it to use the system's or the bundled one`,
      );
    return [{ source: 'TRAIL_CHROMIUM', path: asked }];
  }
  return system ? [{ source: 'system', path: system }, { source: 'bundled' }] : [{ source: 'bundled' }];
}

function bundledPackage() {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the bundled @sparticuz/chromium runs on Linux x64 only, not ${process.platform} ${process.arch}`);
  let entry;
  try {
    entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  } catch {
    throw new Error('@sparticuz/chromium is not installed (it is a devDependency: run `npm install`)');
  }
  const root = join(dirname(entry), '..', '..');
  return { bin: join(root, 'bin'), version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version };
}

async function inflate(file, target) {
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(target, { mode: 0o755 }));
}

async function inflateTar(file, dir) {
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, '.archive.tar');
  await inflate(file, tar);
  const untar = spawnSync('tar', ['-xf', tar, '-C', dir, '--no-same-owner'], { encoding: 'utf8' });
  rmSync(tar);
  if (untar.status !== 0) throw new Error(`could not unpack ${file}: ${untar.error?.message ?? untar.stderr}`);
}

// The package's own unpacker writes to the shared system temporary folder (where another user's or
// another version's files may already be); this one writes to this checkout's node_modules/.cache.
// `dir` is where the files are written, `final` where they will be once complete.
async function unpackInto(bin, dir, final) {
  await inflate(join(bin, 'chromium.br'), join(dir, 'chromium'));
  // SwiftShader's libraries must sit beside the executable, which loads them from there.
  await inflateTar(join(bin, 'swiftshader.tar.br'), dir);
  await inflateTar(join(bin, 'fonts.tar.br'), join(dir, 'fonts'));
  // NSS and expat, which the executable links to: a machine without a browser often lacks them.
  await inflateTar(join(bin, 'al2023.tar.br'), dir);
  // The system's fonts first, the package's Open Sans for a machine that has none.
  writeFileSync(
    join(dir, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${join(final, 'fonts')}</dir>\n  <cachedir>${join(final, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
  );
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Unpacks the @sparticuz/chromium executable once per checkout and version; its path and the environment it needs. */
export async function bundledChromium() {
  const { bin, version } = bundledPackage();
  const dir = join(ROOT, 'node_modules', '.cache', `sparticuz-chromium-${version}`);
  const lock = `${dir}.lock`;
  // Test files run in parallel processes: one unpacks (about 200 MB), the others wait for it.
  for (const started = Date.now(); !existsSync(dir); ) {
    mkdirSync(dirname(dir), { recursive: true });
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // A lock left by a process killed while unpacking would stop every later run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
    }
    if (owner) {
      const partial = `${dir}.partial-${process.pid}`;
      try {
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial);
        await unpackInto(bin, partial, dir);
        renameSync(partial, dir);
      } catch (error) {
        // Another process took a lock it thought stale and finished first: its copy serves.
        if (existsSync(dir) && error.code === 'ENOTEMPTY') {
          rmSync(partial, { recursive: true, force: true });
          continue;
        }
        rmSync(partial, { recursive: true, force: true });
        throw new Error(`could not unpack the bundled Chromium from ${bin} into ${dir}: ${error.message}`);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      if (Date.now() - started > 180_000)
        throw new Error(`waited 3 minutes for another process to unpack the bundled Chromium (lock: ${lock}); remove the lock if no test is running`);
      await sleep(250);
    }
  }
  const env = { LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter), FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  return { path: join(dir, 'chromium'), env, version };
}

/** A headless Chromium through playwright-core, the first of the choices that launches; `source` says which one it is. */
export async function launchChromium(env = process.env) {
  const failures = [];
  for (const choice of chromiumChoices(env)) {
    try {
      const bundled = choice.source === 'bundled' ? await bundledChromium() : undefined;
      const executablePath = bundled?.path ?? choice.path;
      // --no-sandbox: the tests run as root in containers, where Chromium's sandbox cannot start.
      const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'], env: { ...process.env, ...bundled?.env } });
      return { browser, source: choice.source, executablePath };
    } catch (error) {
      failures.push(`- ${choice.source}${choice.path ? ` (${choice.path})` : ''}: ${error.message}`);
    }
  }
  throw new Error(`no Chromium could be launched: ${INSTALL_HINT}\n${failures.join('\n')}`);
}
