// Where a Markdown document can be cut into parts that parse on their own into the same tree.
//
// micromark's time per character grows with the size of the document (its event lists outlive
// the young generation of the garbage collector), so a long roadmap parses faster as a run of
// parts of a few thousand characters. A part may only start at a line that begins a top-level
// ATX heading in every reading of the document: an ATX heading closes every open paragraph,
// list, quote and table, so nothing before it can reach past it. What could still reach past
// it, and so forbids the cut, is an open fenced code block, an open HTML block, and link
// reference definitions (they apply to the whole document). The line scan below follows fences
// and HTML blocks at the top level; a part whose parse still ends inside one (a fence opened in
// a list item, an HTML-looking line that was a paragraph) is caught by runsOn, and the document
// is then parsed whole.

import type { Nodes, Root } from 'mdast';

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
const HEADING = /^#{1,6}(?:[ \t]|\r|\n|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)/;
const BLANK = /^[ \t]*(?:\r\n|\r|\n)?$/;
// HTML blocks that end at a marker rather than at a blank line (CommonMark types 1 to 5).
const MARKED_HTML: ReadonlyArray<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML = /^ {0,3}<[/A-Za-z!?]/;

/**
 * The offsets where parts of at least `size` characters may start (0 first), or just [0] when
 * the document defines link references or is shorter than two parts.
 */
export function partStarts(text: string, size: number): number[] {
  if (text.length < 2 * size || text.includes(']:')) return [0];
  const starts = [0];
  let fence: { char: string; length: number } | undefined;
  let html: RegExp | 'blank' | undefined;
  LINE.lastIndex = 0;
  for (let match = LINE.exec(text); match && match[0] !== ''; match = LINE.exec(text)) {
    const line = match[0];
    const at = match.index;
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length && close[2]!.trim() === '') fence = undefined;
      continue;
    }
    if (html) {
      // A block opened by <!--, <?, <script … ends on the line with its end marker, others at a blank line.
      if (html === 'blank' ? BLANK.test(line) : html.test(line)) html = undefined;
      continue;
    }
    if (HEADING.test(line)) {
      if (at - starts.at(-1)! >= size && text.length - at >= size) starts.push(at);
      continue;
    }
    const open = FENCE.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      continue;
    }
    if (HTML.test(line)) {
      const marked = MARKED_HTML.find(([opener]) => opener.test(line));
      html = !marked ? 'blank' : marked[1].test(line.replace(marked[0], '')) ? undefined : marked[1];
    }
  }
  return starts;
}

/**
 * True when a part's last block is an unclosed fence or an HTML block that the line after the
 * part would continue: the part was cut in the wrong place.
 */
export function runsOn(tree: Root, part: string): boolean {
  let node: Nodes = tree;
  while ('children' in node && node.children.length > 0) {
    node = node.children.at(-1) as Nodes;
    if (node.type !== 'code' && node.type !== 'html') continue;
    const { start, end } = node.position!;
    const source = part.slice(start.offset, end.offset);
    if (node.type === 'html') {
      const marked = MARKED_HTML.find(([opener]) => opener.test(source));
      // A blank line after it ended it; a lone \r and a lone \n are line ends too, but \r\n is one.
      return marked ? !marked[1].test(source.replace(marked[0], '')) : !/(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)/.test(part.slice(end.offset));
    }
    const fence = /^[ \t>]*(`{3,}|~{3,})/.exec(source);
    if (!fence) return false;
    const closing =
      source
        .split(/\r\n|\r|\n/)
        .slice(1)
        .at(-1)
        ?.replace(/^[ \t>]*/, '')
        .trimEnd() ?? '';
    return !(closing.length >= fence[1]!.length && [...closing].every((c) => c === fence[1]![0]));
  }
  return false;
}
