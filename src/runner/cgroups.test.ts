import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDir } from '../test-support/cli.js';
import { cgroupMounts, findCgroupHome, taskLimit } from './cgroups.js';

const tmp = useTmpDir();

const V2_MOUNT = '30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n';
const V1_MOUNTS = [
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

/** A folder shaped like a system's /proc/self and /sys/fs/cgroup, as findCgroupHome reads them. */
function system(files: Record<string, string>): string {
  const root = tmp();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const SCOPE = '/user.slice/user-1000.slice/user@1000.service/app.slice/trail.scope';

describe('finding where runs get their cgroups', () => {
  it('reads cgroup mounts, v2 and v1 by controller, with escaped paths', () => {
    const mounts = cgroupMounts(`${V1_MOUNTS}\n36 31 0:40 / /sys/fs/my\\040groups rw - cgroup cgroup rw,cpu`);
    expect(mounts.v2).toBe('/sys/fs/cgroup/unified');
    expect(mounts.v1.get('memory')).toBe('/sys/fs/cgroup/memory');
    expect(mounts.v1.get('cpu')).toBe('/sys/fs/my groups');
  });

  it('uses a v2 group that already hands memory and pids to its children', () => {
    const root = system({
      'proc/self/cgroup': '0::/\n',
      'proc/self/mountinfo': V2_MOUNT,
      'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
      'sys/fs/cgroup/cgroup.subtree_control': 'memory pids\n',
    });
    expect(findCgroupHome(root)).toEqual({ version: 2, dir: join(root, 'sys/fs/cgroup') });
  });

  it('moves itself into a leaf of a delegated v2 group it has to itself, and enables memory and pids there', () => {
    const dir = `sys/fs/cgroup${SCOPE}`;
    const root = system({
      'proc/self/cgroup': `0::${SCOPE}\n`,
      'proc/self/mountinfo': V2_MOUNT,
      [`${dir}/cgroup.controllers`]: 'memory pids\n',
      [`${dir}/cgroup.subtree_control`]: '',
      [`${dir}/cgroup.procs`]: '4242\n',
    });
    expect(findCgroupHome(root, 4242)).toEqual({ version: 2, dir: join(root, dir) });
    expect(readFileSync(join(root, dir, 'trail-main/cgroup.procs'), 'utf8')).toBe('4242');
    expect(readFileSync(join(root, dir, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
  });

  it('says why it cannot use a v2 group shared with other processes (a terminal scope)', () => {
    const dir = `sys/fs/cgroup${SCOPE}`;
    const root = system({
      'proc/self/cgroup': `0::${SCOPE}\n`,
      'proc/self/mountinfo': V2_MOUNT,
      [`${dir}/cgroup.controllers`]: 'memory pids\n',
      [`${dir}/cgroup.subtree_control`]: '',
      [`${dir}/cgroup.procs`]: '4100\n4242\n',
    });
    expect(findCgroupHome(root, 4242)).toEqual({
      none: `cgroup v2 group ${SCOPE} holds other processes; start Trailguide in a delegated group of its own (systemd-run --user --scope -p Delegate=yes …)`,
    });
  });

  it('says why when v2 offers no memory and pids controllers, and there is no v1', () => {
    const root = system({ 'proc/self/cgroup': '0::/\n', 'proc/self/mountinfo': V2_MOUNT, 'sys/fs/cgroup/cgroup.controllers': 'cpu io\n' });
    expect(findCgroupHome(root)).toEqual({ none: 'cgroup v2 group / offers no memory and pids controllers' });
  });

  it('falls back to writable v1 memory and pids groups (a hybrid system)', () => {
    const root = system({
      'proc/self/cgroup': '8:pids:/\n4:memory:/jobs/7\n0::/\n',
      'proc/self/mountinfo': V1_MOUNTS,
      'sys/fs/cgroup/unified/cgroup.controllers': '',
      'sys/fs/cgroup/memory/jobs/7/memory.limit_in_bytes': '',
      'sys/fs/cgroup/pids/pids.max': '',
    });
    expect(findCgroupHome(root)).toEqual({ version: 1, memory: join(root, 'sys/fs/cgroup/memory/jobs/7'), pids: join(root, 'sys/fs/cgroup/pids') });
  });

  it('finds nothing where there is no /proc (not Linux)', () => {
    expect(findCgroupHome(tmp())).toEqual({ none: 'no /proc/self/cgroup (not Linux)' });
  });

  it('lets programs with many threads run: the task limit is well above the process limit', () => {
    expect(taskLimit(64)).toBe(1024);
    expect(taskLimit(4)).toBe(256);
  });
});
