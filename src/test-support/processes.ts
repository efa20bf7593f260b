import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'vitest';

/** Live processes whose environment holds `NAME=value` (Linux /proc): what a run left behind. */
export function survivors(variable: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      // Zombies have an empty environment and hold nothing; they are their parent's to reap.
      if (`\0${environ}`.includes(`\0${variable}\0`)) found.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Waits until no process carries `NAME=value`, for at most `ms`; returns those still there. */
export async function settled(variable: string, ms = 2000): Promise<number[]> {
  for (let waited = 0; waited < ms && survivors(variable).length > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return survivors(variable);
}

// What this system offers, found without the runner, so that a test is skipped only where the
// mechanism is missing and never because the runner failed to use it.
/** What this system offers to hold a program in. */
export const platform = {
  pidNamespace: works('unshare', ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc', 'true']),
  privateFiles: works('unshare', ['--user', '--map-root-user', '--mount', '--', 'mount', '-t', 'tmpfs', 'trail-probe', '/tmp']),
  processCgroup: processCgroup(),
};

function works(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

// A cgroup with a process count that this process may create groups in (v2 or v1).
function processCgroup(): boolean {
  try {
    const mine = readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .map((line) => line.split(':'));
    for (const fields of readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))) {
      const [point, type, options] = [fields[4]!, fields.at(-3), fields.at(-1) ?? ''];
      const own =
        type === 'cgroup2'
          ? mine.find((m) => m[0] === '0')?.[2]
          : type === 'cgroup' && options.split(',').includes('pids')
            ? mine.find((m) => m[1] === 'pids')?.[2]
            : undefined;
      if (own === undefined) continue;
      if (type === 'cgroup2' && !readFileSync(join(point, own, 'cgroup.controllers'), 'utf8').includes('pids')) continue;
      accessSync(join(point, own), constants.W_OK);
      return true;
    }
  } catch {
    // Not readable, or not ours to write.
  }
  return false;
}

/** Skips the test, saying why, where the system does not offer a mechanism it needs. */
export function needs(context: TestContext, what: keyof typeof platform): void {
  if (platform[what]) return;
  const reason = `skipped: this system offers no ${{ pidNamespace: 'PID namespace', privateFiles: 'mount namespace', processCgroup: 'writable cgroup with a process count' }[what]}`;
  console.log(reason);
  context.skip(reason);
}
