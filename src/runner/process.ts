import { spawn } from 'node:child_process';
import { findCgroupHome, makeRunCgroup, removeStale, taskLimit, type CgroupHome, type RunCgroup } from './cgroups.js';
import { carrying, groupProcesses, looseProcesses, treeProcesses, type Seen } from './proc-scan.js';
import { Kept } from './kept.js';
import { learn, prepareLaunch, type Launch } from './sandbox.js';

/** What to run and within which limits. */
export interface ProcessSpec {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  memoryBytes: number;
  maxProcesses: number;
  network: boolean;
  /** Folders the program may write to with the network off (default: `cwd`); the rest is read-only. */
  writable?: string[];
  /** Folders it must see although they are under /tmp or /run, which are private to it with the network off. */
  readable?: string[];
  /** `false` holds the limits by sampling /proc even where a cgroup could hold them (to test that way). */
  cgroup?: false;
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
  /** `enforced`: the kernel holds the memory and process limits (a cgroup the program cannot reach); `best-effort`: sampled. */
  limits: 'enforced' | 'best-effort';
  /** How the program was contained: the cgroup version, its own PID namespace and /proc, its private view of the files. */
  containment: { cgroup: 1 | 2 | undefined; pidNamespace: boolean; privateFiles: boolean };
  spawnError: string | undefined;
}

let home: CgroupHome | { none: string } | undefined;
let made = 0;

// Found once per process; a group that cannot be made after all is learned the same way.
function runCgroup(spec: ProcessSpec): RunCgroup | undefined {
  if (spec.cgroup === false) return undefined;
  if (!home) {
    home = findCgroupHome();
    if ('version' in home) removeStale(home);
  }
  if (!('version' in home)) return undefined;
  try {
    return makeRunCgroup(home, `trail-${process.pid}-${++made}`, spec.memoryBytes, taskLimit(spec.maxProcesses));
  } catch (error) {
    home = { none: `could not make a cgroup: ${(error as Error).message}` };
    return undefined;
  }
}

// A group is removed once its processes are gone; a few more tries for those still exiting.
function release(cgroup: RunCgroup | undefined): void {
  if (!cgroup) return;
  cgroup.kill();
  if (cgroup.remove()) return;
  let tries = 0;
  const retry = setInterval(() => {
    cgroup.kill();
    if (cgroup.remove() || ++tries >= 40) clearInterval(retry);
  }, 50);
  retry.unref();
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
 * Runs a shell command in its own process group, and where the system allows, in a cgroup that
 * holds its memory and process limits and in namespaces of its own (see sandbox.ts), with a time
 * limit. On any limit (and at the end, for strays) every process of the run is killed.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  for (;;) {
    const cgroup = runCgroup(spec);
    const launch = prepareLaunch({
      ...spec,
      writable: spec.writable ?? [spec.cwd],
      readable: spec.readable ?? [],
      join: cgroup?.join ?? [],
      tasks: cgroup ? undefined : taskLimit(spec.maxProcesses),
    });
    let run: Attempt;
    try {
      run = await attempt(spec, launch, cgroup);
    } finally {
      launch.cleanup();
      release(cgroup);
    }
    if (run.ready || run.outcome.timedOut) return run.outcome;
    // The setup refused a step before the program started: learn it, and start again without it.
    const step = run.failure?.step ?? (launch.file.endsWith('unshare') ? 'namespaces' : undefined);
    if (step === 'cgroup' && home && 'version' in home) {
      home = { none: run.failure!.message };
      continue;
    }
    if (step && learn(step, launch)) continue;
    return { ...run.outcome, spawnError: run.outcome.spawnError ?? `the program could not be started: ${run.failure?.message ?? run.outcome.stderr.trim()}` };
  }
}

interface Attempt {
  outcome: ProcessOutcome;
  ready: boolean;
  failure: { step: string; message: string } | undefined;
}

