import { resolve } from 'node:path';
import { TrailError } from '../core/errors.js';

/** Where a command writes: the process's stdout or stderr, or a buffer in tests. */
export interface CliOutput {
  write(text: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Where a command reads answers, chat lines and keys from. */
export type CliInput = NodeJS.ReadableStream & { readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown; destroy?(): unknown };

/** The environment variables a run of `trail` sees. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/**
 * What a run of `trail` is given instead of the process's globals, so that it can run inside
 * another program (the tests) as it runs in its own process.
 */
export interface CliContext {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  env: CliEnv;
  /** The folder relative paths on the command line are read from. */
  cwd: string;
  /** The time commands record and schedule by (default: now, or `TRAIL_NOW` of env). */
  now?: () => Date;
  /** Resolves when the learner asks a long-running command (serve) to stop: Ctrl-C or SIGTERM. */
  stopRequested?: () => Promise<void>;
}

/** A context as one command sees it: the given one, the clock made, and the workspace folder chosen. */
export interface Cli extends Required<CliContext> {
  /** The workspace folder named with --workspace, else the current folder. */
  where: string;
  /** The folder given with --workspace, when it was. */
  workspaceOption: string | undefined;
  /** A path typed on the command line, read from the current folder. */
  path(typed: string): string;
}

/** The time of env: now, or `TRAIL_NOW` (an ISO date), a hook for tests. */
export function clockOf(env: CliEnv): () => Date {
  return () => {
    const fixed = env.TRAIL_NOW;
    if (!fixed) return new Date();
    const time = new Date(fixed);
    if (Number.isNaN(time.getTime()))
      throw new TrailError('USAGE', `TRAIL_NOW is not a date: "${fixed}"`, 'unset it, or give an ISO date such as 2026-11-23T10:00:00Z');
    return time;
  };
}

/** The per-command view of a context, with --workspace resolved against its folder. */
export function cliOf(context: CliContext, workspaceOption: string | undefined): Cli {
  const path = (typed: string) => resolve(context.cwd, typed);
  return {
    ...context,
    now: context.now ?? clockOf(context.env),
    stopRequested: context.stopRequested ?? (() => new Promise<void>(() => undefined)),
    where: workspaceOption === undefined ? context.cwd : path(workspaceOption),
    workspaceOption,
    path,
  };
}

/** The context of the `trail` process itself: its streams, environment, folder and signals. */
export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    // Listened for only while a command waits for them, so Ctrl-C stops every other command at once.
    stopRequested: () =>
      new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      }),
  };
}
