import { useMemo } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';

// remark-math marks math as <code class="math-inline|math-display">; the default schema keeps only
// `language-*` classes, so those two are allowed too, or KaTeX would never see the math.
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
};

/** What a text needs beyond GFM, loaded on demand: math (remark-math + KaTeX) and code highlighting. */
export interface MarkdownExtensions {
  remark: NonNullable<Options['remarkPlugins']>;
  rehype: NonNullable<Options['rehypePlugins']>;
}

// Raw HTML is never parsed (no rehype-raw): react-markdown drops it. Sanitizing runs first, on
// the author's content; KaTeX and highlight.js then add markup made from text only, so their
// class names and styles need no allow-list.
function plugins(extensions: MarkdownExtensions): Pick<Options, 'remarkPlugins' | 'rehypePlugins'> {
  return { remarkPlugins: [remarkGfm, ...extensions.remark], rehypePlugins: [[rehypeSanitize, schema], ...extensions.rehype] };
}

const link: Components['a'] = ({ href, children }) =>
  href !== undefined && /^https?:\/\//i.test(href) ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <a href={href}>{children}</a>
  );

type Level = 1 | 2 | 3 | 4 | 5 | 6;

// The author's "#" sits under the page's own headings: shifted down, the outline stays in order.
function shiftedHeadings(offset: number): Components {
  const heading = (level: Level): Components['h1'] => {
    const Tag = `h${Math.min(level + offset, 6)}` as 'h1';
    return ({ children }) => <Tag>{children}</Tag>;
  };
  return { h1: heading(1), h2: heading(2), h3: heading(3), h4: heading(4), h5: heading(5), h6: heading(6) };
}

/** Renders untrusted Markdown (GFM, and math and code when their extensions are given) to sanitized React elements; "#" becomes h(1 + headingOffset). */
export default function MarkdownRenderer({ source, headingOffset, extensions }: { source: string; headingOffset: number; extensions: MarkdownExtensions }) {
  const components = useMemo(() => ({ a: link, ...shiftedHeadings(headingOffset) }), [headingOffset]);
  const chosen = useMemo(() => plugins(extensions), [extensions]);
  return (
    <ReactMarkdown {...chosen} components={components}>
      {source}
    </ReactMarkdown>
  );
}
