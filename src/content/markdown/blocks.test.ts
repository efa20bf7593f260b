import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateRoadmap } from '../../../bench/generate.mjs';
import { ROOT } from '../../test-support/cli.js';
import { partStarts } from './blocks.js';
import { parseMarkdown } from './parse.js';

const FIXTURES = join(ROOT, 'src/content/import-fixtures');
const documents = [
  ...readdirSync(FIXTURES).map((name) => [name, readFileSync(join(FIXTURES, name, 'input.md'), 'utf8')] as const),
  ...readdirSync(join(ROOT, 'tracks')).map((id) => [id, readFileSync(join(ROOT, 'tracks', id, 'source.md'), 'utf8')] as const),
  ['generated roadmap', generateRoadmap(20_000)] as const,
];

// Lines that open, close or fake the blocks a cut must never fall inside.
const line = fc.constantFrom(
  '# Week 1',
  '## Stage 2: Attention',
  '###### Deep',
  '#NotAHeading',
  '####### too deep',
  ' # indented heading',
  '#',
  '```',
  '```js',
  '````',
  '~~~',
  '~~~ info `with` ticks',
  '``` a`b',
  '    ```',
  '```   ',
  '  ```',
  '- item',
  '- [ ] task',
  '  continued',
  '1. first',
  '> quote',
  '> ```',
  '> # quoted heading',
  '    indented code',
  '<div>',
  '</div>',
  '<details>',
  '<summary>Week 3</summary>',
  '</details>',
  '<span>inline</span> text',
  '<!-- comment',
  '-->',
  '<!-- whole comment -->',
  '<script>',
  '</script>',
  '<pre>',
  '</pre>',
  '<?php',
  '?>',
  '<!DOCTYPE html>',
  '<![CDATA[',
  ']]>',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  'Title',
  '===',
  '---',
  '[ref]: https://example.org',
  'see [ref]',
  'plain text',
  '',
);
const document = fc.tuple(fc.array(line, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

describe('parsing a long document in parts', () => {
  it('gives the tree of the whole document for every fixture, seed and generated roadmap', () => {
    for (const [name, text] of documents) expect(parseMarkdown(text, 300), name).toEqual(parseMarkdown(text, Infinity));
  });

  it('cuts long documents before top-level headings only', () => {
    const text = generateRoadmap(20_000);
    const starts = partStarts(text, 3000);
    expect(starts.length).toBeGreaterThan(4);
    for (const start of starts.slice(1)) expect(text.slice(start, start + 4)).toMatch(/^#{1,3} /);
    expect(partStarts(text, 50_000)).toEqual([0]);
  });

  it('gives the tree of the whole document however fences, HTML, quotes, lists and line endings fall', () => {
    fc.assert(
      fc.property(document, (text) => {
        expect(parseMarkdown(text, 1)).toEqual(parseMarkdown(text, Infinity));
      }),
      // Found by this property: an HTML block cut before the line that continued it, its CRLF read as a blank line.
      { numRuns: 3000, examples: [['- item\r\n  ```\r\n<div>\r\n```   \r\n# Week 1']] },
    );
  });

  it('never cuts inside a fence, an HTML block, or a document with link definitions', () => {
    const fenced = ['# A', '```', '# inside', '```', '# B', 'text'].join('\n');
    expect(partStarts(fenced, 1).map((at) => fenced.slice(at, at + 3))).toEqual(['# A', '# B']);
    const html = ['# A', '<div>', '# inside', '</div>', '', '# B'].join('\n');
    expect(partStarts(html, 1).map((at) => html.slice(at, at + 3))).toEqual(['# A', '# B']);
    const comment = ['# A', '<!--', '', '# inside', '-->', '', '# B'].join('\n');
    expect(partStarts(comment, 1).map((at) => comment.slice(at, at + 3))).toEqual(['# A', '# B']);
    expect(partStarts(['# A', 'see [x]', '# B', '[x]: https://example.org'].join('\n'), 1)).toEqual([0]);
  });
});
