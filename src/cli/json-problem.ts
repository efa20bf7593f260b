/** Where JSON text stops being JSON, and why, in the same words on every Node version. */
export interface JsonProblem {
  line: number;
  col: number;
  message: string;
}

/**
 * Finds the first syntax error of text that JSON.parse refused. The engine's own messages
 * differ between Node versions and do not always give a position, so the text is scanned
 * again here to name the line, the column and what was expected.
 */
export function jsonProblem(text: string): JsonProblem {
  let i = 0;
  const stop = (message: string): never => {
    throw Object.assign(new Error(message), { offset: i });
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length) stop('a string is not closed with "');
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) stop('a line break inside a string');
    }
    i++;
  };
  const list = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') stop(i >= text.length ? 'the file ends too early' : `expected "," or "${close}"`);
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === undefined) stop('the file ends too early');
    if (c === '{') {
      return list('}', () => {
        space();
        if (text[i] !== '"') stop('expected a key in double quotes');
        string();
        space();
        if (text[i] !== ':') stop('expected ":" after a key');
        i++;
        value();
      });
    }
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(i));
    if (!word) stop(`unexpected ${JSON.stringify(c)}`);
    else i += word[0].length;
  };
  let message = 'not valid JSON';
  try {
    value();
    space();
    if (i < text.length) stop('more text after the JSON value');
  } catch (error) {
    message = (error as Error).message;
  }
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1, message };
}
