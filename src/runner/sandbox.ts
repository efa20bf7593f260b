// How the learner's program is started: in namespaces of its own where the system allows them
// (user, PID, mount, IPC, and network unless allowed), with a private /proc, and with the network
// off, a private view of the files. A small shell script does the work inside the namespaces
// (joining the run's cgroup, mounting, dropping capabilities) and reports on file descriptor 3:
// `ready` just before it starts the program, or `fail <step> <why>`, so that a system that refuses
// a step is learned once and the run is started again without it.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { unescapeMount } from './cgroups.js';

/** What the sandbox needs to know of a run. */
export interface LaunchSpec {
  command: string;
  cwd: string;
  env: Record<string, string>;
  network: boolean;
  /** Folders the program may write to with the network off; everything else is read-only. */
  writable: readonly string[];
  /** Folders it must still see although they are under a folder made private (/tmp, /run). */
  readable: readonly string[];
  /** Bytes of the private temporary folders (tmpfs counts as memory). */
  memoryBytes: number;
  /** `cgroup.procs` files to join before anything else runs. */
  join: readonly string[];
  /** A kernel limit on the tasks of the program's user namespace, where no cgroup holds them. */
  tasks?: number;
}

/** The command line to spawn, and what it gives the program. */
export interface Launch {
  file: string;
  args: string[];
  pidNamespace: boolean;
  privateFiles: boolean;
  network: string;
  /** The system tools this launch found, by which what the system refuses is learned. */
  tools: string;
  cleanup(): void;
}

export const NOT_INSTALLED = 'not isolated: unshare is not installed';
export const NOT_ALLOWED = 'not isolated: this system does not allow a private network namespace';

// Learned from the first refusal, so later runs of this process go straight to what works: per
// set of tools found (one set on a machine; a PATH that brings other tools learns afresh).
const learnedBy = new Map<string, { namespaces: boolean; pidNamespace: boolean; privateFiles: boolean; rlimit: boolean }>();
function learnedWith(tools: string) {
  let learned = learnedBy.get(tools);
  if (!learned) learnedBy.set(tools, (learned = { namespaces: true, pidNamespace: true, privateFiles: true, rlimit: true }));
  return learned;
}

/** Stops using what a run's setup could not do (`namespaces`, `files`, `rlimit`); false when there is nothing left to drop. */
export function learn(step: string, launch: Launch): boolean {
  const learned = learnedWith(launch.tools);
  // A refused PID namespace (or mount, or IPC) is dropped before the network namespace that worked before it.
  if (step === 'namespaces' && launch.pidNamespace) learned.pidNamespace = false;
  else if (step === 'namespaces' && learned.namespaces) learned.namespaces = false;
  else if (step === 'files' && launch.privateFiles) learned.privateFiles = false;
  else if (step === 'files' && launch.pidNamespace) learned.pidNamespace = false;
  else if (step === 'rlimit' && learned.rlimit) learned.rlimit = false;
  else return false;
  return true;
}

const SYSTEM = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const found = new Map<string, string | undefined>();

// Commands are looked up on the program's PATH (so a PATH without unshare means no unshare);
// the mount tools also in the system folders, which a user's PATH often leaves out.
function which(name: string, path: string | undefined, system = false): string | undefined {
  const key = `${name}\0${path}\0${system}`;
  if (!found.has(key)) {
    const dirs = [...(path ?? '').split(':').filter(Boolean), ...(system ? SYSTEM : [])];
    found.set(
      key,
      dirs.map((dir) => join(dir, name)).find((file) => existsSync(file)),
    );
  }
  return found.get(key);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function fstabPath(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const under = (path: string, dir: string) => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
const isDir = (path: string) => {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
};
const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

// RLIMIT_NPROC counts per user namespace from Linux 5.14; before, it counted all the user's processes.
const perNamespaceNproc = (() => {
  const [major = 0, minor = 0] = release().split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 14);
})();

/** Folders that are private to the program with the network off: empty, or made afresh. */
function hiddenFolders(): string[] {
  return ['/proc', '/sys', '/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm', '/dev/pts', '/dev/mqueue'].filter(isDir);
}

/** Unix sockets bound on this system now (Linux /proc/net/unix), by path. */
function boundSockets(): string[] {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  const paths = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const path = line.trim().split(/\s+/).slice(7).join(' ');
    if (!path.startsWith('/')) continue;
    try {
      if (lstatSync(path).isSocket()) paths.add(path);
    } catch {
      // Unlinked since it was bound.
    }
  }
  return [...paths];
}

