import type { Paragraph, Root, RootContent } from 'mdast';
import { closesDetails, htmlTitle, lineOf, summaryTitle, textOf } from '../markdown/parse.js';
import { countedWord, headingNumber, isNoiseTitle, titleShape } from './patterns.js';

/** A heading (or a line that acts as one) and what follows it up to the next heading of its level. */
export interface Section {
  title: string;
  level: number;
  line: number;
  /** Content before the first sub-section. */
  blocks: RootContent[];
  children: Section[];
  parent: Section | undefined;
  /** Made from a line that acts as a heading ("Stage 01 — …", a bold "**Week 3: …**"), not a Markdown heading. */
  pseudo: boolean;
  /** Offsets in the source: from the heading to the start of the next heading at this level or above. */
  start: number;
  end: number;
  /** Where the text under the heading starts (after the heading's block). */
  bodyStart: number;
  /** Where a `</details>` closed the section, if one did. */
  closedAt?: number;
}

/** The document as a tree of sections; the root (level 0) holds what comes before the first heading. */
export interface Outline {
  root: Section;
  /** The document title: its H1, an HTML title, or the first line of a document without headings. */
  title: { text: string; line: number } | undefined;
}

function section(title: string, level: number, line: number, parent: Section | undefined, pseudo: boolean, start: number, bodyStart = start): Section {
  return { title, level, line, blocks: [], children: [], parent, pseudo, start, end: start, bodyStart };
}

// A paragraph of one short line, possibly all bold, that names a unit or group ("Stage 01 — Math").
function pseudoHeading(block: Paragraph, source: string, headingless: boolean): { title: string; shape: ReturnType<typeof titleShape> } | undefined {
  const start = block.position?.start.offset ?? 0;
  const end = block.position?.end.offset ?? 0;
  if (source.slice(start, end).includes('\n')) return undefined;
  const title = textOf(block);
  if (title.length === 0 || title.length > 100) return undefined;
  const shape = titleShape(title);
  const allBold = block.children.length === 1 && block.children[0]!.type === 'strong';
  if ((shape === 'unit' || shape === 'group') && (allBold || !/[.;,!?]$/.test(title))) return { title, shape };
  if (allBold && title.length <= 80 && !/[.;,!?]$/.test(title) && shape !== 'plain') return { title, shape };
  // In a document without any Markdown heading, short title-like lines are its headings.
  if (headingless && title.length <= 60 && /\p{L}/u.test(title) && !/[.:;,!?)]$/.test(title) && !/^[-*]/.test(title)) return { title, shape };
  return undefined;
}

// True when `next` is the number after `last` at the same depth: 3.3 → 3.4, 2 → 3.
function follows(last: number[], next: number[]): boolean {
  return last.length === next.length && last.every((part, i) => (i === last.length - 1 ? part + 1 === next[i] : part === next[i]));
}

