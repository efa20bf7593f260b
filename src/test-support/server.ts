import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { ROOT, TRAIL } from './cli.js';

/** Stops the processes and waits for each to exit: a server on the embedded database writes its files as it stops. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** A `trail serve` subprocess and the address it printed. */
export interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts `trail serve` on a free port (stopped after the test); resolves once it prints its address. */
export function useServer(): (args: string[], env: Record<string, string>) => Promise<Served> {
  const running: ChildProcess[] = [];
  afterEach(() => stopAll(running.splice(0)));
  return (args, env) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [TRAIL, 'serve', '--port', '0', ...args], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.push(child);
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        const url = /running at (http:\/\/\S+\/)/.exec(output)?.[1];
        if (url) resolve({ url, child, output: () => output });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`trail serve exited with ${code}:\n${output}`)));
    });
}
