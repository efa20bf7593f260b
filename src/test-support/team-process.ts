import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ROOT, type Run } from './cli.js';
import { stopAll } from './server.js';

/**
 * A copy of the built package whose built-in tracks are the given track folders: a team server
 * serves cohorts on built-in tracks only, and none of those ships a `review` criterion. The
 * copy holds bin/, dist/bundle/, dist/web/, helpers/ and schema/ (found beside them, as in the published package) and links
 * node_modules; `trail` is then run from it. Returns the path of its `bin/trail.js`.
 */
export function packageWithTracks(root: string, tracks: Record<string, string>): string {
  const copy = join(root, 'package');
  for (const part of ['bin', 'package.json', 'dist/bundle', 'dist/web', 'helpers', 'schema']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  if (!existsSync(join(copy, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  mkdirSync(join(copy, 'tracks'), { recursive: true });
  for (const [id, dir] of Object.entries(tracks)) cpSync(dir, join(copy, 'tracks', id), { recursive: true });
  return join(copy, 'bin', 'trail.js');
}

/** Runs a `trail` (the given bin/trail.js) as a subprocess, with no colours. */
export function trailAt(bin: string, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Starts `trail serve --team` from `bin` on a free port (stopped after the test); resolves with its address once printed. */
export function useTeamServer(): (bin: string, env: Record<string, string>) => Promise<{ url: string; output: () => string }> {
  const running: ChildProcess[] = [];
  afterEach(() => stopAll(running.splice(0)));
  return (bin, env) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'serve', '--team', '--port', '0'], {
        env: { ...process.env, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.push(child);
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        const url = /running at (http:\/\/\S+\/)/.exec(output)?.[1];
        if (url) resolve({ url, output: () => output });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`trail serve --team exited with ${code}:\n${output}`)));
    });
}
