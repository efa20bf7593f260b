import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { survivors as listSurvivors } from '../test-support/processes.js';
import { runProcess, type ProcessSpec } from './process.js';

let counter = 0;

const survivors = (marker: string) => listSurvivors(`TRAIL_TEST_MARKER=${marker}`);

async function run(command: string, overrides: Partial<ProcessSpec> = {}) {
  const marker = (overrides.env?.TRAIL_TEST_MARKER as string | undefined) ?? `m${process.pid}-${++counter}`;
  const outcome = await runProcess({
    command,
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TRAIL_TEST_MARKER: marker },
    timeoutMs: 10_000,
    memoryBytes: 512 * 1024 ** 2,
    maxProcesses: 64,
    network: true,
    keepBytes: 64 * 1024,
    ...overrides,
  });
  // The sweep after exit kills strays within a few ticks.
  for (let i = 0; i < 40 && survivors(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return { outcome, left: survivors(marker) };
}

describe('the process runner', () => {
  it('(the scan for leftovers sees a live process, so "no process left" means something)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('sleep', ['5'], { env: { ...process.env, TRAIL_TEST_MARKER: 'probe' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(survivors('probe')).toContain(child.pid);
    child.kill('SIGKILL');
  });

  it('stops an infinite loop at the time limit and leaves no process behind', async () => {
    const { outcome, left } = await run('while :; do :; done', { timeoutMs: 500 });
    expect(outcome.timedOut).toBe(true);
    expect(left).toEqual([]);
  });

  it('kills a child that ignores SIGTERM', async () => {
    const { outcome, left } = await run(`sh -c 'trap "" TERM; while :; do sleep 0.1; done' & wait`, { timeoutMs: 300 });
    expect(outcome.timedOut).toBe(true);
    expect(left).toEqual([]);
  });

  it('bounds a fork storm by the process limit', async () => {
    const { outcome, left } = await run('for i in $(seq 1 300); do sleep 20 & done; wait', { maxProcesses: 20 });
    expect(outcome.limit).toBe('processes');
    expect(left).toEqual([]);
  });

  it('keeps only the head and tail of 100 MB of output, in bounded memory', async () => {
    const before = process.memoryUsage().rss;
    const { outcome, left } = await run("head -c 100000000 /dev/zero | tr '\\0' x; echo END");
    expect(outcome.exitCode).toBe(0);
    expect(outcome.truncated).toBe(true);
    expect(outcome.stdout.length).toBeLessThan(70 * 1024);
    expect(outcome.stdout).toContain('bytes left out');
    expect(outcome.stdout.trimEnd().endsWith('END')).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(80 * 1024 ** 2);
    expect(left).toEqual([]);
  });

  it('stops a memory hog at the memory limit', async () => {
    const { outcome, left } = await run('python3 -c "import time; a = bytearray(400 * 1024 * 1024); time.sleep(10)"', { memoryBytes: 100 * 1024 ** 2 });
    expect(outcome.limit).toBe('memory');
    expect(left).toEqual([]);
  });

  it('reads output that is not UTF-8 without failing', async () => {
    const { outcome } = await run("printf 'caf\\351 \\377\\376 ok\\n'");
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toBe('caf\uFFFD \uFFFD\uFFFD ok\n');
  });

  it('also ends a child that left the process group with setsid, by the marker in its environment', async () => {
    const marker = `TRAIL_RUN_ID=escape-${process.pid}`;
    const { outcome, left } = await run('setsid sleep 30 & sleep 0.2; echo done', {
      marker,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TRAIL_TEST_MARKER: `e${process.pid}`, TRAIL_RUN_ID: `escape-${process.pid}` },
    });
    expect(outcome.exitCode).toBe(0);
    expect(left).toEqual([]);
  });

  it('does not wait for a hidden process that keeps the output open', async () => {
    const { outcome } = await run('env -u TRAIL_TEST_MARKER setsid sleep 5 & echo started', { timeoutMs: 5000 });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.durationMs).toBeLessThan(3000);
  });

  it('leaves background children of a finished program no chance to linger', async () => {
    const { outcome, left } = await run('sleep 30 & echo started');
    expect(outcome.exitCode).toBe(0);
    expect(left).toEqual([]);
  });

  it('denies network access where the system allows it, and says so otherwise', async () => {
    const { outcome } = await run('python3 -c "import socket; socket.create_connection((\'127.0.0.1\', 9), timeout=2)"', { network: false });
    if (outcome.network === 'denied') expect(outcome.stderr).toContain('Network is unreachable');
    else expect(outcome.network).toMatch(/^not isolated: /);
  });

  it('says the network is not isolated when unshare is not there, and still runs the program', async () => {
    const { outcome } = await run('echo hello', { network: false, env: { PATH: '/nonexistent', TRAIL_TEST_MARKER: `n${process.pid}` } });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'hello\n', network: 'not isolated: unshare is not installed' });
  });
});