/** Heading text without the rules that decorate it: "===== MONTH 1 =====" is "MONTH 1". */
export function undecorated(text: string): string {
  return text
    .replace(/(?:^|\s)[=\-*_~#+]{3,}(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Builds the section tree of a document. */
export function outline(tree: Root, source: string): Outline {
  const root = section('', 0, 1, undefined, false, 0);
  const headingless = !tree.children.some((block) => block.type === 'heading' || (block.type === 'html' && htmlTitle(block.value)));
  let title: Outline['title'];
  const stack: Section[] = [root];
  let deepestReal = 0;
  const open = (text: string, level: number, block: RootContent, pseudo: boolean) => {
    const line = lineOf(block);
    const start = block.position?.start.offset ?? 0;
    while (stack.length > 1 && stack.at(-1)!.level >= level) stack.pop();
    const parent = stack.at(-1)!;
    const child = section(text, level, line, parent, pseudo, start, block.position?.end.offset ?? start);
    parent.children.push(child);
    stack.push(child);
  };
  // Sections opened by a `<details><summary>`: their `</details>` closes them.
  const collapsible = new Set<Section>();
  const openPseudo = (text: string, shape: ReturnType<typeof titleShape>, block: RootContent) => {
    // Groups sit one level below the current real heading, units two; plain lines act as units.
    const base = stack.filter((s) => !s.pseudo).at(-1)?.level ?? deepestReal;
    open(text, shape === 'group' ? base + 1 : base + 2, block, true);
  };
  // Two or more H1s shaped like groups ("# Phase 1: …", "# Phase 2: …") are phases, not the title.
  const groupH1s = tree.children.filter((block) => block.type === 'heading' && block.depth === 1 && titleShape(textOf(block)) === 'group').length;
  // A heading counted by the same word as earlier ones but written a level higher ("# Month 3"
  // after "## Month 1", "## Month 2") is one more of them.
  const seriesLevel = new Map<string, number>();
  let lastNumber: { parts: number[]; level: number } | undefined;
  let firstIsHtml = false;
  tree.children.forEach((block, index) => {
    if (block.type === 'heading') {
      const text = undecorated(textOf(block));
      // A heading made only of rules (a banner's "=====" lines) names nothing.
      if (text === '') return;
      if (!title && block.depth === 1 && !(groupH1s >= 2 && titleShape(text) === 'group') && !isNoiseTitle(text)) title = { text, line: lineOf(block) };
      const word = countedWord(text);
      let level = word === undefined ? block.depth : Math.max(block.depth, seriesLevel.get(word) ?? block.depth);
      if (word !== undefined && !seriesLevel.has(word)) seriesLevel.set(word, block.depth);
      // So is the heading numbered next after the last numbered one ("### 3.4" right after "## 3.3").
      const number = headingNumber(text);
      if (number && lastNumber && follows(lastNumber.parts, number)) level = lastNumber.level;
      if (number) lastNumber = { parts: number, level };
      deepestReal = level;
      open(text, level, block, false);
      return;
    }
    if (block.type === 'html') {
      const html = htmlTitle(block.value);
      if (html) {
        if (!title && html.level === 1) title = { text: html.text, line: lineOf(block) };
        if (root.children.length === 0) firstIsHtml = true;
        deepestReal = html.level;
        open(html.text, html.level, block, false);
        return;
      }
      const summary = summaryTitle(block.value);
      if (summary) {
        openPseudo(summary, titleShape(summary), block);
        collapsible.add(stack.at(-1)!);
        return;
      }
      const opened = closesDetails(block.value) ? stack.map((s) => collapsible.has(s)).lastIndexOf(true) : -1;
      if (opened > 0) {
        stack[opened]!.closedAt = block.position?.start.offset;
        stack.length = opened;
        return;
      }
    }
    if (block.type === 'paragraph') {
      if (headingless && !title && index === 0) {
        const text = textOf(block);
        if (text.length <= 120 && !text.includes('\n')) {
          title = { text, line: lineOf(block) };
          open(text, 1, block, false);
          deepestReal = 1;
          return;
        }
      }
      const pseudo = pseudoHeading(block, source, headingless);
      if (pseudo) {
        openPseudo(pseudo.title, pseudo.shape, block);
        return;
      }
    }
    stack.at(-1)!.blocks.push(block);
  });
  setEnds(root, source.length);
  // Without an H1, a title written as the first heading of another level (an H2 above H3s, or a
  // heading in an HTML block at the top) is still the title.
  const first = root.children[0];
  if (
    !title &&
    first &&
    !first.pseudo &&
    !isNoiseTitle(first.title) &&
    titleShape(first.title) === 'plain' &&
    (firstIsHtml || allSections(root).every((s) => s === first || s.level > first.level))
  ) {
    title = { text: first.title, line: first.line };
  }
  return { root, title };
}

// A section ends where the next section at its level or above starts (or the document ends).
function setEnds(parent: Section, end: number): void {
  parent.end = Math.min(end, parent.closedAt ?? end);
  parent.children.forEach((child, i) => setEnds(child, parent.children[i + 1]?.start ?? end));
}

/** Every section below `root`, in document order. */
export function allSections(root: Section): Section[] {
  const found: Section[] = [];
  const visit = (s: Section) => {
    for (const child of s.children) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}
