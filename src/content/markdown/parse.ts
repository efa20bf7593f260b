import type { Nodes, Root, RootContent } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { partStarts, runsOn } from './blocks.js';

// The parts of GFM that roadmaps use (the building blocks of remark-gfm), each turned on only
// when the text (a document or a part of it) could contain it: every extension slows the
// tokenizer down on every line.
// Bare URLs are found by linksOf instead of GFM's autolink literals, whose tree rewrite costs
// more than the rest of the import.
const PARTS = [
  { test: /^\s*\|?[^\n|]*\|/m, micromark: gfmTable, mdast: gfmTableFromMarkdown },
  { test: /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]/m, micromark: gfmTaskListItem, mdast: gfmTaskListItemFromMarkdown },
  { test: /~/, micromark: gfmStrikethrough, mdast: gfmStrikethroughFromMarkdown },
] as const;

/** The parser with remark and the given parts of GFM. */
function processorWith(parts: ReadonlyArray<(typeof PARTS)[number]>) {
  return unified()
    .use(remarkParse)
    .use(function gfmParts() {
      const data = this.data();
      data.micromarkExtensions = [...(data.micromarkExtensions ?? []), ...parts.map((part) => part.micromark())];
      data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), ...parts.map((part) => part.mdast())];
    });
}

const processors = new Map<number, ReturnType<typeof processorWith>>();

function processorFor(text: string): ReturnType<typeof processorWith> {
  const mask = PARTS.reduce((bits, part, i) => (part.test.test(text) ? bits | (1 << i) : bits), 0);
  let processor = processors.get(mask);
  if (!processor) {
    processor = processorWith(PARTS.filter((_, i) => mask & (1 << i)));
    processors.set(mask, processor);
  }
  return processor;
}

// Parts of about this many characters parse fastest (see blocks.ts).
const PART_SIZE = 3000;

/**
 * Parses Markdown (CommonMark and GFM tables, task lists, strikethrough) into an mdast tree;
 * a long document is parsed in parts of about `partSize` characters (Infinity: whole).
 */
export function parseMarkdown(text: string, partSize = PART_SIZE): Root {
  const starts = partStarts(text, partSize);
  if (starts.length === 1) return processorFor(text).parse(text);
  const children: RootContent[] = [];
  let lines = 0;
  let last: NonNullable<Root['position']>['end'] | undefined;
  for (const [i, start] of starts.entries()) {
    const end = starts[i + 1] ?? text.length;
    const part = text.slice(start, end);
    const tree = processorFor(part).parse(part);
    if (end < text.length && runsOn(tree, part)) return processorFor(text).parse(text);
    for (const child of tree.children) shift(child, lines, start);
    children.push(...tree.children);
    if (end === text.length) last = { line: tree.position!.end.line + lines, column: tree.position!.end.column, offset: tree.position!.end.offset! + start };
    lines += lineEndings(part);
  }
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: last! } };
}

function shift(node: Nodes, lines: number, offset: number): void {
  const position = node.position;
  if (position) {
    node.position = {
      start: { line: position.start.line + lines, column: position.start.column, offset: position.start.offset! + offset },
      end: { line: position.end.line + lines, column: position.end.column, offset: position.end.offset! + offset },
    };
  }
  if ('children' in node) for (const child of node.children) shift(child as Nodes, lines, offset);
}

function lineEndings(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

/** The plain text of a node, as a reader sees it. */
export function textOf(node: Nodes | undefined): string {
  if (!node) return '';
  // The readers ask for the text of the same nodes again and again; trees are not changed once parsed.
  let text = texts.get(node);
  if (text === undefined) {
    text = plainText(node).replace(/\s+/g, ' ').trim();
    texts.set(node, text);
  }
  return text;
}
const texts = new WeakMap<Nodes, string>();

/** The text of a node with inline HTML kept as written: `<bos>` in a quiz option is text, not a tag to drop. */
export function literalTextOf(node: Nodes): string {
  return plainText(node, true).replace(/\s+/g, ' ').trim();
}

/**
 * The text of a node as written, with a hard line break as a new line (so that the lines on
 * either side are not glued together); HTML and image descriptions only with `all`.
 */
export function plainText(node: Nodes, all = false): string {
  if (node.type === 'break') return '\n';
  if (node.type === 'html') return all ? node.value : '';
  if ('alt' in node) return all ? (node.alt ?? '') : '';
  if ('value' in node) return node.value;
  return 'children' in node ? node.children.map((child) => plainText(child as Nodes, all)).join('') : '';
}

/** The 1-based line where a node starts. */
export function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

/** The source text of a run of sibling nodes, as the author wrote it. */
export function sourceOf(text: string, nodes: readonly RootContent[]): string {
  const first = nodes[0]?.position?.start.offset;
  const last = nodes.at(-1)?.position?.end.offset;
  return first === undefined || last === undefined ? '' : text.slice(first, last).trim();
}

const BARE_URL = /\bhttps?:\/\/[^\s<>"'`]+/g;

/** Links inside a node, Markdown links and bare URLs alike: their text and address. */
export function linksOf(node: Nodes): Array<{ title: string; url: string }> {
  const found: Array<{ title: string; url: string }> = [];
  const visit = (current: Nodes) => {
    if (current.type === 'link') {
      const title = textOf(current) || current.url;
      found.push({ title, url: current.url });
      return;
    }
    if (current.type === 'text') {
      for (const match of current.value.matchAll(BARE_URL)) {
        // A sentence's closing punctuation is not part of the address.
        const url = match[0].replace(/[.,;:!?)\]]+$/, '');
        found.push({ title: url, url });
      }
      return;
    }
    if ('children' in current) for (const child of current.children) visit(child as Nodes);
  };
  visit(node);
  return found;
}

/** The text of an HTML title such as `<h1 align="center">Title</h1>` or `<p align="center"><b>Title</b></p>`. */
export function htmlTitle(html: string): { level: number; text: string } | undefined {
  const heading = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/i.exec(html);
  if (heading) return { level: Number(heading[1]), text: stripTags(heading[2]!) };
  const bold = /^\s*<(?:p|div)\b[^>]*>\s*<(?:b|strong)>([\s\S]*?)<\/(?:b|strong)>\s*<\/(?:p|div)>\s*$/i.exec(html);
  if (bold) return { level: 1, text: stripTags(bold[1]!) };
  return undefined;
}

/** The text of a `<summary>` in an HTML block: the title of a collapsible `<details>` section. */
export function summaryTitle(html: string): string | undefined {
  const summary = /<summary\b[^>]*>([\s\S]*?)<\/summary>/i.exec(html);
  const text = summary ? stripTags(summary[1]!) : '';
  return text === '' ? undefined : text;
}

/** True for an HTML block that only closes a `<details>` section. */
export function closesDetails(html: string): boolean {
  return /^\s*<\/details>\s*$/i.test(html);
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
