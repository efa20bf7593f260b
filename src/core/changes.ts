import type { Track } from './track.js';

/** How a track changed between the version a workspace last saw and the current one. */
export interface TrackChanges {
  fromVersion: string;
  toVersion: string;
  added: string[];
  removed: string[];
  renamed: Array<{ from: string; to: string }>;
  criteriaChanged: string[];
}

/** Maps each earlier id named in `renamedFrom` to the node that carries it now. */
export function renamesOf(track: Pick<Track, 'nodes'>): Map<string, string> {
  const renames = new Map<string, string>();
  for (const node of track.nodes) for (const old of node.renamedFrom) if (old !== node.id) renames.set(old, node.id);
  return renames;
}

/** Compares two versions of a track by node id, following `renamedFrom`. */
export function diffTracks(before: Track, after: Track): TrackChanges {
  const oldNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const newIds = new Set(after.nodes.map((node) => node.id));
  const renamed: TrackChanges['renamed'] = [];
  const criteriaChanged: string[] = [];
  const added: string[] = [];
  const carried = new Set<string>();
  for (const node of after.nodes) {
    let previous = oldNodes.get(node.id);
    if (!previous) {
      const from = node.renamedFrom.find((old) => oldNodes.has(old) && !newIds.has(old));
      if (from) {
        renamed.push({ from, to: node.id });
        previous = oldNodes.get(from);
      }
    }
    if (!previous) {
      added.push(node.id);
      continue;
    }
    carried.add(previous.id);
    if (JSON.stringify(previous.criteria) !== JSON.stringify(node.criteria)) criteriaChanged.push(node.id);
  }
  const removed = before.nodes.map((node) => node.id).filter((id) => !carried.has(id));
  return { fromVersion: before.version, toVersion: after.version, added, removed, renamed, criteriaChanged };
}

/** True when nothing a learner would notice changed. */
export function isUnchanged(changes: TrackChanges): boolean {
  return changes.added.length + changes.removed.length + changes.renamed.length + changes.criteriaChanged.length === 0;
}
