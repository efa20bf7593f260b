import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createCli } from '../cli/main.js';
import type { CliOutput } from '../cli/context.js';

/** The repository root (`trailProcess` runs the built `bin/trail.js` from here). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TRAIL = join(ROOT, 'bin', 'trail.js');
/** The engine's fixture track (id llm-engineering-mastery): 14 milestones proven by statements and journal entries. */
export const MILESTONES = join(ROOT, 'src/test-support/fixtures/milestones');

/** What a `trail` run printed and how it exited. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** How a test runs `trail`: from which folder, with which variables added, what it reads on stdin. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

// What a run printed on one stream, as text.
class Captured implements CliOutput {
  text = '';
  readonly isTTY = false;
  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }
}

/**
 * Runs `trail` from the sources in this process, as a learner's shell would (no colours, no
 * terminal): what it printed and its exit code. `trailProcess` runs the built command instead.
 */
export async function trail(args: string[], options: RunOptions = {}): Promise<Run> {
  const stdout = new Captured();
  const stderr = new Captured();
  const cli = createCli({
    stdout,
    stderr,
    stdin: Readable.from([options.input ?? '']),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? ROOT,
  });
  const code = await cli.run(args);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Runs `trail` from the sources in this process as if at a terminal: stdin and stdout say they are
 * one, and whenever the output has been quiet for a moment the person types `answer(output so far)`
 * (a prompt's keys, `q` to quit a watch). What it printed and its exit code.
 */
export async function trailAtTerminal(args: string[], answer: (output: string) => string, options: RunOptions = {}): Promise<Run> {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  let timer: NodeJS.Timeout | undefined;
  let text = '';
  // A stream, as the prompts pipe to it.
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        clearTimeout(timer);
        timer = setTimeout(() => stdin.write(answer(text)), 150);
        done();
      },
    }),
    // A prompt ends what it was piped to when it closes; a terminal stays open for the next one.
    { isTTY: true, columns: 100, end: () => stdout },
  );
  const stderr = new Captured();
  const cli = createCli({ stdout, stderr, stdin, env: { ...process.env, NO_COLOR: '1', ...options.env }, cwd: options.cwd ?? ROOT });
  try {
    const code = await cli.run(args);
    return { code, stdout: text, stderr: stderr.text };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the built `trail` command as a subprocess, with no colours and no terminal: for what only a process shows. */
export function trailProcess(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRAIL, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `trail … --json` and parses what it printed. */
export async function trailJson<T = unknown>(args: string[], options: RunOptions = {}): Promise<T & { $code: number }> {
  const run = await trail([...args, '--json'], options);
  try {
    return Object.assign(JSON.parse(run.stdout), { $code: run.code });
  } catch {
    throw new Error(`trail ${args.join(' ')} --json printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** A fresh temporary folder, removed after the test. */
export function useTmpDir(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-test-'));
    made.push(dir);
    return dir;
  };
}

/** Writes files given as { "relative/path": "content" } under a folder. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** An overview.md with the given front matter lines and a body. */
export function overview(frontMatter: string, body = 'Body.'): string {
  return `---\n${frontMatter.trim()}\n---\n\n${body}\n`;
}

/** The words of a command line as a POSIX shell splits them (spaces, single and double quotes, backslashes); no expansion. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let text = '';
      for (i++; i < line.length && line[i] !== '"'; i++) text += line[i] === '\\' && /["\\$`]/.test(line[i + 1] ?? '') ? line[++i] : line[i];
      if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
      word = (word ?? '') + text;
    } else if (ch === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
