import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', 'solution']);

/** Compares names as people sort them: "2-x" before "10-x". */
export function naturalCompare(a: string, b: string): number {
  const chunk = /(\d+)|(\D+)/g;
  const left = a.match(chunk) ?? [];
  const right = b.match(chunk) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** Where a track's nodes are: node folders in natural order, and the folders that hold them. */
export interface TrackLayout {
  /** Folders holding an overview.md, relative, "/"-separated, in document order. */
  nodes: string[];
  /** Folders walked to find them ("" is the track folder itself). */
  folders: string[];
}

/** Walks a track folder for node folders (those holding an overview.md); does not descend into them. */
export function findLayout(root: string): TrackLayout {
  const layout: TrackLayout = { nodes: [], folders: [] };
  const visit = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true });
    if (relative !== '' && entries.some((entry) => entry.isFile() && entry.name === 'overview.md')) {
      layout.nodes.push(relative);
      return;
    }
    layout.folders.push(relative);
    const folders = entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => entry.name)
      .sort(naturalCompare);
    for (const name of folders) visit(relative === '' ? name : `${relative}/${name}`);
  };
  visit('');
  return layout;
}

/** Node folders of a track, in document order. */
export function findNodeDirs(root: string): string[] {
  return findLayout(root).nodes;
}

/**
 * A fingerprint of what a loaded track depends on: track.yaml and every overview.md (size and
 * modification time), and the folders walked to find them (a folder's modification time
 * changes when entries are added, removed or renamed in it). Equal fingerprints mean a cached
 * load is still true, without walking the tree again.
 */
export function layoutFingerprint(root: string, layout: TrackLayout): string {
  const hash = new Fingerprint();
  const stamp = (relative: string) => {
    hash.text(relative);
    const stat = statSync(`${root}/${relative}`, { throwIfNoEntry: false });
    if (stat) hash.number(stat.size).number(stat.mtimeMs * 1000);
    else hash.number(-1);
  };
  stamp('track.yaml');
  for (const folder of layout.folders) stamp(folder === '' ? '.' : folder);
  for (const node of layout.nodes) stamp(`${node}/overview.md`);
  return hash.digest();
}

/** FNV-1a, twice with different primes: a 64-bit fingerprint taken as it goes, without node:crypto. */
export class Fingerprint {
  private a = 0x811c9dc5;
  private b = 0x01000193;

  text(text: string): this {
    for (let i = 0; i < text.length; i++) this.mix(text.charCodeAt(i));
    return this.mix(0xffff);
  }

  /** Mixes a whole number (fractions are dropped) of up to 2^53. */
  number(value: number): this {
    const whole = Math.trunc(value);
    return this.mix(whole >>> 0).mix(Math.floor(whole / 0x100000000) >>> 0);
  }

  digest(): string {
    return `${(this.a >>> 0).toString(16).padStart(8, '0')}${(this.b >>> 0).toString(16).padStart(8, '0')}`;
  }

  private mix(code: number): this {
    this.a = Math.imul(this.a ^ code, 0x01000193);
    this.b = Math.imul(this.b ^ code, 0x5bd1e995);
    return this;
  }
}
