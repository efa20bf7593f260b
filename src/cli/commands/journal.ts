import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { closest } from '../../core/text.js';
import { addJournalEntry } from '../../workspace/actions.js';
import { JOURNAL_DIR } from '../../store/journal.js';
import { colours, printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { describeOutcome, reported, requireNode, requireUnlocked, openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail journal add|list|show`. */
export const journalCommand = command({
  name: 'journal',
  description: 'write and list learning-journal entries',
  subcommands: [
    command({
      name: 'add',
      description: 'add an entry (from --text, or written in $EDITOR)',
      options: [
        { flags: '-n, --node <id>', description: 'node the entry is about' },
        { flags: '--text <markdown>', description: 'the entry text' },
        { flags: '--title <title>', description: 'a title' },
        { flags: '--tag <tag...>', description: 'tags' },
        { flags: '--allow-short', description: "keep an entry shorter than the node's journal criterion asks (10 words without one)" },
        { flags: '--share', description: "share the entry with your cohort's mentors (team mode); entries are private otherwise" },
        JSON_OPTION,
      ],
      action: (cli, options: JournalAddOptions) => journalAdd(cli, options),
    }),
    command({
      name: 'list',
      description: 'list entries, newest first',
      options: [{ flags: '-n, --node <id>', description: 'only entries about this node' }, JSON_OPTION],
      action: (cli, options: JsonOption & { node?: string }) => journalList(cli, options),
    }),
    command({
      name: 'show',
      description: 'show one entry: its front matter and text',
      arguments: [{ name: '<path|name>', description: 'the entry file (journal/2026-11-23-m1.md, or just 2026-11-23-m1)' }],
      options: [JSON_OPTION],
      action: (cli, name: string, options: JsonOption) => journalShow(cli, name, options),
    }),
  ],
});

/** Options of `trail journal add`. */
export interface JournalAddOptions extends JsonOption {
  share?: boolean;
  node?: string;
  text?: string;
  title?: string;
  tag?: string[];
  allowShort?: boolean;
}

/** `trail journal add`: writes an entry file under journal/ (text from --text or $EDITOR). */
export async function journalAdd(cli: Cli, options: JournalAddOptions): Promise<number> {
  const session = await openFor(cli, options);
  const target = options.node ? requireNode(session, options.node) : undefined;
  if (target) requireUnlocked(target.state);
  const node = target?.node;
  // Text written in the editor is kept as a draft when it is refused, and the editor opens on it next time.
  const draft = join(session.workspace.root, '.trail', 'journal-draft.md');
  const body = options.text ?? writeInEditor(cli, node?.title, existsSync(draft) ? readFileSync(draft, 'utf8') : '');
  let saved: Awaited<ReturnType<typeof addJournalEntry>>;
  try {
    saved = await addJournalEntry(session, {
      node,
      title: options.title,
      tags: options.tag ?? [],
      shared: options.share === true,
      body,
      allowShort: options.allowShort === true,
    });
  } catch (error) {
    if (options.text !== undefined || !(error instanceof TrailError) || error.code !== 'ENTRY_TOO_SHORT' || !body.trim()) throw error;
    mkdirSync(dirname(draft), { recursive: true });
    writeFileSync(draft, body);
    throw new TrailError(
      error.code,
      error.message,
      `${error.hint ?? ''}; your text is kept in .trail/journal-draft.md and \`trail journal add\` opens it again`,
    );
  }
  if (options.text === undefined) rmSync(draft, { force: true });
  const outcome = reported(cli, saved);
  const { entry, short } = outcome;
  if (options.json) {
    printJson(cli, { entry, node: outcome.node ?? null, unlocked: outcome.unlocked, warning: short ?? null });
    return 0;
  }
  printLines(cli, `Saved ${entry.path} (${entry.words} words).`, ...(short ? [short] : []), ...describeOutcome(outcome));
  return 0;
}

