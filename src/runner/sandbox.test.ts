import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fstab } from './sandbox.js';

const MOUNTINFO = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
  '40 27 254:1 / /home rw,nosuid,relatime - ext4 /dev/vdb rw',
  '41 27 254:2 / /boot ro,relatime - ext4 /dev/vdc ro',
  '42 27 0:50 / /run/user/1000 rw,nosuid,nodev - tmpfs tmpfs rw',
  '43 27 254:3 / /srv/my\\040data rw,noexec - ext4 /dev/vdd rw',
].join('\n');

describe('the private view of the files (network off)', () => {
  // A workspace under /tmp (paths that do not exist are taken as they are written).
  const ws = () => ({ root: '/tmp/trail-no-such-ws', node: '/tmp/trail-no-such-ws/node', other: '/tmp/trail-no-such-ws/other' });

  it('mounts the whole system read-only, each writable mount again, keeping nosuid, nodev and noexec', () => {
    const { root, node } = ws();
    const lines = fstab({ writable: [node], readable: [root], memoryBytes: 1024 }, '/R', MOUNTINFO, []);
    expect(lines[0]).toBe('/ /R none rbind,ro 0 0');
    expect(lines).toContain('/R/home /R/home none bind,remount,ro,nosuid 0 0');
    expect(lines).toContain('/R/srv/my\\040data /R/srv/my\\040data none bind,remount,ro,noexec 0 0');
    // Already read-only, or under a folder that is made afresh.
    expect(lines.join('\n')).not.toMatch(/\/R\/boot|\/R\/run\/user/);
  });

  it('gives fresh /proc, /sys and private temporary folders, and binds the writable folders last', () => {
    const { root, node } = ws();
    const lines = fstab({ writable: [node], readable: [root], memoryBytes: 1024 }, '/R', MOUNTINFO, []);
    expect(lines).toContain('trail-proc /R/proc proc nosuid,nodev,noexec 0 0');
    expect(lines).toContain('/R/proc/sys /R/proc/sys none bind,ro 0 0');
    expect(lines).toContain('trail-sys /R/sys sysfs ro,nosuid,nodev,noexec 0 0');
    expect(lines).toContain('trail-tmp /R/tmp tmpfs nosuid,nodev,size=1024,mode=1777 0 0');
    expect(lines).toContain('trail-run /R/run tmpfs nosuid,nodev,mode=755 0 0');
    // The workspace is under /tmp here: it stays in sight, read-only, and its node folder writable.
    expect(lines.slice(-2)).toEqual([`${root} /R${root} none bind,ro,X-mount.mkdir 0 0`, `${node} /R${node} none bind,X-mount.mkdir 0 0`]);
  });

  it('covers the Unix sockets in sight, but not those in hidden or writable folders', () => {
    const { root, node, other } = ws();
    const sockets = ['/tmp/elsewhere/agent.sock', join(other, 'db.sock'), join(node, 'own.sock'), '/home/u/.gnupg/S.gpg-agent'];
    const lines = fstab({ writable: [node], readable: [root], memoryBytes: 1024 }, '/R', MOUNTINFO, sockets);
    expect(lines.filter((line) => line.startsWith('/dev/null '))).toEqual([
      `/dev/null /R${other}/db.sock none bind,nofail 0 0`,
      '/dev/null /R/home/u/.gnupg/S.gpg-agent none bind,nofail 0 0',
    ]);
  });
});

describe('with the network on', () => {
  it('only gives a fresh /proc and hides the cgroup file system, in place', () => {
    const lines = fstab({ writable: [], readable: [], memoryBytes: 1024 }, undefined, MOUNTINFO, ['/home/u/s.sock']);
    expect(lines.slice(0, 2)).toEqual(['trail-proc /proc proc nosuid,nodev,noexec 0 0', '/proc/sys /proc/sys none bind,ro 0 0']);
    expect(lines.every((line) => !line.includes('/home'))).toBe(true);
  });
});
