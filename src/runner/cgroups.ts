// Control groups: the kernel's own limits on memory and process count for a whole tree of
// processes, double-forked and orphaned ones included. Found once per process: a delegated
// cgroup v2 subtree, else writable cgroup v1 hierarchies, else none (and why).
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where runs get cgroups of their own: a v2 folder with memory and pids for its children, or the two v1 folders. */
export type CgroupHome = { version: 2; dir: string } | { version: 1; memory: string; pids: string };

/** A cgroup for one run: the files a process writes itself into, and what the kernel counted. */
export interface RunCgroup {
  version: 1 | 2;
  /** `cgroup.procs` files: writing 0 to each moves the writer (and so all it starts) into the run's group. */
  join: string[];
  /** Processes in the group now (not threads). */
  processes(): number[];
  /** The kernel killed a process for going over the memory limit. */
  outOfMemory(): boolean;
  /** The kernel refused a fork or a thread at the task limit. */
  refusedTasks(): boolean;
  /** SIGKILL to every process in the group, until none is left (bounded). */
  kill(): void;
  /** Removes the group once it is empty; false while processes are still leaving. */
  remove(): boolean;
}

const read = (path: string) => readFileSync(path, 'utf8');
// A group's folder: the mount point and the group's path, without the slash of the root group.
const folder = (root: string, mount: string, path: string) => join(root, mount, path).replace(/(.)\/$/, '$1');
const writable = (dir: string) => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Mount points of cgroup file systems, from mountinfo text: v2's, and v1's by controller. */
export function cgroupMounts(mountinfo: string): { v2?: string; v1: Map<string, string> } {
  const v1 = new Map<string, string>();
  let v2: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const point = unescapeMount(left.split(' ')[4] ?? '');
    const [type, , options = ''] = right.split(' ');
    if (type === 'cgroup2') v2 ??= point;
    else if (type === 'cgroup') for (const option of options.split(',')) if (!v1.has(option)) v1.set(option, point);
  }
  return { v2, v1 };
}

