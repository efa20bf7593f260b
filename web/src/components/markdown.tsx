import { Suspense, use, type ComponentType } from 'react';
import type { MarkdownExtensions } from './markdown-renderer';

type Renderer = ComponentType<{ source: string; headingOffset: number; extensions: MarkdownExtensions }>;
type Loaded = { Renderer: Renderer; extensions: MarkdownExtensions };

// The renderer is loaded with the first Markdown a page shows; KaTeX (with its fonts and styles)
// only for a text with math in it, highlight.js only for one with a fenced code block.
const loading = new Map<string, Promise<Loaded>>();
function load(math: boolean, code: boolean): Promise<Loaded> {
  const key = `${math}:${code}`;
  let promise = loading.get(key);
  if (!promise) {
    promise = Promise.all([import('./markdown-renderer'), math ? import('./markdown-math') : undefined, code ? import('./markdown-code') : undefined]).then(
      ([renderer, mathPlugins, codePlugins]) => ({
        Renderer: renderer.default,
        extensions: {
          remark: mathPlugins ? [mathPlugins.remarkMath] : [],
          rehype: [...(mathPlugins ? [mathPlugins.rehypeKatex] : []), ...(codePlugins ? [codePlugins.rehypeHighlight] : [])],
        },
      }),
    );
    loading.set(key, promise);
  }
  return promise;
}

/** Whether a text may hold math ($…$, $$…$$) or a fenced code block: what decides the extensions loaded. */
export function extensionsNeeded(source: string): { math: boolean; code: boolean } {
  return { math: source.includes('$'), code: /^\s*(```|~~~)/m.test(source) };
}

function Rendered({ source, headingOffset }: { source: string; headingOffset: number }) {
  const { math, code } = extensionsNeeded(source);
  const { Renderer, extensions } = use(load(math, code));
  return <Renderer source={source} headingOffset={headingOffset} extensions={extensions} />;
}

interface Props {
  source: string;
  className?: string;
  /** How far the author's headings move down: 2 (the default) makes "#" an h3, under a page's h2. */
  headingOffset?: number;
}

/** Sanitized Markdown in a `.prose` block; the renderer and the extensions the text needs are loaded on first use. */
export function Markdown({ source, className = '', headingOffset = 2 }: Props) {
  return (
    <div className={`prose ${className}`}>
      <Suspense fallback={<p className="muted">{source.slice(0, 200)}</p>}>
        <Rendered source={source} headingOffset={headingOffset} />
      </Suspense>
    </div>
  );
}
