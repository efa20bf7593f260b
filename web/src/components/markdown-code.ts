// Highlighting of fenced code blocks. Loaded only for text with a fenced block in it.
import rehypeHighlight from 'rehype-highlight';

export { rehypeHighlight };