/** fstab lines (as `mount -a` reads them) that give /proc, /sys/fs/cgroup and, with `root`, the whole file system. */
export function fstab(
  spec: Pick<LaunchSpec, 'writable' | 'readable' | 'memoryBytes'>,
  root: string | undefined,
  mountinfo: string,
  sockets: readonly string[],
): string[] {
  const line = (source: string, target: string, type: string, options: string) => `${fstabPath(source)} ${fstabPath(target)} ${type} ${options} 0 0`;
  const at = (path: string) => (root === undefined ? path : path === '/' ? root : `${root}${path}`);
  // A user with uid 0 outside (root) keeps it inside: these would still take its writes.
  const proc = [
    line('trail-proc', at('/proc'), 'proc', 'nosuid,nodev,noexec'),
    line(at('/proc/sys'), at('/proc/sys'), 'none', 'bind,ro'),
    ...(existsSync('/proc/sysrq-trigger') ? [line('/dev/null', at('/proc/sysrq-trigger'), 'none', 'bind')] : []),
  ];
  if (root === undefined)
    return [...proc, ...(isDir('/sys/fs/cgroup') ? [line('trail-cgroup', '/sys/fs/cgroup', 'tmpfs', 'ro,nosuid,nodev,noexec,mode=755')] : [])];
  const hidden = hiddenFolders();
  const writable = spec.writable.map(real);
  const readable = spec.readable.map(real).filter((dir) => hidden.some((h) => under(dir, h)));
  const lines = [line('/', root, 'none', 'rbind,ro')];
  // `ro` holds for the top mount only: every other writable mount is made read-only in turn.
  for (const entry of mountinfo.split('\n')) {
    const fields = entry.split(' ');
    const point = unescapeMount(fields[4] ?? '');
    const options = (fields[5] ?? '').split(',');
    if (point === '' || point === '/' || !options.includes('rw') || hidden.some((h) => under(point, h))) continue;
    const keep = options.filter((o) => o === 'nosuid' || o === 'nodev' || o === 'noexec');
    lines.push(line(at(point), at(point), 'none', ['bind', 'remount', 'ro', ...keep].join(',')));
  }
  const tmp = `nosuid,nodev,size=${spec.memoryBytes},mode=1777`;
  const fresh: Record<string, string> = {
    '/proc': '',
    '/sys': 'trail-sys sysfs ro,nosuid,nodev,noexec',
    '/tmp': `trail-tmp tmpfs ${tmp}`,
    '/var/tmp': `trail-tmp tmpfs ${tmp}`,
    '/run': 'trail-run tmpfs nosuid,nodev,mode=755',
    '/var/run': 'trail-run tmpfs nosuid,nodev,mode=755',
    '/dev/shm': `trail-shm tmpfs ${tmp}`,
    '/dev/pts': 'trail-pts devpts newinstance,ptmxmode=0666,mode=620',
    '/dev/mqueue': 'trail-mqueue mqueue nosuid,nodev,noexec',
  };
  for (const dir of hidden) {
    if (dir === '/proc') lines.push(...proc);
    else {
      const [source, type, options] = fresh[dir]!.split(' ') as [string, string, string];
      lines.push(line(source, at(dir), type, options));
    }
  }
  if (hidden.includes('/dev/pts') && existsSync('/dev/ptmx')) lines.push(line(at('/dev/pts/ptmx'), at('/dev/ptmx'), 'none', 'bind'));
  for (const dir of readable) lines.push(line(dir, at(dir), 'none', 'bind,ro,X-mount.mkdir'));
  for (const dir of writable) lines.push(line(dir, at(dir), 'none', 'bind,X-mount.mkdir'));
  // Sockets stay connectable on a read-only mount: the ones in sight get /dev/null over them.
  const visible = (path: string) => !hidden.some((h) => under(path, h)) || readable.some((dir) => under(path, dir));
  for (const socket of sockets)
    if (visible(socket) && !writable.some((dir) => under(socket, dir))) lines.push(line('/dev/null', at(socket), 'none', 'bind,nofail'));
  return lines;
}

