import { join } from 'node:path';
import { loadTrack } from '../content/load.js';
import { expectedHours } from '../core/duration.js';
import { BUILTIN_TRACKS, builtinTrackIds } from './builtin.js';

/** A track as a catalog lists it: size and expected effort of its required nodes. */
export interface CatalogEntry {
  id: string;
  title: string;
  summary: string | null;
  nodes: number;
  phases: number;
  rules: string[];
  hours: number | null;
  valid: boolean;
}

/** The built-in tracks, in name order. */
export function builtinCatalog(): CatalogEntry[] {
  return builtinTrackIds().map((id) => {
    const { track, problems } = loadTrack(join(BUILTIN_TRACKS, id));
    const hours = track?.nodes.reduce((sum, node) => sum + (node.effort && !node.optional ? expectedHours(node.effort) : 0), 0) ?? 0;
    return {
      id,
      title: track?.title ?? id,
      summary: track?.summary ?? null,
      nodes: track?.nodes.length ?? 0,
      phases: track?.phases.length ?? 0,
      rules: track?.rules ?? [],
      hours: hours || null,
      valid: problems.every((p) => p.severity !== 'error'),
    };
  });
}
