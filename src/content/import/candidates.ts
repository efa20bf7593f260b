import type { RootContent } from 'mdast';
import { readParts, labelKind, type Details } from './details.js';
import type { ImportedUnit } from './model.js';
import { allSections, type Section } from './outline.js';
import { cleanTitle, isNoiseTitle, plainTitle, titleShape } from './patterns.js';

/** The section (or table group row) that groups units: their phase. */
export type Group = Section | { title: string; line: number; blocks: RootContent[] };

/** A unit found in the document, before its details are read. */
export interface Candidate {
  title: string;
  line: number;
  source: ImportedUnit['source'];
  /** Heading level of a unit made from a heading (0 otherwise). */
  level: number;
  phase: Group | null;
  details: Details;
  body: string;
  checked: boolean | null;
  /** Where its text starts and ends in the document (offsets). */
  start: number;
  end: number;
  /** The number the author gave it, when its title does not carry it (a table row's "Week" cell). */
  number?: string;
  /** The word that number counts, when the title does not say it (a table's "Week" column). */
  counter?: string;
}

/** True for a section inside one about the document (FAQ, Tips, …). */
export function underNoise(section: Section): boolean {
  for (let s: Section | undefined = section; s && s.level > 0; s = s.parent) if (isNoiseTitle(s.title)) return true;
  return false;
}

/** True for the heading that holds the document title (an H1, or the first heading of a document without one). */
export function isTitleSection(section: Section, title: string): boolean {
  return title !== '' && section.parent?.level === 0 && plainTitle(section.title) === plainTitle(title);
}

/**
 * The section a list or table of units stands in: their phase, unless it is a labelled part of
 * one ("### Goal: …" under "## Phase 1: …"), then the section above.
 */
export function groupOf(s: Section, title: string): Section | null {
  let group: Section | undefined = s;
  while (group && group.level > 0 && labelKind(plainTitle(group.title).split(/[:：]/)[0]!)) group = group.parent;
  return group && group.level > 0 && !isTitleSection(group, title) ? group : null;
}

/** The phase of a heading unit: its parent section, unless that is the document or its title. */
export function phaseFor(section: Section, title: string): Section | null {
  const parent = section.parent;
  return !parent || parent.level === 0 || isTitleSection(parent, title) ? null : parent;
}

/** Units made of sections: each heading with its text up to the next heading of its level or above. */
export function sectionCandidates(text: string, units: Section[], title: string, live: Section[] = []): Candidate[] {
  // Group headings at the units' own level ("## Part 1: Weeks 1-2" between "## Week …"
  // headings) open the phase of the units after them.
  const markers = live.filter((s) => s.level === units[0]?.level && !units.includes(s) && titleShape(s.title) === 'group');
  return units.map((s) => {
    const marker = markers.filter((m) => m.parent === s.parent && m.line < s.line).at(-1);
    const details = readParts([{ blocks: s.blocks }, ...allSections(s).map((child) => ({ heading: child.title, line: child.line, blocks: child.blocks }))]);
    for (const child of allSections(s)) details.objectives.push(...(child.blocks.length === 0 ? [cleanTitle(child.title)] : []));
    return {
      title: s.title,
      line: s.line,
      source: 'heading' as const,
      level: s.level,
      phase: phaseFor(s, title) ?? marker ?? null,
      details,
      body: bodyOf(text, s),
      checked: null,
      start: s.start,
      end: s.end,
    };
  });
}

/** A section's text after its heading, as written. */
export function bodyOf(text: string, s: Section): string {
  return text.slice(Math.min(s.bodyStart, s.end), s.end).trim();
}

/**
 * What closes the document after its last unit: a rule ("---") in the last unit's own text,
 * followed only by paragraphs ("Made with ❤️", where the course materials are). The unit ends at
 * the rule; the blocks after it are returned for the notes.
 */
export function closingOf(text: string, found: Candidate[], sections: readonly Section[]): RootContent[] {
  const last = found.at(-1);
  if (last?.source !== 'heading' || last !== [...found].sort((a, b) => a.start - b.start).at(-1)) return [];
  const section = sections.find((s) => s.start === last.start && s.line === last.line);
  if (!section || section.children.length > 0) return [];
  const rule = section.blocks.findIndex(
    (block, i) => block.type === 'thematicBreak' && i > 0 && section.blocks.slice(i + 1).every((after) => after.type === 'paragraph' || after.type === 'html'),
  );
  if (rule < 0 || rule === section.blocks.length - 1) return [];
  const kept = section.blocks.slice(0, rule);
  const cut = section.blocks[rule]!.position?.start.offset ?? last.end;
  last.details = readParts([{ blocks: kept }]);
  last.body = text.slice(Math.min(section.bodyStart, cut), cut).trim();
  last.end = cut;
  return section.blocks.slice(rule + 1);
}
