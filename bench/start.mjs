// `npm start` in a fresh copy of the project, twice: the first builds everything, the second only
// checks that nothing is stale and serves. The baseline is `trail serve` started directly.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['bin', 'scripts', 'src', 'web', 'tracks', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

// Milliseconds from the start of `command` until it prints the address it serves at; then it is stopped.
function timeToServe(command, args, cwd, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // A process group of its own: npm starts a shell that starts node, and all of them are stopped.
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let served = false;
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    const seen = (chunk) => {
      output += chunk;
      if (!served && /running at \S+/.test(output)) {
        served = true;
        const ms = performance.now() - started;
        child.once('exit', () => resolve(ms));
        stop();
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => served || reject(new Error(`${command} ${args.join(' ')} exited ${code} before serving:\n${output.slice(-2000)}`)));
    setTimeout(() => {
      stop();
      reject(new Error(`${command} ${args.join(' ')} did not serve within 10 minutes`));
    }, 600_000).unref();
  });
}

/** Times `npm start` twice in a copy of `root` made under `work`; prints one line per figure. */
export async function benchStart({ root, work, pad }) {
  const copy = join(work, 'start-copy');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  for (const path of SOURCES) cpSync(join(root, path), join(copy, path), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // A home of its own, no browser opened ($BROWSER is the opener: `true` opens nothing), any free port.
  const env = { ...process.env, TRAIL_HOME: join(work, 'start-home'), BROWSER: 'true', NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const first = await timeToServe(npm, ['start', '--silent', '--', '--port', '0'], copy, env);
  const second = await timeToServe(npm, ['start', '--silent', '--', '--port', '0'], copy, env);
  const direct = await timeToServe(process.execPath, ['bin/trail.js', 'serve', '--home', '--port', '0'], copy, env);
  console.log(`${'npm start, first in a fresh copy (builds all)'.padEnd(pad)} ${(first / 1000).toFixed(1).padStart(8)} s`);
  console.log(
    `${'npm start, second (nothing stale)'.padEnd(pad)} ${(second / 1000).toFixed(1).padStart(8)} s    trail serve directly: ${(direct / 1000).toFixed(2)} s, ratio ${(second / direct).toFixed(2)}×   target: < 5 s`,
  );
  rmSync(copy, { recursive: true, force: true });
}
