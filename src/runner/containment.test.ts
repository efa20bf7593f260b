// What a program written to escape its limits manages to do: each test is an escape that once
// worked. They run real processes; a test that needs a mechanism this system does not offer is
// skipped with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/cli.js';
import { needs, settled } from '../test-support/processes.js';
import { runProcess, type ProcessOutcome, type ProcessSpec } from './process.js';

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
    marker: `TRAIL_RUN_ID=${id}`,
    writable: [ws.node],
    readable: [ws.root],
    timeoutMs: 10_000,
    memoryBytes: 512 * 1024 ** 2,
    maxProcesses: 64,
    network: false,
    keepBytes: 64 * 1024,
    ...overrides,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...overrides.env, TRAIL_RUN_ID: id },
  });
  return { outcome, left: await settled(`TRAIL_RUN_ID=${id}`) };
}

afterAll(() => rmSync(base, { recursive: true, force: true }));

// A PATH with the tools the programs below use and without unshare: no namespaces for them.
function pathWithoutUnshare(): string {
  const dir = mkdtempSync(join(base, 'bin-'));
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
  symlinkSync(python, join(dir, 'python3'));
  for (const tool of ['seq', 'setsid', 'sleep']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, join(dir, tool));
  }
  return dir;
}

const modes = [
  { name: 'held by a cgroup', limits: 'enforced', needs: ['processCgroup', 'pidNamespace'], overrides: {} },
  { name: 'sampled, in a PID namespace', limits: 'best-effort', needs: ['pidNamespace'], overrides: { cgroup: false } },
  { name: 'sampled, without namespaces', limits: 'best-effort', needs: [], overrides: { cgroup: false, env: { PATH: pathWithoutUnshare() } } },
] as const;

describe.for(modes)('limits $name', (mode) => {
  it('hold memory over a double-forked child that left the process group', async (context) => {
    for (const what of mode.needs) needs(context, what);
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
    const { outcome, left } = await run(program, { ...mode.overrides, memoryBytes: 128 * 1024 ** 2 });
    expect(outcome.limits).toBe(mode.limits);
    expect(outcome.limit).toBe('memory');
    expect(outcome.durationMs).toBeLessThan(3500);
    expect(left).toEqual([]);
  });

  it('hold the process count over orphans that left the process group', async (context) => {
    for (const what of mode.needs) needs(context, what);
    const { outcome, left } = await run('for i in $(seq 1 40); do (setsid sleep 30 &); done; sleep 4', { ...mode.overrides, maxProcesses: 16 });
    expect(outcome.limits).toBe(mode.limits);
    expect(outcome.limit).toBe('processes');
    expect(outcome.durationMs).toBeLessThan(3500);
    expect(left).toEqual([]);
  });
});

describe('a program that tries to escape its limits', () => {
  // What users have: no cgroup of their own, namespaces only. Run from here as `nobody`.
  it('is held by the kernel to its task limit as an unprivileged user without a cgroup (threads count)', async (context) => {
    needs(context, 'pidNamespace');
    const [major = 0, minor = 0] = release().split('.').map(Number);
    const reason =
      process.getuid?.() !== 0
        ? 'skipped: becoming another user needs root'
        : !existsSync('/usr/bin/python3')
          ? 'skipped: no /usr/bin/python3 for another user to run'
          : major < 5 || (major === 5 && minor < 14)
            ? 'skipped: Linux before 5.14 counts processes per user, not per user namespace'
            : undefined;
    if (reason) {
      console.log(reason);
      context.skip(reason);
    }
    // Threads count as tasks: one process starting 400 threads meets the kernel's limit (256), not the sampled one.
    const program =
      'python3 -c \'import threading, time\nstarted = 0\ntry:\n    for _ in range(400):\n        threading.Thread(target=time.sleep, args=(3,), daemon=True).start(); started += 1\nexcept RuntimeError:\n    print("refused after", started)\'';
    const script = `
      const { runProcess } = await import(${JSON.stringify(join(ROOT, 'dist/runner/process.js'))});
      const outcome = await runProcess({ command: ${JSON.stringify(program)}, cwd: '/tmp', env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10000, memoryBytes: 512 * 1024 ** 2, maxProcesses: 16, network: false, keepBytes: 65536 });
      console.log(JSON.stringify(outcome));`;
    const child = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const outcome = JSON.parse(child.stdout) as ProcessOutcome;
    expect(outcome).toMatchObject({ exitCode: 0, limits: 'best-effort', network: 'denied', containment: { pidNamespace: true, privateFiles: true } });
    expect(outcome.containment.cgroup).toBeUndefined();
    // 256 tasks in the namespace: its shell (now python) and the threads, and nothing more.
    expect(outcome.stdout).toMatch(/^refused after 25\d\n$/);
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
      const { outcome } = await run(`cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^PROBE=${secret}$'; ls -d /proc/[0-9]* | wc -l`, {
        network,
      });
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
    const { outcome } = await run(`echo mine > inside.txt; echo theirs > ../other/outside.txt; echo temp > ${scratch} && cat ${scratch}`, {
      cwd: ws.node,
      writable: [ws.node],
      readable: [ws.root],
    });
    expect(readFileSync(join(ws.node, 'inside.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(ws.other, 'outside.txt'))).toBe(false);
    expect(outcome.stderr).toMatch(/outside\.txt: Read-only file system/);
    expect(outcome.stdout).toBe('temp\n');
    expect(existsSync(scratch)).toBe(false);
  });
});
