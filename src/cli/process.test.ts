// What only the built `trail` in a process of its own shows: the bundle starts, the exit codes
// reach the shell, a terminal gets colours, Ctrl-C and SIGTERM stop a server. Every other test
// runs the CLI in process (test-support/cli.ts).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MILESTONES, ROOT, TRAIL, trail, trailProcess, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

async function workspace(): Promise<string> {
  const dir = tmp();
  expect((await trail(['init', dir, '--track', MILESTONES])).code).toBe(0);
  return dir;
}

describe('the built trail, in a process of its own', () => {
  it('starts from the bundle: its version, and the same help as the sources print', async () => {
    expect(await trailProcess(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await trailProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await trail(['--help'])).stdout);
    for (const name of ['tracks', 'init', 'status', 'journal', 'runs', 'import', 'serve', 'sync-lrs'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('exits with the documented codes: 0, 2 for usage, 3 for what is not found, 4 for bad input', async () => {
    const ws = await workspace();
    expect((await trailProcess(['status'], { cwd: ws })).code).toBe(0);
    const usage = await trailProcess(['status', '--no-such-flag'], { cwd: ws });
    expect([usage.code, usage.stderr]).toEqual([2, "error: unknown option '--no-such-flag'\n(run `trail --help` for usage)\n"]);
    const missing = await trailProcess(['show', 'no-such-node', '--json'], { cwd: ws });
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout).error.code).toBe('NODE_NOT_FOUND');
    expect((await trailProcess(['journal', 'add', '--node', 'm1', '--text', 'too short'], { cwd: ws })).code).toBe(4);
  });

  it('colours its output on a terminal, and not with NO_COLOR', async () => {
    const ws = await workspace();
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NO_COLOR' && name !== 'FORCE_COLOR'));
    // script(1) gives the command a pseudo-terminal, as a learner's shell does.
    const onTerminal = (extra: Record<string, string>) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(TRAIL)} status`, '/dev/null'], {
        cwd: ws,
        env: { ...env, ...extra },
        encoding: 'utf8',
      });
    const coloured = onTerminal({});
    expect(coloured.status).toBe(0);
    expect(coloured.stdout).toContain('\x1b[1mLLM Engineering Mastery\x1b[22m');
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain.stdout).toContain('LLM Engineering Mastery');
    expect(plain.stdout).not.toContain('\x1b[');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops serving on ${signal} and exits 0`, async () => {
      const child = spawn(process.execPath, [TRAIL, 'serve', '--port', '0'], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', TRAIL_HOME: tmp() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk;
          const found = /running at (http:\/\/\S+\/)/.exec(output)?.[1];
          if (found) resolve(found);
        });
        child.on('exit', (code) => reject(new Error(`trail serve exited with ${code}: ${output}`)));
      });
      expect((await fetch(`${url}api/tracks`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      await expect(fetch(`${url}api/tracks`)).rejects.toThrow();
    });
  }
});