/** The command line for a run, and the scaffolding it needs (removed by `cleanup`). */
export function prepareLaunch(spec: LaunchSpec): Launch {
  const unshare = which('unshare', spec.env.PATH);
  const setpriv = which('setpriv', spec.env.PATH);
  const mount = which('mount', spec.env.PATH, true);
  const umount = which('umount', spec.env.PATH, true);
  const pivot = which('pivot_root', spec.env.PATH, true);
  const tools = [unshare, setpriv, mount, umount, pivot].join('\0');
  const learned = learnedWith(tools);
  const namespaces = unshare !== undefined && learned.namespaces;
  const pidNamespace = namespaces && learned.pidNamespace && mount !== undefined;
  const privateFiles = pidNamespace && !spec.network && learned.privateFiles && umount !== undefined && pivot !== undefined;
  const network = spec.network ? 'allowed' : !unshare ? NOT_INSTALLED : !namespaces ? NOT_ALLOWED : 'denied';
  let scaffold: string | undefined;
  const script = ['fail() { printf \'fail %s\\n\' "$*" >&3; exit 125; }'];
  for (const file of spec.join) script.push(`echo 0 > ${quote(file)} || fail cgroup ${quote(`cannot join ${file}`)}`);
  const wrap = namespaces && (pidNamespace || !spec.network);
  // Only in a user namespace of its own: outside one, the limit would count all of the user's processes.
  if (wrap && spec.tasks && learned.rlimit && perNamespaceNproc) script.push(`ulimit -p ${spec.tasks} || fail rlimit 'cannot limit the number of processes'`);
  if (pidNamespace) {
    scaffold = mkdtempSync(join(tmpdir(), 'trail-sandbox-'));
    const root = privateFiles ? join(scaffold, 'root') : undefined;
    if (root) mkdirSync(root);
    const mountinfo = privateFiles ? readFileSync('/proc/self/mountinfo', 'utf8') : '';
    writeFileSync(join(scaffold, 'fstab'), `${fstab(spec, root, mountinfo, privateFiles ? boundSockets() : []).join('\n')}\n`);
    script.push(`out=$(${quote(mount!)} --no-mtab --fstab ${quote(join(scaffold, 'fstab'))} -a 2>&1) || fail files "$out"`);
    if (root) script.push(`cd ${quote(root)} && ${quote(pivot!)} . . && ${quote(umount!)} -l . || fail files 'cannot change the root'`);
  }
  script.push(`cd ${quote(spec.cwd)} || fail cwd ${quote(`cannot enter ${spec.cwd}`)}`, 'echo ready >&3');
  // Without capabilities the program cannot undo the mounts (and so see the system's /proc).
  const lock = !pidNamespace
    ? ''
    : setpriv
      ? `${quote(setpriv)} --bounding-set=-all --inh-caps=-all --no-new-privs -- `
      : `${quote(unshare!)} --user --map-root-user --mount -- `;
  script.push(`exec ${lock}/bin/sh -c "$1" 3>&-`);
  const shell = ['/bin/sh', '-c', script.join('\n'), 'trail-sandbox', spec.command];
  const flags = [
    '--user',
    '--map-root-user',
    ...(pidNamespace ? ['--pid', '--fork', '--kill-child', '--mount', '--ipc'] : []),
    ...(spec.network ? [] : ['--net']),
  ];
  const [file, ...args] = wrap ? [unshare!, ...flags, '--', ...shell] : shell;
  return {
    file: file!,
    args,
    pidNamespace,
    privateFiles,
    network,
    tools,
    cleanup: () => {
      if (scaffold) rmSync(scaffold, { recursive: true, force: true });
    },
  };
}
