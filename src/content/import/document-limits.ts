// What the importer refuses to read, decided before parsing. The Markdown reader (micromark)
// runs out of stack on lists, quotes or emphasis nested thousands deep, and its time grows with
// the square of some counts: the marks in one paragraph that it tries to pair (emphasis,
// brackets, code ticks, pipes; ten thousand unpaired `*` take seconds, a hundred thousand take
// hours), and the lines of a list in which nested lists keep closing (`- - x` on each of a few
// thousand lines takes minutes). One pass over the lines follows list items by their
// indentation, counts the markers on each line, and adds up both kinds of work. It counts more
// than the reader does, never less, and no real roadmap comes near the limits.
import { TrailError } from '../../core/errors.js';

/** The largest document the importer reads, in bytes of UTF-8. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;
/** The deepest nesting it reads: lists and quotes inside each other, or emphasis inside emphasis. */
export const MAX_NESTING = 64;
/** The pairing work it accepts in a document: over each paragraph, the sum for every mark of the marks before it. */
export const MAX_PAIRING_WORK = 20_000_000;
/** The work it accepts of closing nested lists and quotes: for each one closed, the lines of the outermost list or quote so far. */
export const MAX_CLOSING_WORK = 2_000_000;

/** Why a document is not read, and from which line. */
export interface Refusal {
  code: 'DOCUMENT_TOO_DEEP' | 'DOCUMENT_TOO_LARGE';
  line: number;
  message: string;
}

/** Throws DOCUMENT_TOO_LARGE or DOCUMENT_TOO_DEEP for a document the importer will not read. */
export function checkReadable(text: string, fileName = 'the document'): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new TrailError(
      'DOCUMENT_TOO_LARGE',
      `${fileName} is ${Math.ceil(bytes / 1024)} KB; the importer reads documents of up to ${MAX_DOCUMENT_BYTES / 1024} KB`,
      'import the part of it that is the roadmap, or split it into several tracks',
    );
  }
  const refusal = refusalOf(text);
  if (!refusal) return;
  const hint =
    refusal.code === 'DOCUMENT_TOO_DEEP'
      ? 'flatten the nesting there: a roadmap needs a few levels at most'
      : 'break the paragraph up, or remove the marks that pair with nothing';
  throw new TrailError(refusal.code, `${fileName}:${refusal.line}: ${refusal.message}`, hint);
}

