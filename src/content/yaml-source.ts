import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

/** A position in a file, 1-based as editors show it. */
export interface Position {
  line: number;
  col: number;
}

/** A parsed YAML text that can say where any value sits. */
export interface YamlSource {
  data: unknown;
  syntaxErrors: Array<Position & { message: string }>;
  /** Where the value at `path` starts; for a missing key, where its parent starts. */
  locate(path: readonly PropertyKey[], key?: string): Position;
}

/** Parses YAML text whose first line is line `firstLine` of its file. */
export function parseYamlSource(text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Errors at the very end (an unclosed bracket) are shown on the last line of the text.
  const lastLine = Math.max(1, text.replace(/\n$/, '').split('\n').length);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return line > lastLine ? { line: lastLine + firstLine - 1, col: 1 } : { line: line + firstLine - 1, col };
  };
  const syntaxErrors = doc.errors.map((error) => ({
    ...at(error.pos[0]),
    message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''),
  }));
  const locate = (path: readonly PropertyKey[], key?: string): Position => {
    let node: unknown = doc.contents;
    let found: unknown = node;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === step);
        node = pair?.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
      } else break;
      if (!isNode(node)) break;
      found = node;
    }
    if (key !== undefined && isMap(found)) {
      const pair = found.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
    if (isNode(found) && found.range) return at(found.range[0]);
    return { line: firstLine, col: 1 };
  };
  return { data: doc.errors.length > 0 ? undefined : doc.toJS(), syntaxErrors, locate };
}

/** Splits a Markdown file into its YAML front matter (between "---" lines) and body. */
export function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
  if (!match || match.index !== 0) return undefined;
  const yaml = match[1]!;
  const bodyLine = yaml.split('\n').length + 2;
  return { yaml, body: text.slice(match[0].length), bodyLine };
}
