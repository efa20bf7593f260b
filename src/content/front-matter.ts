import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Splits a Markdown file into its YAML front matter (between "---" lines) and body. */
export function splitFrontMatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
  if (match?.index !== 0) return undefined;
  const yaml = match[1]!;
  const bodyLine = yaml.split('\n').length + 2;
  return { yaml, body: text.slice(match[0].length), bodyLine };
}

/** The Markdown body of a node's overview.md (after its front matter). */
export function readNodeBody(root: string, node: { dir: string }): string {
  const text = readFileSync(join(root, node.dir, 'overview.md'), 'utf8');
  return splitFrontMatter(text)?.body ?? text;
}
