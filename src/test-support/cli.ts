import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The repository root (tests run the built `bin/trail.js` from here). */
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

/** Runs the real `trail` command as a subprocess, with no colours and no terminal. */
export function trail(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<Run> {
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
export async function trailJson<T = any>(args: string[], options: Parameters<typeof trail>[1] = {}): Promise<T & { $code: number }> {
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
