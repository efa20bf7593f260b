import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrontMatter } from '../content/front-matter.js';
import { parseYamlSource, yamlLibrary } from '../content/yaml-source.js';
import type { PaperRef } from '../core/criteria.js';
import { statInside, TRAIL_DIR, writeNewFile } from './safe-files.js';

/** Folder of the paper notes, relative to the workspace. */
export const PAPERS_DIR = 'papers_notes';

/** Where the learner is with a paper. */
export const PAPER_STATUSES = ['to-read', 'reading', 'read'] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];

/** A paper note file: its front matter and where it lives. */
export interface Paper {
  /** File name without `.md`: what `trail paper status` takes. */
  slug: string;
  path: string;
  title: string;
  authors: string[];
  year: number | null;
  url: string | null;
  nodes: string[];
  status: PaperStatus;
  /** Words of the learner's notes (see notesWords). */
  words: number;
}

/** A paper note whose front matter cannot be read: listed with its place, never dropped. */
export interface PaperProblem {
  path: string;
  line: number;
  message: string;
}

/** Whether a word is one of the paper statuses. */
export function isPaperStatus(value: unknown): value is PaperStatus {
  return typeof value === 'string' && (PAPER_STATUSES as readonly string[]).includes(value);
}

/** A file-name stem from a title: lower-case letters and digits joined by "-", at most 60 characters. */
export function slugify(title: string): string {
  const words =
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 60) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, 60) ?? 'paper');
}

/** The text of a new paper note: front matter and a notes template. */
export function paperNoteText(
  paper: { title: string; authors: string[]; year: number | null; url: string; nodes: string[]; status: PaperStatus },
  stringify: (value: unknown) => string,
): string {
  const front = { title: paper.title, authors: paper.authors, year: paper.year, url: paper.url, nodes: paper.nodes, status: paper.status };
  const byline = [paper.authors.join(', '), paper.year === null ? '' : String(paper.year)].filter(Boolean).join(', ');
  return [
    `---\n${stringify(front)}---`,
    '',
    `# ${paper.title}`,
    '',
    `${byline ? `${byline}. ` : ''}<${paper.url}>`,
    '',
    '## Summary',
    '',
    '## Key ideas',
    '',
    '## How it relates to my work',
    '',
    '## Questions',
    '',
  ].join('\n');
}

/** Writes a new paper note and returns its path relative to the workspace; never overwrites a file. */
export async function writePaper(workspace: { root: string }, paper: Parameters<typeof paperNoteText>[0]): Promise<{ slug: string; path: string }> {
  return createPaperFile(workspace.root, slugify(paper.title), paperNoteText(paper, yamlLibrary().stringify));
}

/** Writes a new note named from `stem` (`<stem>.md`, `<stem>-2.md`, …) and returns its slug and path; never overwrites a file. */
export async function createPaperFile(root: string, stem: string, text: string): Promise<{ slug: string; path: string }> {
  const dir = join(root, PAPERS_DIR);
  mkdirSync(dir, { recursive: true });
  const name = await writeNewFile(dir, (n) => (n === 1 ? `${stem}.md` : `${stem}-${n}.md`), text, join(root, TRAIL_DIR));
  const slug = name.slice(0, -'.md'.length);
  return { slug, path: `${PAPERS_DIR}/${name}` };
}

/** Reads the front matter of one paper note: the paper, or the problem with its line. */
export function parsePaper(path: string, text: string): { paper: Paper } | { problem: PaperProblem } {
  const slug = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  const split = splitFrontMatter(text);
  if (!split) return { problem: { path, line: 1, message: 'no front matter: start the file with "---", a "title:" line, and "---"' } };
  const source = parseYamlSource(split.yaml, 2);
  const first = source.syntaxErrors[0];
  if (first) return { problem: { path, line: first.line, message: first.message } };
  if (typeof source.data !== 'object' || source.data === null || Array.isArray(source.data)) {
    return { problem: { path, line: 2, message: 'the front matter is not a map of "key: value" lines' } };
  }
  const data = source.data as Record<string, unknown>;
  const at = (key: string) => source.locate([key]).line;
  if (typeof data.title !== 'string' || data.title.trim() === '')
    return { problem: { path, line: 'title' in data ? at('title') : 2, message: 'missing "title" (write e.g. title: Attention Is All You Need)' } };
  const status = data.status ?? 'to-read';
  if (!isPaperStatus(status))
    return { problem: { path, line: at('status'), message: `"status" is ${JSON.stringify(status)}; write one of ${PAPER_STATUSES.join(', ')}` } };
  const year = data.year ?? null;
  if (year !== null && !(typeof year === 'number' && Number.isInteger(year)) && !(typeof year === 'string' && /^\d{1,4}$/.test(year))) {
    return { problem: { path, line: at('year'), message: `"year" is ${JSON.stringify(year)}; write a year such as 2017` } };
  }
  const list = (value: unknown): string[] | undefined =>
    value === undefined || value === null
      ? []
      : typeof value === 'string'
        ? [value]
        : Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')
          ? value.map(String)
          : undefined;
  const authors = list(data.authors);
  if (!authors) return { problem: { path, line: at('authors'), message: '"authors" must be a name or a list of names' } };
  const nodes = list(data.nodes);
  if (!nodes) return { problem: { path, line: at('nodes'), message: '"nodes" must be a node id or a list of node ids' } };
  const url = data.url === undefined || data.url === null ? null : String(data.url);
  return { paper: { slug, path, title: data.title.trim(), authors, year: year === null ? null : Number(year), url, nodes, status, words: notesWords(text) } };
}

