import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test-support/cli.js';
import { checkReadable, MAX_DOCUMENT_BYTES, MAX_NESTING, refusalOf } from './document-limits.js';

const FIXTURES = join(ROOT, 'src/content/import-fixtures');
const staircase = (levels: number, between = '') => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}${between}`).join('\n');

describe('what the importer refuses before reading', () => {
  it('reads every fixture and built-in roadmap', () => {
    const docs = [
      ...readdirSync(FIXTURES).map((name) => join(FIXTURES, name, 'input.md')),
      ...readdirSync(join(ROOT, 'tracks')).map((id) => join(ROOT, 'tracks', id, 'source.md')),
    ];
    for (const doc of docs) expect(refusalOf(readFileSync(doc, 'utf8')), doc).toBeUndefined();
  });

  it('reads nesting up to the limit and refuses one level more, at its line', () => {
    expect(refusalOf(`# Plan\n\n${'- '.repeat(MAX_NESTING)}x`)).toBeUndefined();
    expect(refusalOf(`# Plan\n\n${'- '.repeat(MAX_NESTING + 1)}x`)).toMatchObject({ code: 'DOCUMENT_TOO_DEEP', line: 3 });
    expect(refusalOf(staircase(MAX_NESTING))).toBeUndefined();
    expect(refusalOf(staircase(MAX_NESTING + 1))).toMatchObject({ code: 'DOCUMENT_TOO_DEEP', line: MAX_NESTING + 1 });
    expect(refusalOf(`${'> '.repeat(MAX_NESTING / 2)}${'- '.repeat(MAX_NESTING / 2 + 1)}x`)).toMatchObject({ code: 'DOCUMENT_TOO_DEEP' });
  });

  it('is not fooled by lazy lines between the levels of a staircase', () => {
    expect(refusalOf(staircase(MAX_NESTING + 1, '\nlazy continuation'))).toMatchObject({ code: 'DOCUMENT_TOO_DEEP' });
  });

  it('refuses emphasis nested too deep, in one run of marks or many', () => {
    expect(refusalOf(`${'_'.repeat(2 * MAX_NESTING + 2)}x${'_'.repeat(2 * MAX_NESTING + 2)}`)).toMatchObject({
      code: 'DOCUMENT_TOO_DEEP',
      message: expect.stringContaining('emphasis'),
    });
    expect(refusalOf(`${'*a '.repeat(MAX_NESTING + 1)}x${' b*'.repeat(MAX_NESTING + 1)}`)).toMatchObject({ code: 'DOCUMENT_TOO_DEEP' });
    expect(refusalOf(`${'*a '.repeat(MAX_NESTING)}x${' b*'.repeat(MAX_NESTING)}`)).toBeUndefined();
  });

  it('refuses a paragraph of thousands of marks that pair with nothing, also when a quote spreads it over lines', () => {
    expect(refusalOf('a* '.repeat(10_000))).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', line: 1 });
    expect(refusalOf('> a* a* a* a* a* a* a* a* a* a*\n'.repeat(1000))).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    // The same marks in paragraphs of their own are read: the reader pairs each paragraph apart.
    expect(refusalOf('a* a* a* a* a* a* a* a* a* a*\n\n'.repeat(1000))).toBeUndefined();
  });

  it('does not count what is not emphasis: code, snake_case, arithmetic, bold that pairs', () => {
    const code = `\`\`\`python\n${'def f(*args, **kwargs): return a_b * c\n'.repeat(2000)}\`\`\`\n`;
    const indented = '    def f(*args, **kwargs): pass\n'.repeat(2000);
    const prose = `${'some snake_case_name and 2 * 3 with **bold** words '.repeat(2000)}\n`;
    expect(refusalOf(`${code}\n${indented}\n${prose}`)).toBeUndefined();
  });

  it('refuses a long list in which nested lists keep closing', () => {
    expect(refusalOf('- - x\n'.repeat(5000))).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', message: expect.stringContaining('closes more nested lists') });
    expect(refusalOf('- x\n'.repeat(20_000))).toBeUndefined();
  });

  it('says what, where, and what to do', () => {
    expect(() => checkReadable(`# Plan\n\n${'> '.repeat(100)}x`, 'plan.md')).toThrowErrorMatchingInlineSnapshot(
      `[TrailError: plan.md:3: lists and quotes nested more than 64 levels deep; the importer reads up to 64]`,
    );
    expect(() => checkReadable('x'.repeat(MAX_DOCUMENT_BYTES + 1), 'big.md')).toThrowErrorMatchingInlineSnapshot(
      `[TrailError: big.md is 257 KB; the importer reads documents of up to 256 KB]`,
    );
    // Bytes of UTF-8, not characters: 100,000 CJK characters are 300,000 bytes.
    expect(() => checkReadable('学'.repeat(100_000))).toThrow(expect.objectContaining({ code: 'DOCUMENT_TOO_LARGE' }));
  });
});
