// Finding a run's processes through Linux's /proc, where the kernel does not count them for us
// (no cgroup): the tree under the program, its process group and session, and every process
// whose environment carries the run's marker.
import { readdirSync, readFileSync } from 'node:fs';

/** A process and its resident memory in bytes. */
export interface Seen {
  pid: number;
  rss: number;
}

/** The process tree under a pid (Linux /proc children lists), with resident memory in bytes. */
export function treeProcesses(root: number): Seen[] | undefined {
  const found: Seen[] = [];
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

function pids(): string[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

/**
 * Processes of a run that may have left its tree (double-forked, orphaned): those in its process
 * group or session, and with a marker, those whose environment holds it (`NAME=value`).
 */
export function looseProcesses(group: number, marker?: string): Seen[] {
  const found: Seen[] = [];
  const needle = marker ? `\0${marker}\0` : undefined;
  for (const name of pids()) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ours =
        Number(fields[2]) === group ||
        Number(fields[3]) === group ||
        (needle !== undefined && `\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(needle));
      if (ours) found.push({ pid, rss: Number(fields[21]) * 4096 });
    } catch {
      // The process ended while we looked, or is another user's.
    }
  }
  return found;
}

/** Processes of a process group (Linux /proc). */
export function groupProcesses(group: number): number[] {
  const found: number[] = [];
  for (const name of pids()) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === group) found.push(Number(name));
    } catch {
      // Gone.
    }
  }
  return found;
}

/** Processes whose environment holds `NAME=value` (Linux /proc; only those readable by this user). */
export function carrying(marker: string): number[] {
  const needle = `\0${marker}\0`;
  return pids()
    .map(Number)
    .filter((pid) => {
      if (pid === process.pid) return false;
      try {
        return `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(needle);
      } catch {
        return false;
      }
    });
}
