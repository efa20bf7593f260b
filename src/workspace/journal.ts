import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntryRef } from '../core/criteria.js';
import { countDistinctWords, countWords } from '../core/text.js';
import type { Workspace } from './workspace.js';

export { countWords };

export const JOURNAL_DIR = 'journal';

/** A journal entry file: its front matter, text and where it lives. */
export interface JournalEntry extends JournalEntryRef {
  title: string | undefined;
  tags: string[];
  body: string;
}

/** A journal file whose front matter cannot be read: listed with its place, never dropped. */
export interface JournalProblem {
  path: string;
  line: number;
  message: string;
}

/** Reads every entry in `journal/`; files with broken front matter are reported, not dropped. */
export async function readJournal(workspace: Workspace): Promise<{ entries: JournalEntry[]; problems: JournalProblem[] }> {
  const dir = join(workspace.root, JOURNAL_DIR);
  if (!existsSync(dir)) return { entries: [], problems: [] };
  const files = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  if (files.length === 0) return { entries: [], problems: [] };
  const [{ parseYamlSource }, { splitFrontMatter }] = await Promise.all([import('../content/yaml-source.js'), import('../content/front-matter.js')]);
  const entries: JournalEntry[] = [];
  const problems: JournalProblem[] = [];
  for (const name of files) {
    const path = `${JOURNAL_DIR}/${name}`;
    const text = readFileSync(join(workspace.root, path), 'utf8');
    const split = splitFrontMatter(text);
    if (!split) {
      problems.push({ path, line: 1, message: 'no front matter: start the file with "---", a "date:" (and "node:") line, and "---"' });
      continue;
    }
    const source = parseYamlSource(split.yaml, 2);
    const first = source.syntaxErrors[0];
    if (first) {
      problems.push({ path, line: first.line, message: first.message });
      continue;
    }
    const data = (source.data ?? {}) as Record<string, unknown>;
    const date = data.date instanceof Date ? data.date.toISOString() : typeof data.date === 'string' ? data.date : undefined;
    if (!date || Number.isNaN(Date.parse(date))) {
      problems.push({ path, ...source.locate(['date']), message: 'missing or unreadable "date" (write e.g. date: 2026-11-23)' });
      continue;
    }
    entries.push({
      path,
      node: typeof data.node === 'string' ? data.node : undefined,
      date,
      title: typeof data.title === 'string' ? data.title : undefined,
      tags: Array.isArray(data.tags) ? data.tags.map(String) : [],
      body: split.body,
      words: countWords(split.body),
      distinct: countDistinctWords(split.body),
    });
  }
  return { entries, problems };
}

/** Writes a new entry file and returns its path relative to the workspace; never overwrites one. */
export async function writeJournalEntry(
  workspace: Workspace,
  entry: { node: string | undefined; title: string | undefined; tags: string[]; body: string; date: Date },
): Promise<string> {
  const { stringify } = (await import('../content/yaml-source.js')).yamlLibrary();
  const dir = join(workspace.root, JOURNAL_DIR);
  mkdirSync(dir, { recursive: true });
  const stem = `${entry.date.toISOString().slice(0, 10)}-${entry.node ?? 'note'}`;
  let name = `${stem}.md`;
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${stem}-${n}.md`;
  const front: Record<string, unknown> = { date: entry.date.toISOString() };
  if (entry.node) front.node = entry.node;
  if (entry.title) front.title = entry.title;
  if (entry.tags.length > 0) front.tags = entry.tags;
  writeFileSync(join(dir, name), `---\n${stringify(front)}---\n\n${entry.body.trim()}\n`, { flag: 'wx' });
  return `${JOURNAL_DIR}/${name}`;
}