/** `trail journal list`: entries newest first, with node and word count. */
export async function journalList(cli: Cli, options: JsonOption & { node?: string }): Promise<number> {
  const session = await openFor(cli, options);
  const nodeId = options.node ? requireNode(session, options.node).node.id : undefined;
  const entries = session.journal.filter((entry) => !nodeId || entry.node === nodeId).sort((a, b) => (a.date < b.date ? 1 : -1));
  if (options.json) {
    printJson(cli, {
      entries: entries.map(({ body: _body, ...entry }) => ({ ...entry, title: entry.title ?? null, node: entry.node ?? null })),
      problems: session.journalProblems,
    });
    return 0;
  }
  const c = colours(cli);
  const lines = entries.map(
    (entry) =>
      `${entry.date.slice(0, 10)}  ${(entry.node ?? '—').padEnd(16)} ${String(entry.words).padStart(5)} words  ${entry.title ?? firstLine(entry.body)}  ${c.dim(entry.path)}`,
  );
  if (lines.length === 0)
    lines.push(
      nodeId ? `No journal entries about ${nodeId} yet: \`trail journal add --node ${nodeId}\`.` : 'No journal entries yet: `trail journal add --node <id>`.',
    );
  printLines(cli, ...lines);
  return 0;
}

/** `trail journal show <path|name>`: one entry, its front matter and text; a broken file is named with its line. */
export async function journalShow(cli: Cli, name: string, options: JsonOption): Promise<number> {
  const session = await openFor(cli, options);
  const wanted = journalPath(cli, session.workspace.root, name);
  const entry = session.journal.find((candidate) => candidate.path === wanted);
  const problem = session.journalProblems.find((candidate) => candidate.path === wanted);
  if (problem) {
    throw new TrailError(
      'FRONT_MATTER_INVALID',
      `${problem.path}:${problem.line}: ${problem.message}`,
      `fix the front matter of ${problem.path} in your editor (see docs/workspace.md#journal)`,
    );
  }
  if (!entry) {
    const paths = [...session.journal, ...session.journalProblems].map((candidate) => candidate.path);
    const near = closest(wanted, paths);
    throw new TrailError(
      'FILE_NOT_FOUND',
      `no journal entry ${wanted}`,
      near ? `did you mean ${near}? (\`trail journal list\` lists every entry)` : '`trail journal list` lists every entry',
    );
  }
  if (options.json) {
    printJson(cli, { entry: { ...entry, node: entry.node ?? null, title: entry.title ?? null } });
    return 0;
  }
  const c = colours(cli);
  printLines(
    cli,
    c.bold(entry.title ?? firstLine(entry.body)),
    c.dim(
      `${entry.path} · ${entry.date} · ${entry.node ? `node ${entry.node}` : 'no node'} · ${entry.words} words${entry.tags.length > 0 ? ` · tags: ${entry.tags.join(', ')}` : ''}${entry.shared ? ' · shared with mentors' : ''}`,
    ),
    '',
    entry.body.trim(),
  );
  return 0;
}

// An entry is named by a path to its file (from the current folder), or by its file name, with or without ".md".
function journalPath(cli: Cli, root: string, name: string): string {
  const full = cli.path(name);
  if (existsSync(full)) return relative(root, full).split(sep).join('/');
  const file = name.replace(/\\/g, '/').replace(/^(?:\.\/)?(?:journal\/)?/, '');
  return `${JOURNAL_DIR}/${file.endsWith('.md') ? file : `${file}.md`}`;
}

function firstLine(body: string): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

const INSTRUCTIONS_START = '<!-- trail:';

// $VISUAL or $EDITOR edits a temporary file; what is written above the instructions comment is the entry.
function writeInEditor(cli: Cli, about: string | undefined, draft: string): string {
  const editor = cli.env.VISUAL || cli.env.EDITOR;
  if (!editor) throw new TrailError('USAGE', 'no entry text', 'pass the text with --text "…", or set $EDITOR to write it in your editor');
  const dir = mkdtempSync(join(tmpdir(), 'trail-journal-'));
  const file = join(dir, 'entry.md');
  try {
    writeFileSync(file, `${draft}\n${INSTRUCTIONS_START} Write your entry${about ? ` about "${about}"` : ''} above this line; this comment is left out. -->\n`);
    const result = spawnSync(editor, [file], { stdio: 'inherit', shell: true, cwd: cli.cwd, env: cli.env });
    if (result.status !== 0)
      throw new TrailError(
        'EDITOR_FAILED',
        `the editor (${editor}) exited with ${result.status ?? result.signal}; nothing was saved`,
        'fix $EDITOR or pass --text',
      );
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(INSTRUCTIONS_START);
    return at < 0 ? text : text.slice(0, at);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
