// What a program written to escape its limits manages to do: each test is an escape that once
// worked. They run real processes; a test that needs a mechanism this system does not offer is
// skipped with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { settled } from '../test-support/processes.js';
import { runProcess, type ProcessSpec } from './process.js';

let counter = 0;
const base = mkdtempSync(join(tmpdir(), 'trail-contain-'));

/** A workspace with a node folder (where the program runs) and a sibling folder. */
function workspace(): { root: string; node: string; other: string } {
  const root = join(base, `ws-${++counter}`);
  const node = join(root, 'node');
  const other = join(root, 'other');
  mkdirSync(node, { recursive: true });
  mkdirSync(other, { recursive: true });
  return { root, node, other };
}

async function run(command: string, overrides: Partial<ProcessSpec> = {}) {
  const id = `contain-${process.pid}-${++counter}`;
  const ws = workspace();
  const outcome = await runProcess({
    command,
    cwd: ws.node,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TRAIL_RUN_ID: id },
    marker: `TRAIL_RUN_ID=${id}`,
    writable: [ws.node],
    readable: [ws.root],
    timeoutMs: 10_000,
    memoryBytes: 512 * 1024 ** 2,
    maxProcesses: 64,
    network: false,
    keepBytes: 64 * 1024,
    ...overrides,
  });
  return { outcome, left: await settled(`TRAIL_RUN_ID=${id}`) };
}

// What this system offers, found without the runner, so that a test is skipped only where the
// mechanism is missing and never because the runner failed to use it.
const platform = {
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
    const mine = readFileSync('/proc/self/cgroup', 'utf8').split('\n').map((line) => line.split(':'));
    for (const fields of readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' '))) {
      const [point, type, options] = [fields[4]!, fields.at(-3), fields.at(-1) ?? ''];
      const own = type === 'cgroup2' ? mine.find((m) => m[0] === '0')?.[2] : type === 'cgroup' && options.split(',').includes('pids') ? mine.find((m) => m[1] === 'pids')?.[2] : undefined;
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

afterAll(() => rmSync(base, { recursive: true, force: true }));

function needs(context: TestContext, what: keyof typeof platform): void {
  if (platform[what]) return;
  const reason = `skipped: this system offers no ${{ pidNamespace: 'PID namespace', privateFiles: 'mount namespace', processCgroup: 'writable cgroup with a process count' }[what]}`;
  console.log(reason);
  context.skip(reason);
}

describe('a program that tries to escape its limits', () => {
  it('is held to the memory limit by a double-forked child that left the process group', async () => {
    const program = `python3 -c "
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        hog = b'x' * (300 << 20)
        time.sleep(30)
    os._exit(0)
time.sleep(4)
"`;
    const { outcome, left } = await run(program, { memoryBytes: 128 * 1024 ** 2 });
    expect(outcome.limit).toBe('memory');
    expect(outcome.durationMs).toBeLessThan(3500);
    expect(left).toEqual([]);
  });

  it('is held to the process limit by orphans that left the process group', async () => {
    const { outcome, left } = await run('for i in $(seq 1 40); do (setsid sleep 30 &); done; sleep 4', { maxProcesses: 16 });
    expect(outcome.limit).toBe('processes');
    expect(outcome.durationMs).toBeLessThan(3500);
    expect(left).toEqual([]);
  });

  it('is stopped by the process limit, not the time limit, when it is a fork bomb', async (context) => {
    needs(context, 'processCgroup');
    const { outcome, left } = await run('bomb() { bomb | bomb & }; bomb; sleep 30', { maxProcesses: 32, timeoutMs: 20_000 });
    expect(outcome.limit).toBe('processes');
    expect(outcome.timedOut).toBe(false);
    expect(outcome.durationMs).toBeLessThan(5000);
    expect(left).toEqual([]);
  });

  it.for([true, false])('cannot read the environment of other processes (network: %s)', async (network, context) => {
    needs(context, 'pidNamespace');
    const secret = `PROBE_SECRET=s3cret-${process.pid}-${++counter}`;
    const holder = spawn('sleep', ['20'], { env: { PATH: process.env.PATH, PROBE: secret } });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const { outcome } = await run(`cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^PROBE=${secret}$'; ls -d /proc/[0-9]* | wc -l`, { network });
      const [found, seen] = outcome.stdout.trim().split('\n').map(Number);
      expect(found).toBe(0);
      // Its shell, cat, tr, grep, ls, wc: it sees its own processes and no others.
      expect(seen).toBeLessThanOrEqual(8);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('cannot connect to Unix sockets outside its folder with the network off', async (context) => {
    needs(context, 'privateFiles');
    const ws = workspace();
    const outside = join(mkdtempSync(join(base, 'sock-')), 'outside.sock');
    const sibling = join(ws.other, 'sibling.sock');
    const servers: Server[] = [];
    for (const path of [outside, sibling]) {
      const server = createServer((socket) => socket.on('error', () => {}).end('reached\n'));
      await new Promise<void>((resolve) => server.listen(path, resolve));
      servers.push(server);
    }
    try {
      const connect = (path: string) => `python3 -c "
import socket
s = socket.socket(socket.AF_UNIX)
try:
    s.connect('${path}'); print('reached ${path}')
except OSError as error:
    print('refused', type(error).__name__)
"`;
      const { outcome } = await run(`${connect(outside)}; ${connect(sibling)}`, { cwd: ws.node, writable: [ws.node], readable: [ws.root] });
      expect(outcome.stdout).not.toContain('reached');
      expect(outcome.stdout.match(/refused/g)).toHaveLength(2);
      // The same program with the network on reaches them: the test can tell the difference.
      const open = await run(connect(outside), { network: true });
      expect(open.outcome.stdout).toContain('reached');
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('writes only to its node folder and a private temporary folder with the network off', async (context) => {
    needs(context, 'privateFiles');
    const ws = workspace();
    const scratch = `/tmp/trail-scratch-${process.pid}-${++counter}`;
    const { outcome } = await run(`echo mine > inside.txt; echo theirs > ../other/outside.txt; echo temp > ${scratch} && cat ${scratch}`, { cwd: ws.node, writable: [ws.node], readable: [ws.root] });
    expect(readFileSync(join(ws.node, 'inside.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(ws.other, 'outside.txt'))).toBe(false);
    expect(outcome.stderr).toMatch(/outside\.txt: Read-only file system/);
    expect(outcome.stdout).toBe('temp\n');
    expect(existsSync(scratch)).toBe(false);
  });
});
