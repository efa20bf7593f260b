import type { RootContent } from 'mdast';
import type { Candidate } from './candidates.js';
import { lineOf, sourceOf, textOf } from '../markdown/parse.js';
import type { Ignored } from './model.js';
import type { Section } from './outline.js';
import { cleanTitle, isNoiseTitle, plainTitle } from './patterns.js';

/** The track's summary: the first paragraph under the title that says something (not a row of badges or links), else that of an About or Purpose section. */
export function summaryOf(root: Section, sections: Section[]): string | null {
  const says = (b: RootContent) => b.type === 'paragraph' && b.children.some((child) => child.type === 'text' && /\p{L}{3}/u.test(child.value));
  const intro = [root, ...sections.filter((s) => s.level === 1)].flatMap((s) => s.blocks).find(says);
  if (intro) return textOf(intro);
  const about = sections.find((s) => /^(?:purpose|goals?|overview|executive summary|summary|introduction|about)\b/i.test(cleanTitle(s.title)));
  const paragraph = about?.blocks.find(says);
  return paragraph ? textOf(paragraph) : null;
}

/**
 * What is not part of the graph, kept word for word as the track's notes: the text before and
 * under the title, and every section that holds no unit (tips, FAQ, appendices, …), each
 * reported with why it was left out. Sections inside a unit stay in that unit's body.
 */
export function notesOf(
  text: string,
  root: Section,
  found: Candidate[],
  unitLevel: number,
  ignored: Ignored[],
  titleLine: number | undefined,
  more: { closing: RootContent[]; attached: ReadonlyMap<Section, string> },
): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const unitLines = found.map((c) => c.line);
  const headingUnits = new Set(found.filter((c) => c.source === 'heading').map((c) => c.line));
  const holds = (s: Section) => unitLines.some((line) => line >= s.line && line < lineAt(s.end)) || found.some((c) => c.phase === s);
  const parts: string[] = [];
  // Blocks are kept in runs of neighbours: a section's blocks may have units between them
  // (a `<details>` unit closes and the text goes on), which stay out of the notes.
  // A list, table or group of boxes read as units is not kept a second time.
  const inUnit = (block: RootContent) => {
    const [start, end] = [block.position?.start.offset ?? 0, block.position?.end.offset ?? 0];
    return found.some((c) => (c.source !== 'heading' || c.level === 0) && c.start < end && start < c.end);
  };
  const keep = (blocks: RootContent[]) => {
    let run: RootContent[] = [];
    const flush = () => {
      const source = sourceOf(text, run);
      if (source) parts.push(source);
      run = [];
    };
    for (const block of blocks) {
      if (inUnit(block)) {
        flush();
        continue;
      }
      const last = run.at(-1)?.position?.end.offset;
      const start = block.position?.start.offset;
      if (last !== undefined && start !== undefined && text.slice(last, start).trim() !== '') flush();
      run.push(block);
    }
    flush();
  };
  // Fenced blocks (templates, sample code) are kept word for word; the report says where.
  const fenced = (block: RootContent, where: string) => {
    if (block.type === 'code')
      ignored.push({ line: lineOf(block), title: `fenced block${block.lang ? ` (${block.lang})` : ''}`, reason: `not a unit; kept in ${where}` });
  };
  const fencedIn = (s: Section, where: string): void => {
    for (const block of s.blocks) fenced(block, where);
    for (const child of s.children) fencedIn(child, where);
  };
  const visit = (s: Section) => {
    for (const child of s.children) {
      if (headingUnits.has(child.line)) {
        fencedIn(child, `the body of the unit at line ${child.line}`);
        continue;
      }
      // A section whose items joined their units keeps only its prose here.
      if (more.attached.has(child)) {
        const prose = more.attached.get(child)!;
        if (prose) parts.push(`${'#'.repeat(Math.max(2, child.level))} ${plainTitle(child.title)}\n\n${prose}`);
        continue;
      }
      if (holds(child)) {
        if ((child.level === 1 || child.line === titleLine) && !found.some((c) => c.phase === child)) keep(child.blocks);
        else for (const block of child.blocks) if (block.type === 'code') keep([block]);
        for (const block of child.blocks) fenced(block, 'the track notes');
        visit(child);
        continue;
      }
      // The title's own heading, with nothing under it, is not something left out.
      if (child.line === titleLine && child.blocks.length === 0 && child.children.length === 0) continue;
      const reason = isNoiseTitle(child.title)
        ? 'not a unit: about the document (tips, FAQ, notes, how to use, …)'
        : child.level === unitLevel && headingUnits.size > 0
          ? 'not numbered like the units around it'
          : 'holds no unit';
      ignored.push({ line: child.line, title: plainTitle(child.title), reason: `${reason}; kept in the track notes` });
      parts.push(text.slice(child.start, child.end).trim());
    }
  };
  keep(root.blocks);
  for (const block of root.blocks) fenced(block, 'the track notes');
  visit(root);
  // What closes the document after its last unit ("---" then a line of thanks) is not that unit's.
  keep(more.closing);
  ignored.sort((a, b) => a.line - b.line);
  return parts.join('\n\n');
}
