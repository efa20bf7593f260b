import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntryRef } from '../core/criteria.js';
import { countDistinctWords, countWords } from '../core/text.js';
import { statInside, TRAIL_DIR, writeNewFile } from './safe-files.js';

export { countWords };

export const JOURNAL_DIR = 'journal';
// A journal entry is a note; a file this large is something else put there by mistake.
const MAX_ENTRY_BYTES = 10 * 1024 * 1024;

/** A journal entry file: its front matter, text and where it lives. */
export interface JournalEntry extends JournalEntryRef {
  title: string | undefined;
  tags: string[];
  /** The learner shares it with their cohort's mentors (team mode); entries are private otherwise. */
  shared: boolean;
  body: string;
}

/** A journal file whose front matter cannot be read: listed with its place, never dropped. */
export interface JournalProblem {
  path: string;
  line: number;
  message: string;
}

/** What the journal holds: the entries, and the files that could not be read as entries. */
export interface JournalRead {
  entries: JournalEntry[];
  problems: JournalProblem[];
}

type Parsed = { entry: JournalEntry } | { problem: JournalProblem };

/**
 * The entries of `journal/`, kept between reads: a file is read again only when its size,
 * modification time or inode changed, so a long-running process (the server) reads each entry
 * once. `refresh(root, { changed: false })` reads only the files that are new since the last
 * refresh (a file edited in place is then noticed by the next full refresh).
 */
export class JournalIndex {
  private files = new Map<string, { stamp: string; parsed: Parsed }>();
  private names: string[] = [];
  /** Counts the refreshes that found a file added, removed or changed. */
  version = 0;

  /** Reads the folder again; unchanged files keep what was read from them. */
  async refresh(root: string, options: { changed?: boolean } = {}): Promise<JournalRead> {
    const checkChanged = options.changed ?? true;
    const dir = join(root, JOURNAL_DIR);
    const folder = statInside(root, dir);
    const problem = !folder
      ? undefined
      : 'problem' in folder
        ? `${folder.problem}; put your entries in a journal/ folder inside the workspace`
        : folder.stat.isDirectory()
          ? undefined
          : 'is not a folder; entries go in a journal/ folder';
    if (!folder || problem) {
      if (this.files.size > 0) this.version++;
      this.files.clear();
      this.names = [];
      return { entries: [], problems: problem ? [{ path: JOURNAL_DIR, line: 1, message: problem }] : [] };
    }
    const names = readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
    const seen = new Set(names);
    for (const name of this.files.keys()) if (!seen.has(name) && this.files.delete(name)) this.version++;
    for (const name of names) if (checkChanged || !this.files.has(name)) await this.look(root, name);
    this.names = names;
    return this.read();
  }

  /**
   * Reads one file this process just wrote into `journal/`, without listing the folder: the
   * server's own journal writes cost it the new entry only.
   */
  async note(root: string, name: string): Promise<JournalRead> {
    await this.look(root, name);
    if (this.files.has(name)) {
      // Into its place in name order, as the folder would list it.
      let low = 0;
      for (let high = this.names.length; low < high; ) {
        const middle = (low + high) >>> 1;
        if (this.names[middle]! < name) low = middle + 1;
        else high = middle;
      }
      if (this.names[low] !== name) this.names = [...this.names.slice(0, low), name, ...this.names.slice(low)];
    }
    return this.read();
  }

  // Reads a file again when its size, time or inode (or where a link leads) changed.
  private async look(root: string, name: string): Promise<void> {
    const dir = join(root, JOURNAL_DIR);
    const known = this.files.get(name);
    const path = `${JOURNAL_DIR}/${name}`;
    const found = statInside(root, join(dir, name));
    if (!found) {
      if (this.files.delete(name)) this.version++;
      return;
    }
    const stamp = 'stat' in found ? `${found.stat.size}:${found.stat.mtimeMs}:${found.stat.ino}:${found.stat.isFile()}` : `problem:${found.problem}`;
    if (known?.stamp === stamp) return;
    let parsed: Parsed;
    if ('problem' in found) parsed = { problem: { path, line: 1, message: found.problem } };
    else if (!found.stat.isFile()) parsed = { problem: { path, line: 1, message: 'is not a file' } };
    else if (found.stat.size > MAX_ENTRY_BYTES)
      parsed = { problem: { path, line: 1, message: `is larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB; it is not read` } };
    else parsed = parseEntry(path, readText(join(dir, name)), await parsers());
    this.files.set(name, { stamp, parsed });
    this.version++;
  }

  private read(): JournalRead {
    const entries: JournalEntry[] = [];
    const problems: JournalProblem[] = [];
    for (const name of this.names) {
      const parsed = this.files.get(name)?.parsed;
      if (parsed && 'entry' in parsed) entries.push(parsed.entry);
      else if (parsed) problems.push(parsed.problem);
    }
    return { entries, problems };
  }
}

