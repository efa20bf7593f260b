import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { promisify } from 'node:util';
import { join, sep } from 'node:path';

/** The workspace's hidden folder: its configuration, event log, runs and caches. */
export const TRAIL_DIR = '.trail';

/** A temporary name beside a file: hidden, ending in `.tmp`, unique to this writer (readers skip such names). */
export function temporaryName(dir: string): string {
  return join(dir, `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

// The next number to try for a name stem in a folder: many entries of a day on one node would
// otherwise cost a look at each of them before every write.
const nextNumber = new Map<string, number>();

/**
 * Writes a new file in `dir` under the first free name `nameFor(1)`, `nameFor(2)`, …; never over
 * an existing file. The text is written whole (and flushed to the disk) to a temporary file in
 * `temporaryDir` first (the workspace's `.trail/`, so that `dir` changes once), then linked to its
 * name: another process writing at the same moment takes another name, and a writer killed
 * half-way leaves only a hidden `.tmp` file there, never half an entry. Returns the name taken.
 * The flush does not hold up the process (the server goes on answering).
 */
export async function writeNewFile(dir: string, nameFor: (n: number) => string, text: string, temporaryDir = dir): Promise<string> {
  const temporary = temporaryName(temporaryDir);
  await writeFlushed(temporary, text);
  const stem = `${dir}\0${nameFor(1)}`;
  try {
    for (;;) {
      const n = reserve(dir, nameFor, stem);
      const name = nameFor(n);
      try {
        linkSync(temporary, join(dir, name));
        return name;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // A file system without hard links (or another one for the temporary file): an exclusive create still never overwrites.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') return await writeExclusive(dir, nameFor, text, stem);
        throw error;
      }
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

const flush = promisify(fsync);

// Creates `path` (never over a file) with the text, flushed to the disk. Only the flush, which
// can take milliseconds, leaves this thread: the rest costs microseconds.
async function writeFlushed(path: string, text: string): Promise<void> {
  const fd = openSync(path, 'wx');
  try {
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    await flush(fd);
  } finally {
    closeSync(fd);
  }
}

// The next number no writer of this process has taken, past the names already there. Taken at
// once (before any wait), so that concurrent writers of this process try different names.
function reserve(dir: string, nameFor: (n: number) => string, stem: string): number {
  let n = nextNumber.get(stem) ?? 1;
  while (existsSync(join(dir, nameFor(n)))) n++;
  nextNumber.set(stem, n + 1);
  return n;
}

async function writeExclusive(dir: string, nameFor: (n: number) => string, text: string, stem: string): Promise<string> {
  for (;;) {
    const name = nameFor(reserve(dir, nameFor, stem));
    try {
      await writeFlushed(join(dir, name), text);
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
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

/**
 * The JSON held by a file of the workspace `root`, read only when the file, followed through any
 * symbolic link of it or of a folder above it, is inside the workspace, and is no larger than
 * `maxBytes`. Undefined when nothing is there; otherwise the data, or the problem in words.
 */
export function readJsonInside(root: string, path: string, maxBytes: number): { data: unknown } | { problem: string } | undefined {
  let text: string;
  try {
    const found = statInside(root, path);
    if (!found) return undefined;
    if ('problem' in found) return found;
    // A folder on the way may be a link too: what counts is where the file really is.
    if (!isInside(realpathSync(root), realpathSync(path))) return { problem: 'leads out of the workspace (a symbolic link); it is not read' };
    if (!found.stat.isFile()) return { problem: 'is not a file' };
    if (found.stat.size > maxBytes) return { problem: `is larger than ${maxBytes / 1024 / 1024} MB; it is not read` };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  try {
    return { data: JSON.parse(text) };
  } catch {
    return { problem: 'is not valid JSON' };
  }
}

/** True when `path` is `root` or below it (both real paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Writes a file through a temporary file and a rename, so a crash leaves the old or the new file,
 * never half. The temporary name is this writer's own, so writers of the same file never mix.
 * `mode` holds from the first byte (the temporary file is made with it).
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, options: { mode?: number } = {}): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx', ...(options.mode === undefined ? {} : { mode: options.mode }) });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
