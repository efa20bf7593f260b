import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, realpathSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';

/** A temporary name beside a file: hidden, ending in `.tmp`, unique to this writer (readers skip such names). */
export function temporaryName(dir: string): string {
  return join(dir, `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

// The next number to try for a name stem in a folder: many entries of a day on one node would
// otherwise cost a look at each of them before every write.
const nextNumber = new Map<string, number>();

/**
 * Writes a new file in `dir` under the first free name `nameFor(1)`, `nameFor(2)`, …; never over
 * an existing file. The text is written whole (and flushed) to a temporary file first, then linked
 * to its name: another process writing at the same moment takes another name, and a writer killed
 * half-way leaves only a hidden `.tmp` file, never half an entry. Returns the name taken.
 */
export function writeNewFile(dir: string, nameFor: (n: number) => string, text: string): string {
  const temporary = temporaryName(dir);
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const stem = `${dir}\0${nameFor(1)}`;
  try {
    for (let n = nextNumber.get(stem) ?? 1; ; n++) {
      const name = nameFor(n);
      try {
        linkSync(temporary, join(dir, name));
        nextNumber.set(stem, n + 1);
        return name;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // A file system without hard links: an exclusive create still never overwrites, only without the temporary file.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return writeExclusive(dir, nameFor, n, text, stem);
        throw error;
      }
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function writeExclusive(dir: string, nameFor: (n: number) => string, from: number, text: string, stem: string): string {
  for (let n = from; ; n++) {
    let fd: number;
    try {
      fd = openSync(join(dir, nameFor(n)), 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    nextNumber.set(stem, n + 1);
    return nameFor(n);
  }
}

/** A file or folder of the workspace as found, following a symbolic link only while it stays inside `root`. */
export type Found = { stat: Stats } | { problem: string } | undefined;

/**
 * Looks at `path` inside the workspace `root` without leaving it: a symbolic link is followed
 * only when where it leads is inside the workspace too; otherwise (or when it leads nowhere)
 * the answer is a problem to report and the file is not read. Undefined when nothing is there.
 */
export function statInside(root: string, path: string): Found {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isSymbolicLink()) return { stat };
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return { problem: 'is a symbolic link that leads nowhere' };
  }
  if (!isInside(realpathSync(root), real)) return { problem: 'is a symbolic link that leads out of the workspace; it is not read' };
  return { stat: statSync(real) };
}

/** True when `path` is `root` or below it (both real paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
