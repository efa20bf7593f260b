import { lazy, Suspense } from 'react';

// The renderer brings KaTeX and highlight.js: loaded only when a page shows Markdown.
const MarkdownRenderer = lazy(() => import('./markdown-renderer'));

interface Props {
  source: string;
  className?: string;
  /** How far the author's headings move down: 2 (the default) makes "#" an h3, under a page's h2. */
  headingOffset?: number;
}

/** Sanitized Markdown in a `.prose` block; the renderer is loaded on first use. */
export function Markdown({ source, className = '', headingOffset = 2 }: Props) {
  return (
    <div className={`prose ${className}`}>
      <Suspense fallback={<p className="muted">{source.slice(0, 200)}</p>}>
        <MarkdownRenderer source={source} headingOffset={headingOffset} />
      </Suspense>
    </div>
  );
}
