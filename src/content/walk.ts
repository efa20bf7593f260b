import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const collator = new Intl.Collator('en', { numeric: true });
const SKIPPED = new Set(['node_modules', 'solution']);

/** Node folders of a track (folders holding an overview.md), relative, in natural order: "2-x" before "10-x". */
export function findNodeDirs(root: string): string[] {
  const found: string[] = [];
  const visit = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true });
    if (relative !== '' && entries.some((entry) => entry.isFile() && entry.name === 'overview.md')) {
      found.push(relative);
      return;
    }
    const folders = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => entry.name)
      .sort(collator.compare);
    for (const name of folders) visit(relative === '' ? name : `${relative}/${name}`);
  };
  visit('');
  return found;
}

/**
 * A fingerprint of what a loaded track depends on: track.yaml and every overview.md, by size
 * and modification time. Equal fingerprints mean a cached load is still true.
 */
export function trackFingerprint(root: string): string {
  const hash = createHash('sha1');
  for (const file of ['track.yaml', ...findNodeDirs(root).map((dir) => `${dir}/overview.md`)]) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    hash.update(`${file}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}
