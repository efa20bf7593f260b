import { join } from 'node:path';
import { loadTrack } from '../../content/load.js';
import { expectedHours, formatHours } from '../../core/duration.js';
import { BUILTIN_TRACKS, builtinTrackIds } from '../../workspace/builtin.js';
import { colours, printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';

/** `trail tracks`: the built-in tracks with their size and estimated effort. */
export async function tracks(options: JsonOption): Promise<number> {
  const list = builtinTrackIds().map((id) => {
    const { track, problems } = loadTrack(join(BUILTIN_TRACKS, id));
    const hours = track?.nodes.reduce((sum, node) => sum + (node.effort && !node.optional ? expectedHours(node.effort) : 0), 0) ?? 0;
    return { id, title: track?.title ?? id, summary: track?.summary ?? null, nodes: track?.nodes.length ?? 0, phases: track?.phases.length ?? 0, rules: track?.rules ?? [], hours: hours || null, valid: problems.every((p) => p.severity !== 'error') };
  });
  if (options.json) {
    printJson({ tracks: list });
    return 0;
  }
  const c = colours();
  const width = Math.max(...list.map((t) => t.id.length));
  printLines(
    ...list.map((t) => `${c.bold(t.id.padEnd(width))}  ${t.title}  ${c.dim(`${t.nodes} nodes${t.phases ? `, ${t.phases} phases` : ''}${t.hours ? `, ≈ ${formatHours(t.hours)}` : ''}`)}`),
    '',
    c.dim('Start one with: trail init <dir> --track <id>'),
  );
  return 0;
}
