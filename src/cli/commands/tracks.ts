import { formatHours } from '../../core/duration.js';
import { builtinCatalog } from '../../workspace/catalog.js';
import { colours, printJson, printLines } from '../output.js';
import type { JsonOption } from './common.js';

/** `trail tracks`: the built-in tracks with their size and estimated effort. */
export async function tracks(options: JsonOption): Promise<number> {
  const list = builtinCatalog();
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