function attempt(spec: ProcessSpec, launch: Launch, cgroup: RunCgroup | undefined): Promise<Attempt> {
  const started = performance.now();
  const out = new Kept(spec.keepBytes / 2);
  const err = new Kept(spec.keepBytes / 2);
  return new Promise((resolve) => {
    const child = spawn(launch.file, launch.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    let limit: ProcessOutcome['limit'];
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: string | null } | undefined;
    let open = 3;
    let ready = false;
    let report = '';
    // Output before the setup says `ready` is the setup's (unshare refusing), not the program's.
    const early: Array<['stdout' | 'stderr', Buffer]> = [];
    let seen: Seen[] = [];
    let tick = 0;
    const group = child.pid;
    const stream = (name: 'stdout' | 'stderr', chunk: Buffer) => {
      (name === 'stdout' ? out : err).add(chunk);
      spec.onOutput?.(name, chunk.toString('utf8'));
    };
    const killAll = () => {
      if (!group) return;
      killGroup(group, 'SIGKILL');
      cgroup?.kill();
      for (const { pid } of seen) killPid(pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      if (!group) return;
      killGroup(group, 'SIGTERM');
      setTimeout(killAll, 1000).unref();
    }, spec.timeoutMs);
    const watchdog = setInterval(() => {
      if (!group) return;
      // Over a limit, everything is killed again at every tick until nothing is left.
      if (limit) return killAll();
      if (cgroup) {
        if (cgroup.outOfMemory()) limit = 'memory';
        else if (cgroup.refusedTasks() || cgroup.processes().length > spec.maxProcesses) limit = 'processes';
      } else {
        // In a PID namespace, orphans stay in the tree (under its first process); outside one, a
        // process that left the tree is found by its group, session or marker twice a second.
        const tree = treeProcesses(group);
        const found = new Map((tree ?? []).filter((p) => !(launch.pidNamespace && p.pid === group)).map((p) => [p.pid, p]));
        const loose =
          !launch.pidNamespace && (tree === undefined || tick++ % 5 === 0) ? looseProcesses(group, spec.marker) : seen.filter((p) => !found.has(p.pid));
        for (const p of loose) for (const q of treeProcesses(p.pid) ?? [p]) found.set(q.pid, q);
        seen = [...found.values()];
        if (seen.length > spec.maxProcesses) limit = 'processes';
        else if (seen.reduce((sum, p) => sum + p.rss, 0) > spec.memoryBytes) limit = 'memory';
      }
      if (limit) killAll();
    }, 100);
    const finish = () => {
      if (open > 0 || !exit) return;
      clearTimeout(timer);
      clearInterval(watchdog);
      const failed = /^fail (\S+) ([\s\S]*)$/m.exec(report);
      const outcome: ProcessOutcome = {
        exitCode: exit.code,
        signal: exit.signal,
        timedOut,
        limit,
        stdout: out.text(),
        stderr: ready ? err.text() : Buffer.concat(early.filter(([name]) => name === 'stderr').map(([, chunk]) => chunk)).toString('utf8'),
        truncated: out.truncated || err.truncated,
        durationMs: performance.now() - started,
        network: launch.network,
        limits: cgroup && launch.pidNamespace ? 'enforced' : 'best-effort',
        containment: { cgroup: cgroup?.version, pidNamespace: launch.pidNamespace, privateFiles: launch.privateFiles },
        spawnError,
      };
      resolve({ outcome, ready: ready || spawnError !== undefined, failure: failed ? { step: failed[1]!, message: failed[2]!.trim() } : undefined });
    };
    for (const [source, name] of [
      [child.stdout!, 'stdout'],
      [child.stderr!, 'stderr'],
    ] as const) {
      source.on('data', (chunk: Buffer) => (ready ? stream(name, chunk) : early.push([name, chunk])));
      source.on('close', () => {
        open--;
        finish();
      });
    }
    const setup = child.stdio[3] as NodeJS.ReadableStream;
    setup.on('data', (chunk: Buffer) => {
      report += chunk.toString('utf8');
      if (!ready && /^ready$/m.test(report)) {
        ready = true;
        for (const [name, chunk] of early.splice(0)) stream(name, chunk);
      }
    });
    setup.on('close', () => {
      open--;
      finish();
    });
    child.on('error', (error) => {
      spawnError = error.message;
      exit ??= { code: null, signal: null };
      open = 0;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // What the kernel counted until the end: a main process killed for memory is the memory limit.
      if (cgroup && !limit) limit = cgroup.outOfMemory() ? 'memory' : cgroup.refusedTasks() ? 'processes' : undefined;
      // A process that escaped the group may still hold the pipes open: stop waiting for it.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 1000).unref();
      // Strays go with the group (and with the PID namespace, which ends with its first process);
      // those that left the group outside a namespace are found by the marker they inherited.
      if (spec.marker && !launch.pidNamespace) for (const pid of carrying(spec.marker)) killPid(pid);
      killAll();
      if (group) {
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