/** Reads every entry in `journal/`; files with broken front matter are reported, not dropped. */
export async function readJournal(workspace: { root: string }): Promise<JournalRead> {
  return new JournalIndex().refresh(workspace.root);
}

let loaded: Promise<Parsers> | undefined;
type Parsers = {
  parseYamlSource: typeof import('../content/yaml-source.js').parseYamlSource;
  splitFrontMatter: typeof import('../content/front-matter.js').splitFrontMatter;
};

// The YAML reader is loaded the first time an entry is read (a journal of files already read needs none).
function parsers(): Promise<Parsers> {
  return (loaded ??= Promise.all([import('../content/yaml-source.js'), import('../content/front-matter.js')]).then(
    ([{ parseYamlSource }, { splitFrontMatter }]) => ({ parseYamlSource, splitFrontMatter }),
  ));
}

function readText(path: string): string | { error: string } {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return { error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

/** Reads one entry's text (kept elsewhere than in a file: a team database): the entry, or the problem with its line. */
export async function parseJournalText(path: string, text: string): Promise<{ entry: JournalEntry } | { problem: JournalProblem }> {
  return parseEntry(path, text, await parsers());
}

function parseEntry(path: string, text: string | { error: string }, { parseYamlSource, splitFrontMatter }: Parsers): Parsed {
  if (typeof text !== 'string') return { problem: { path, line: 1, message: text.error } };
  if (text.includes('\u0000')) return { problem: { path, line: 1, message: 'is not a text file (it holds binary data); a journal entry is Markdown' } };
  const split = splitFrontMatter(text);
  if (!split) return { problem: { path, line: 1, message: 'no front matter: start the file with "---", a "date:" (and "node:") line, and "---"' } };
  const source = parseYamlSource(split.yaml, 2);
  const first = source.syntaxErrors[0];
  if (first) return { problem: { path, line: first.line, message: first.message } };
  const data = (typeof source.data === 'object' && source.data !== null && !Array.isArray(source.data) ? source.data : {}) as Record<string, unknown>;
  const date = data.date instanceof Date ? data.date.toISOString() : typeof data.date === 'string' ? data.date : undefined;
  if (!date || Number.isNaN(Date.parse(date)))
    return { problem: { path, ...source.locate(['date']), message: 'missing or unreadable "date" (write e.g. date: 2026-11-23)' } };
  return {
    entry: {
      path,
      node: typeof data.node === 'string' ? data.node : undefined,
      date,
      title: typeof data.title === 'string' ? data.title : undefined,
      tags: Array.isArray(data.tags) ? data.tags.map(String) : [],
      shared: data.shared === true,
      body: split.body,
      words: countWords(split.body),
      distinct: countDistinctWords(split.body),
    },
  };
}

/** What a new journal entry says: its front matter fields and its text. */
export interface JournalDraft {
  node: string | undefined;
  title: string | undefined;
  tags: string[];
  /** Written as `shared: true`: the cohort's mentors may read it. */
  shared?: boolean;
  body: string;
  date: Date;
}

/** The file-name stem of a new entry: its day and node (`2026-11-23-m01`), or `note`. */
export function journalStem(entry: Pick<JournalDraft, 'node' | 'date'>): string {
  return `${entry.date.toISOString().slice(0, 10)}-${entry.node ?? 'note'}`;
}

/** The text of a new entry file: front matter (date, node, title, tags, shared) and the body. */
export async function journalEntryText(entry: JournalDraft): Promise<string> {
  const { stringify } = (await import('../content/yaml-source.js')).yamlLibrary();
  const front: Record<string, unknown> = { date: entry.date.toISOString() };
  if (entry.node) front.node = entry.node;
  if (entry.title) front.title = entry.title;
  if (entry.tags.length > 0) front.tags = entry.tags;
  if (entry.shared) front.shared = true;
  return `---\n${stringify(front)}---\n\n${entry.body.trim()}\n`;
}

/** Writes a new entry file named from `stem` and returns its path relative to the workspace; never overwrites one, whoever else writes at the same time. */
export async function createJournalFile(root: string, stem: string, text: string): Promise<string> {
  const dir = join(root, JOURNAL_DIR);
  mkdirSync(dir, { recursive: true });
  const name = await writeNewFile(dir, (n) => (n === 1 ? `${stem}.md` : `${stem}-${n}.md`), text, join(root, TRAIL_DIR));
  return `${JOURNAL_DIR}/${name}`;
}

/** Writes a new entry file and returns its path relative to the workspace; never overwrites one, whoever else writes at the same time. */
export async function writeJournalEntry(workspace: { root: string }, entry: JournalDraft): Promise<string> {
  return createJournalFile(workspace.root, journalStem(entry), await journalEntryText(entry));
}
