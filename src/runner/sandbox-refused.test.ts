// A system that refuses a step of the sandbox: here `mount`, as in a container that forbids it.
// The runner learns it once, runs the program without that step, and says what held. (A file of
// its own, though what the runner learns is kept per set of tools found: this PATH brings its own mount.)
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needs } from '../test-support/processes.js';
import { runProcess } from './process.js';

const bin = mkdtempSync(join(tmpdir(), 'trail-refused-'));
const calls = join(bin, 'calls');
writeFileSync(join(bin, 'mount'), `#!/bin/sh\necho called >> '${calls}'\necho "mount: permission denied" >&2\nexit 32\n`);
chmodSync(join(bin, 'mount'), 0o755);
writeFileSync(calls, '');
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const run = () =>
  runProcess({
    command: 'echo hello',
    cwd: tmpdir(),
    env: { PATH: `${bin}:${process.env.PATH}` },
    timeoutMs: 10_000,
    memoryBytes: 256 * 1024 ** 2,
    maxProcesses: 16,
    network: false,
    keepBytes: 64 * 1024,
  });

describe('a system that refuses to mount', () => {
  it('runs the program without what it refuses, shows none of the setup, and says what held', async (context) => {
    needs(context, 'pidNamespace');
    const first = await run();
    expect(first).toMatchObject({
      exitCode: 0,
      stdout: 'hello\n',
      stderr: '',
      network: 'denied',
      limits: 'best-effort',
      containment: { pidNamespace: false, privateFiles: false },
    });
    // Once with the private files, once with only a private /proc: then no more tries.
    expect(readFileSync(calls, 'utf8')).toBe('called\ncalled\n');
    const second = await run();
    expect(second).toMatchObject({ exitCode: 0, stdout: 'hello\n', network: 'denied' });
    expect(readFileSync(calls, 'utf8')).toBe('called\ncalled\n');
  });
});
