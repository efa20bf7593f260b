import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What to run and within which limits. */
export interface ProcessSpec {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  memoryBytes: number;
  maxProcesses: number;
  network: boolean;
  /** Bytes kept of each of stdout and stderr: the first and last halves. */
  keepBytes: number;
  /** `NAME=value` in the program's environment: processes that left the group (setsid) still carry it. */
  marker?: string;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** How the run ended. */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  limit: 'memory' | 'processes' | undefined;
  stdout: string;
  stderr: string;
  truncated: boolean;
  durationMs: number;
  network: string;
  spawnError: string | undefined;
}

// Head and tail of a stream, so 100 MB of output costs a bounded amount of memory.
class Kept {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  total = 0;
  constructor(private readonly half: number) {}
  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.headBytes < this.half) {
      const take = chunk.subarray(0, this.half - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - (this.tail[0]?.length ?? 0) >= this.half) this.tailBytes -= this.tail.shift()!.length;
  }
  text(): string {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const head = decoder.decode(Buffer.concat(this.head));
    if (this.tail.length === 0) return head;
    const tail = Buffer.concat(this.tail);
    const cut = tail.subarray(Math.max(0, tail.length - this.half));
    const skipped = this.total - this.headBytes - cut.length;
    return skipped > 0 ? `${head}\n… ${skipped} bytes left out …\n${decoder.decode(cut)}` : `${head}${decoder.decode(cut)}`;
  }
  get truncated(): boolean {
    return this.total > this.headBytes + this.half;
  }
}

const UNSHARE = ['unshare', '--net', '--map-root-user', '--'];
const NOT_INSTALLED = 'not isolated: unshare is not installed';
const NOT_ALLOWED = 'not isolated: this system does not allow a private network namespace';
// Learned on the first refusal, so later runs of this process go straight to the fallback.
let namespacesRefused = false;

function onPath(name: string, path: string | undefined): boolean {
  return (path ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** The process tree under a pid (Linux /proc children lists), with resident memory in bytes. */
export function treeProcesses(root: number): Array<{ pid: number; rss: number }> | undefined {
  const found: Array<{ pid: number; rss: number }> = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
      found.push({ pid, rss: Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096 });
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      } catch (error) {
        // Without children lists (an older kernel), the caller scans the whole of /proc instead.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && pid === root) return undefined;
        continue;
      }
      for (const child of children.split(' ')) if (child) queue.push(Number(child));
    }
  }
  return found;
}

/** Processes of a process group (Linux /proc), with their resident memory in bytes. */
export function groupProcesses(group: number): Array<{ pid: number; rss: number }> {
  const found: Array<{ pid: number; rss: number }> = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== group) continue;
      found.push({ pid: Number(name), rss: Number(fields[21]) * 4096 });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Processes whose environment holds `NAME=value` (Linux /proc; only those readable by this user). */
export function carrying(marker: string): number[] {
  const found: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found;
  }
  const needle = `\0${marker}\0`;
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(needle)) found.push(Number(name));
    } catch {
      // Gone, or another user's.
    }
  }
  return found;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Nothing left in the group.
  }
}

/**
 * Runs a shell command in its own process group with a time limit, a memory limit and a process
 * limit over the whole group, and no network where the system allows it. On any limit (and at
 * the end, for strays) the whole group is killed: TERM, then KILL.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  if (spec.network) return attempt(spec, [], 'allowed');
  if (namespacesRefused) return attempt(spec, [], NOT_ALLOWED);
  if (!onPath('unshare', spec.env.PATH)) return attempt(spec, [], NOT_INSTALLED);
  // Network denied with `unshare --net` in a user namespace; where the system refuses that,
  // unshare says so before running anything, and the program runs again without it.
  const isolated = await attempt(spec, UNSHARE, 'denied');
  if (isolated.exitCode === 1 && isolated.stdout === '' && /^unshare: /.test(isolated.stderr)) {
    namespacesRefused = true;
    return attempt(spec, [], NOT_ALLOWED);
  }
  return isolated;
}

function attempt(spec: ProcessSpec, prefix: readonly string[], network: string): Promise<ProcessOutcome> {
  const [file, ...args] = [...prefix, '/bin/sh', '-c', spec.command];
  const started = performance.now();
  const out = new Kept(spec.keepBytes / 2);
  const err = new Kept(spec.keepBytes / 2);
  return new Promise((resolve) => {
    const child = spawn(file!, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    let limit: ProcessOutcome['limit'];
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;
    let open = 2;
    const group = child.pid;
    const stop = () => {
      if (!group) return;
      killGroup(group, 'SIGTERM');
      setTimeout(() => killGroup(group, 'SIGKILL'), 1000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const watchdog = setInterval(() => {
      if (!group || limit) return;
      // Walking the tree under the program is cheap; the whole-/proc scan is the fallback.
      const processes = treeProcesses(group) ?? groupProcesses(group);
      if (processes.length > spec.maxProcesses) limit = 'processes';
      else if (processes.reduce((sum, p) => sum + p.rss, 0) > spec.memoryBytes) limit = 'memory';
      if (limit) killGroup(group, 'SIGKILL');
    }, 100);
    const finish = () => {
      if (open > 0 || !exit) return;
      clearTimeout(timer);
      clearInterval(watchdog);
      resolve({ exitCode: exit.code, signal: exit.signal, timedOut, limit, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated, durationMs: performance.now() - started, network, spawnError });
    };
    for (const [stream, kept, name] of [[child.stdout, out, 'stdout'], [child.stderr, err, 'stderr']] as const) {
      stream.on('data', (chunk: Buffer) => {
        kept.add(chunk);
        spec.onOutput?.(name, chunk.toString('utf8'));
      });
      stream.on('close', () => {
        open--;
        finish();
      });
    }
    child.on('error', (error) => {
      spawnError = error.message;
      exit ??= { code: null, signal: null };
      open = 0;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A process that escaped the group may still hold the pipes open: stop waiting for it.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 1000).unref();
      // Strays (background children) go with the group, and release the pipes; those that left
      // the group are found by the marker their environment inherited.
      if (spec.marker) for (const pid of carrying(spec.marker)) killPid(pid);
      if (group) {
        killGroup(group, 'SIGKILL');
        const sweep = setInterval(() => {
          if (groupProcesses(group).length === 0) clearInterval(sweep);
          else killGroup(group, 'SIGKILL');
        }, 50);
        sweep.unref();
      }
      finish();
    });
  });
}