/** A path as written in /proc/self/mountinfo, with `\040` and the like decoded. */
export function unescapeMount(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * Finds where this process may make cgroups for its runs, under `root` (`''` for the real
 * system; tests pass a folder shaped like it). With cgroup v2, the process's own group must be
 * writable and offer memory and pids; when it holds only this process, the process moves into a
 * leaf of its own so that its group may hand those controllers to children (what a systemd unit or
 * scope with `Delegate=yes` allows). With cgroup v1, its memory and pids groups must be writable.
 */
export function findCgroupHome(root = '', pid = process.pid): CgroupHome | { none: string } {
  let own: string, mountinfo: string;
  try {
    own = read(`${root}/proc/self/cgroup`);
    mountinfo = read(`${root}/proc/self/mountinfo`);
  } catch {
    return { none: 'no /proc/self/cgroup (not Linux)' };
  }
  const mounts = cgroupMounts(mountinfo);
  const groups = own.split('\n').map((line) => line.split(':'));
  const v2Path = groups.find((g) => g[0] === '0' && g[1] === '')?.[2];
  let why = 'no cgroup file system';
  if (mounts.v2 !== undefined && v2Path !== undefined) {
    const dir = folder(root, mounts.v2, v2Path);
    const offered = (file: string) => {
      try {
        const words = read(join(dir, file)).split(/\s+/);
        return words.includes('memory') && words.includes('pids');
      } catch {
        return false;
      }
    };
    if (!offered('cgroup.controllers')) why = `cgroup v2 group ${v2Path} offers no memory and pids controllers`;
    else if (!writable(dir)) why = `cgroup v2 group ${v2Path} is not writable by this user (not delegated)`;
    else if (offered('cgroup.subtree_control')) return { version: 2, dir };
    else {
      const members = read(join(dir, 'cgroup.procs')).split('\n').filter(Boolean);
      if (members.length !== 1 || members[0] !== String(pid))
        why = `cgroup v2 group ${v2Path} holds other processes; start Trailguide in a delegated group of its own (systemd-run --user --scope -p Delegate=yes …)`;
      else {
        try {
          mkdirSync(join(dir, 'trail-main'), { recursive: true });
          writeFileSync(join(dir, 'trail-main', 'cgroup.procs'), String(pid));
          writeFileSync(join(dir, 'cgroup.subtree_control'), '+memory +pids');
          return { version: 2, dir };
        } catch (error) {
          why = `cgroup v2 group ${v2Path} could not hand memory and pids to its children: ${(error as Error).message}`;
        }
      }
    }
  }
  const memory = mounts.v1.get('memory');
  const pids = mounts.v1.get('pids');
  const memoryPath = groups.find((g) => g[1]?.split(',').includes('memory'))?.[2];
  const pidsPath = groups.find((g) => g[1]?.split(',').includes('pids'))?.[2];
  if (memory !== undefined && pids !== undefined && memoryPath !== undefined && pidsPath !== undefined) {
    const home = { version: 1 as const, memory: folder(root, memory, memoryPath), pids: folder(root, pids, pidsPath) };
    if (writable(home.memory) && writable(home.pids)) return home;
    why = `${why}; cgroup v1 memory and pids groups are not writable by this user`;
  }
  return { none: why };
}

/** Removes groups left by runs of processes that no longer exist (a `trail` killed mid-run). */
export function removeStale(home: CgroupHome): void {
  for (const dir of home.version === 2 ? [home.dir] : [home.memory, home.pids]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = /^trail-(\d+)-\d+$/.exec(name)?.[1];
      if (!owner || alive(Number(owner))) continue;
      try {
        rmdirSync(join(dir, name));
      } catch {
        // Still has processes, or not ours.
      }
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The kernel counts threads as tasks; `processes` counts processes. The task limit is a wall
// against fork bombs well above what programs with many threads (BLAS, Go, Node) use.
export const taskLimit = (processes: number) => Math.max(256, 16 * processes);

function counter(text: string, name: string): number {
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

/** Makes the group of one run, with its memory limit (swap included) and task limit. */
export function makeRunCgroup(home: CgroupHome, name: string, memoryBytes: number, tasks: number): RunCgroup {
  const dirs = home.version === 2 ? [join(home.dir, name)] : [join(home.memory, name), join(home.pids, name)];
  for (const dir of dirs) mkdirSync(dir);
  const [memoryDir, pidsDir] = [dirs[0]!, dirs.at(-1)!];
  const optional = (file: string, value: string) => {
    try {
      writeFileSync(join(memoryDir, file), value);
    } catch {
      // Not offered by this kernel (no swap accounting, no group OOM kill).
    }
  };
  if (home.version === 2) {
    writeFileSync(join(memoryDir, 'memory.max'), String(memoryBytes));
    optional('memory.swap.max', '0');
    optional('memory.oom.group', '1');
  } else {
    writeFileSync(join(memoryDir, 'memory.limit_in_bytes'), String(memoryBytes));
    optional('memory.memsw.limit_in_bytes', String(memoryBytes));
  }
  writeFileSync(join(pidsDir, 'pids.max'), String(tasks));
  const processes = () => {
    try {
      return read(join(pidsDir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  return {
    version: home.version,
    join: dirs.map((dir) => join(dir, 'cgroup.procs')),
    processes,
    outOfMemory: () => {
      try {
        return counter(read(join(memoryDir, home.version === 2 ? 'memory.events' : 'memory.oom_control')), 'oom_kill') > 0;
      } catch {
        return false;
      }
    },
    refusedTasks: () => {
      try {
        return counter(read(join(pidsDir, 'pids.events')), 'max') > 0;
      } catch {
        return false;
      }
    },
    kill: () => {
      if (home.version === 2) {
        try {
          writeFileSync(join(memoryDir, 'cgroup.kill'), '1');
          return;
        } catch {
          // cgroup.kill is Linux 5.14 and later; kill one by one.
        }
      }
      // A process with SIGKILL pending cannot finish a fork, so each pass leaves fewer.
      for (let pass = 0; pass < 100; pass++) {
        const left = processes();
        if (left.length === 0) return;
        for (const pid of left) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone already.
          }
        }
      }
    },
    remove: () =>
      dirs.every((dir) => {
        try {
          rmdirSync(dir);
          return true;
        } catch (error) {
          return (error as NodeJS.ErrnoException).code === 'ENOENT';
        }
      }),
  };
}
