import { createRequire } from 'node:module';
import jsYaml from 'js-yaml';
import type { Document } from 'yaml';

const require = createRequire(import.meta.url);

/**
 * The `yaml` package, loaded on first use: most commands only read YAML (js-yaml is faster at
 * that). It is CommonJS, so it is required, which also works from the bundled CLI, where a dynamic
 * import of a CommonJS package gives only its default export.
 */
export function yamlLibrary(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

/** A position in a file, 1-based as editors show it. */
export interface Position {
  line: number;
  col: number;
}

/** A parsed YAML text that can say where any value sits. */
export interface YamlSource {
  data: unknown;
  syntaxErrors: Array<Position & { message: string }>;
  /** Where the value at `path` starts; with `key`, where that key of the map at `path` is. */
  locate(path: readonly PropertyKey[], key?: string): Position;
}

/**
 * Parses YAML text whose first line is line `firstLine` of its file. Values come from js-yaml
 * (fast); positions and syntax messages come from the `yaml` package's document model, which
 * is built only when a problem has to be located, so valid files pay for one parse.
 */
export function parseYamlSource(text: string, firstLine = 1): YamlSource {
  let data: unknown;
  let failure: jsYaml.YAMLException | undefined;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) ?? {};
  } catch (error) {
    if (!(error instanceof jsYaml.YAMLException)) throw error;
    failure = error;
  }
  let located: ReturnType<typeof documentOf> | undefined;
  const document = () => (located ??= documentOf(text, firstLine));
  const syntaxErrors: YamlSource['syntaxErrors'] = [];
  if (failure) {
    const { errors } = document();
    if (errors.length > 0) syntaxErrors.push(...errors);
    else syntaxErrors.push({ line: firstLine + failure.mark.line, col: failure.mark.column + 1, message: failure.reason });
  }
  return { data: failure ? undefined : data, syntaxErrors, locate: (path, key) => document().locate(path, key) };
}

function documentOf(text: string, firstLine: number) {
  const yaml = yamlLibrary();
  const lineCounter = new yaml.LineCounter();
  const doc: Document.Parsed = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Errors at the very end (an unclosed bracket) are shown on the last line of the text.
  const lastLine = Math.max(1, text.replace(/\n$/, '').split('\n').length);
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return line > lastLine ? { line: lastLine + firstLine - 1, col: 1 } : { line: line + firstLine - 1, col };
  };
  const errors = doc.errors.map((error) => ({
    ...at(error.pos[0]),
    message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''),
  }));
  const pairOf = (map: unknown, key: PropertyKey) =>
    yaml.isMap(map) ? map.items.find((item) => yaml.isScalar(item.key) && item.key.value === key) : undefined;
  const locate = (path: readonly PropertyKey[], key?: string): Position => {
    let node: unknown = doc.contents;
    let found: unknown = node;
    for (const step of path) {
      if (yaml.isMap(node)) node = pairOf(node, step)?.value;
      else if (yaml.isSeq(node) && typeof step === 'number') node = node.items[step];
      else break;
      if (!yaml.isNode(node)) break;
      found = node;
    }
    if (key !== undefined) {
      const pair = pairOf(found, key);
      if (pair && yaml.isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
    if (yaml.isNode(found) && found.range) return at(found.range[0]);
    return { line: firstLine, col: 1 };
  };
  return { errors, locate };
}
