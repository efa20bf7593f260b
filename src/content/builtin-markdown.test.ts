import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/cli.js';
import { readNodeBody } from './front-matter.js';
import { loadTrack } from './load.js';

const TRACKS = join(ROOT, 'tracks');

// The web app's pipeline (GFM, math, KaTeX) without React: what a learner's page renders.
const render = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype).use(rehypeKatex);

type Element = { type: string; properties?: { className?: unknown; title?: unknown }; children?: Element[] };

// KaTeX marks what it could not typeset with class "katex-error" and the parser's message as title.
function katexErrors(node: Element): string[] {
  const own = Array.isArray(node.properties?.className) && node.properties.className.includes('katex-error') ? [String(node.properties.title)] : [];
  return [...own, ...(node.children ?? []).flatMap(katexErrors)];
}

function problems(markdown: string): string[] {
  const file = new VFile(markdown);
  const tree = render.runSync(render.parse(file), file) as Element;
  return [...katexErrors(tree), ...file.messages.map((message) => message.reason)];
}

describe('the Markdown of every built-in track', () => {
  it.each(readdirSync(TRACKS))('renders its math without a KaTeX error in %s (bodies, exercises, hints, quizzes)', (id) => {
    const { track } = loadTrack(join(TRACKS, id));
    const found: string[] = [];
    for (const node of track!.nodes) {
      const texts = [readNodeBody(join(TRACKS, id), node), node.exercise?.text ?? '', ...(node.exercise?.hints ?? [])];
      for (const criterion of node.criteria) {
        if (criterion.kind === 'quiz') texts.push(readFileSync(join(TRACKS, id, node.dir, criterion.file), 'utf8'));
      }
      for (const text of texts) for (const problem of problems(text)) found.push(`${node.dir}: ${problem}`);
    }
    expect(found).toEqual([]);
  });

  it('catches math the page cannot render: a display formula opened with text on its $$ line', () => {
    expect(problems('$$a = b \\qquad\nc = d.$$\n\nMore text.\n')).not.toEqual([]);
    expect(problems('$$\na = b \\qquad\nc = d.\n$$\n\nMore text.\n')).toEqual([]);
  });
});