const LIST_MARKER = /(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/y;
const THEMATIC_BREAK = /([-*_])[ \t]*(?:\1[ \t]*){2,}$/y;
const FENCE = /^(`{3,}|~{3,})/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** The first reason not to read a document (given the size is within bounds); undefined when there is none. */
export function refusalOf(text: string): Refusal | undefined {
  // Content columns of the list items still open, innermost last.
  const items: number[] = [];
  const marks = new Marks();
  let fence: string | undefined;
  let afterBlank = true;
  let inParagraph = false;
  let inTable = false;
  let quotesBefore = 0;
  let previous = '';
  // Lines since the outermost list or quote opened, and the work of closing what nests in it.
  let run = 0;
  let closing = 0;
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    let i = 0;
    let column = 0;
    const skipSpace = () => {
      for (; i < line.length && (line[i] === ' ' || line[i] === '\t'); i++) column = line[i] === '\t' ? column + 4 - (column % 4) : column + 1;
    };
    skipSpace();
    if (i === line.length) {
      afterBlank = true;
      inParagraph = inTable = false;
      marks.paragraph();
      continue;
    }
    if (fence !== undefined) {
      if (
        line
          .slice(i)
          .replace(/^[> \t]*/, '')
          .startsWith(fence)
      )
        fence = undefined;
      continue;
    }
    // A line indented less than an item's content ends the item, unless it is a lazy
    // continuation of its paragraph (which cannot open anything deeper).
    let popped = 0;
    const end = (column: number) => {
      for (; items.length > 0 && column < items.at(-1)!; popped++) items.pop();
    };
    if (afterBlank || !inParagraph || HEADING.test(line.slice(i))) end(column);
    afterBlank = false;
    // Indented code: its markers open nothing, and its marks pair with nothing.
    if (column - (items.at(-1) ?? 0) >= 4 && !inParagraph) {
      marks.paragraph();
      continue;
    }
    let quotes = 0;
    let item = false;
    for (;;) {
      if (line[i] === '>') {
        quotes++;
        i++;
        column++;
        skipSpace();
        continue;
      }
      LIST_MARKER.lastIndex = i;
      THEMATIC_BREAK.lastIndex = i;
      const marker = LIST_MARKER.exec(line)?.[0];
      // `- - -` alone is a rule, not three lists; tested once, so a long line is read in one pass.
      if (!marker || (!item && quotes === 0 && THEMATIC_BREAK.test(line))) break;
      end(column);
      i += marker.length;
      column += marker.length;
      const after = column;
      skipSpace();
      items.push(i === line.length || column - after > 4 ? after + 1 : column);
      item = true;
    }
    if (items.length + quotes > MAX_NESTING)
      return {
        code: 'DOCUMENT_TOO_DEEP',
        line: n + 1,
        message: `lists and quotes nested more than ${MAX_NESTING} levels deep; the importer reads up to ${MAX_NESTING}`,
      };
    // Lists this line closed (a new item replaces its sibling without closing the list), and quotes.
    const closed = Math.max(0, popped - (item ? 1 : 0)) + Math.max(0, quotesBefore - quotes);
    closing += closed * (run + 1);
    run = items.length + quotes > 0 ? run + 1 : 0;
    if (closing > MAX_CLOSING_WORK)
      return {
        code: 'DOCUMENT_TOO_LARGE',
        line: n + 1,
        message: 'the list or quote ending here closes more nested lists and quotes than the importer reads in a few seconds',
      };
    const rest = line.slice(i);
    const fenced = FENCE.exec(rest)?.[1];
    if (fenced) {
      fence = fenced;
      inParagraph = false;
      marks.paragraph();
      continue;
    }
    // Where the reader starts a new paragraph (or heading, or table cell), pairing starts afresh.
    const heading = HEADING.test(rest);
    if (!inTable && rest.includes('|') && TABLE_DELIMITER.test(rest) && previous.includes('|')) inTable = true;
    else if (inTable && !rest.includes('|')) inTable = false;
    if (item || heading || inTable || quotes !== quotesBefore || !inParagraph) marks.paragraph();
    quotesBefore = quotes;
    inParagraph = !heading;
    previous = rest;
    const level = marks.read(rest);
    if (level > MAX_NESTING)
      return {
        code: 'DOCUMENT_TOO_DEEP',
        line: n + 1,
        message: `emphasis (* or _) nested more than ${MAX_NESTING} levels deep; the importer reads up to ${MAX_NESTING}`,
      };
    if (marks.work > MAX_PAIRING_WORK)
      return {
        code: 'DOCUMENT_TOO_LARGE',
        line: n + 1,
        message: 'the paragraph ending here holds more emphasis marks, brackets, code ticks and pipes than the importer reads in a few seconds',
      };
    if (heading) marks.paragraph();
  }
  return undefined;
}

const SPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const OTHER_MARKS = new Set(['[', ']', '`', '~', '<', '|']);

// The marks of the current paragraph that the reader tries to pair. Emphasis follows the
// flanking rules of CommonMark: a run of `*` or `_` opens when text follows it and closes when
// text precedes it; a run of several counts for the levels it can open (`***` is two).
class Marks {
  /** Pairing work of the whole document so far. */
  work = 0;
  private seen = 0;
  private open: Record<string, number[]> = { '*': [], _: [] };
  private levels = 0;

  /** A new paragraph: nothing before pairs with what comes. */
  paragraph(): void {
    this.seen = 0;
    this.open = { '*': [], _: [] };
    this.levels = 0;
  }

  private mark(): void {
    this.work += this.seen;
    this.seen++;
  }

  /** Reads a line of the paragraph; returns the most emphasis levels open at any point of it. */
  read(text: string): number {
    let deepest = this.levels;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (OTHER_MARKS.has(char)) {
        let end = i;
        while (text[end + 1] === char) end++;
        this.mark();
        i = end;
        continue;
      }
      if (char === '\\') {
        i++;
        continue;
      }
      if (char !== '*' && char !== '_') continue;
      let end = i;
      while (text[end + 1] === char) end++;
      const before = text[i - 1] ?? ' ';
      const after = text[end + 1] ?? ' ';
      const left = !SPACE.test(after) && (!PUNCTUATION.test(after) || SPACE.test(before) || PUNCTUATION.test(before));
      const right = !SPACE.test(before) && (!PUNCTUATION.test(before) || SPACE.test(after) || PUNCTUATION.test(after));
      const opens = char === '*' ? left : left && (!right || PUNCTUATION.test(before));
      const closes = char === '*' ? right : right && (!left || PUNCTUATION.test(after));
      if (opens || closes) this.mark();
      const stack = this.open[char]!;
      if (closes && stack.length > 0) this.levels -= stack.pop()!;
      else if (opens) {
        const levels = Math.ceil((end - i + 1) / 2);
        stack.push(levels);
        this.levels += levels;
        deepest = Math.max(deepest, this.levels);
      }
      i = end;
    }
    return deepest;
  }
}