/** Reads every note in `papers_notes/` (hand-written ones too); unreadable ones are reported, not dropped. */
export function readPapers(workspace: { root: string }): { papers: Paper[]; problems: PaperProblem[] } {
  const dir = join(workspace.root, PAPERS_DIR);
  const folder = statInside(workspace.root, dir);
  if (!folder) return { papers: [], problems: [] };
  if ('problem' in folder || !folder.stat.isDirectory()) {
    return {
      papers: [],
      problems: [
        {
          path: PAPERS_DIR,
          line: 1,
          message: 'problem' in folder ? `${folder.problem}; keep your notes in a papers_notes/ folder inside the workspace` : 'is not a folder',
        },
      ],
    };
  }
  const papers: Paper[] = [];
  const problems: PaperProblem[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()) {
    const path = `${PAPERS_DIR}/${name}`;
    const text = noteText(workspace.root, join(dir, name));
    if (text === undefined) continue;
    const read = typeof text === 'string' ? parsePaper(path, text) : { problem: { path, line: 1, message: text.problem } };
    if ('paper' in read) papers.push(read.paper);
    else problems.push(read.problem);
  }
  return { papers, problems };
}

// A note's text, or why it is not read (a link out of the workspace, a folder, binary data).
function noteText(root: string, path: string): string | { problem: string } | undefined {
  const found = statInside(root, path);
  if (!found || 'problem' in found) return found;
  if (!found.stat.isFile()) return { problem: 'is not a file' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  return text.includes('\u0000') ? { problem: 'is not a text file (it holds binary data); a paper note is Markdown' } : text;
}

/**
 * Sets the `status:` line of a note's front matter and leaves every other byte as it was; a
 * front matter without that line gets it as its last line. Undefined when there is no front matter.
 */
export function withStatus(text: string, status: PaperStatus): string | undefined {
  const split = splitFrontMatter(text);
  if (!split) return undefined;
  // The front matter starts after the first "---" line; its lines are searched in place.
  const start = text.indexOf('\n') + 1;
  const end = start + split.yaml.length;
  const front = text.slice(start, end);
  const line = /^status[ \t]*:[ \t]*([^\r\n]*?)([ \t]+#[^\r\n]*)?(\r?)$/m.exec(front);
  if (line) {
    const valueAt = start + line.index + line[0].indexOf(':') + 1;
    const valueEnd = start + line.index + line[0].length - (line[2]?.length ?? 0) - line[3]!.length;
    return `${text.slice(0, valueAt)} ${status}${text.slice(valueEnd)}`;
  }
  const newline = front.includes('\r\n') ? '\r\n' : '\n';
  const ending = front === '' || front.endsWith('\n') ? '' : newline;
  return `${text.slice(0, end)}${ending}status: ${status}${newline}${text.slice(end)}`;
}

/** The paper notes as criteria see them: address, status, and the words of notes under the headings. */
export function readPaperRefs(workspace: { root: string }): PaperRef[] {
  return readPapers(workspace).papers.map(({ path, url, status, words }) => ({ path, url, status, words }));
}

/** Words of a note's own writing: its body without headings, and from its first "##" heading on when it has one (the title and byline are the template's). */
export function notesWords(text: string): number {
  const body = splitFrontMatter(text)?.body ?? text;
  const lines = body.split(/\r?\n/);
  const first = lines.findIndex((line) => /^##\s/.test(line));
  return lines
    .slice(Math.max(0, first))
    .filter((line) => !/^#{1,6}\s/.test(line))
    .join(' ')
    .replace(/<?https?:\/\/\S+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean).length;
}
