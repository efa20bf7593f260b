// Math in Markdown: remark-math finds it, KaTeX renders it. Loaded only for text with math in it.
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import 'katex/dist/katex.min.css';

export { remarkMath, rehypeKatex };
