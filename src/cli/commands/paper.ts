import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { renamesOf } from '../../core/changes.js';
import { renameResolver } from '../../core/progress.js';
import { closest } from '../../core/text.js';
import { yamlLibrary } from '../../content/yaml-source.js';
import { isPaperStatus, PAPER_STATUSES, PAPERS_DIR, paperNoteText, parsePaper, slugify, withStatus, type PaperStatus } from '../../store/papers.js';
import { statInside } from '../../store/safe-files.js';
import { colours, printJson, printLines, warn } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, requireNode, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** Options of `trail paper add`. */
export interface PaperAddOptions extends JsonOption {
  url?: string;
  node?: string[];
  authors?: string;
  year?: string;
  status?: string;
}

/** `trail paper add|list|status`. */
export const paperCommand = command({
  name: 'paper',
  description: 'paper notes in papers_notes/: add, list, move along',
  subcommands: [
    command({
      name: 'add',
      description: 'create a note file for a paper (never overwriting one)',
      arguments: [{ name: '<title>', description: 'the paper title' }],
      options: [
        { flags: '--url <url>', description: "the paper's web address", required: true },
        { flags: '-n, --node <id...>', description: 'nodes the paper belongs to' },
        { flags: '--authors <names>', description: 'authors, separated by ";" ("Vaswani, A.; Shazeer, N.")' },
        { flags: '--year <n>', description: 'year of publication' },
        { flags: '--status <status>', description: 'to-read (default), reading or read' },
        JSON_OPTION,
      ],
      action: (cli, title: string, options: PaperAddOptions) => paperAdd(cli, title, options),
    }),
    command({
      name: 'list',
      description: 'list paper notes (hand-written ones too)',
      options: [
        { flags: '-n, --node <id>', description: 'only papers of this node' },
        { flags: '--status <status>', description: 'only papers with this status' },
        JSON_OPTION,
      ],
      action: (cli, options: JsonOption & { node?: string; status?: string }) => paperList(cli, options),
    }),
    command({
      name: 'status',
      description: "set a paper's status (only that line of the note changes)",
      arguments: [
        { name: '<slug>', description: 'the note file name, without .md' },
        { name: '<status>', description: 'to-read, reading or read' },
      ],
      options: [JSON_OPTION],
      action: (cli, slug: string, status: string, options: JsonOption) => paperStatus(cli, slug, status, options),
    }),
  ],
});

function requireStatus(value: string, option: string): PaperStatus {
  if (!isPaperStatus(value)) throw new TrailError('USAGE', `"${value}" is not a paper status`, `write ${option} ${PAPER_STATUSES.join(', ')}`);
  return value;
}

/** `trail paper add "<title>" --url <url>`: creates a note file in papers_notes/, never overwriting one. */
export async function paperAdd(cli: Cli, title: string, options: PaperAddOptions): Promise<number> {
  const session = await openFor(cli, options);
  if (title.trim() === '')
    throw new TrailError('USAGE', 'the title is empty', 'write e.g. `trail paper add "Attention Is All You Need" --url https://arxiv.org/abs/1706.03762`');
  const url = options.url ?? '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new TrailError('USAGE', `"${url}" is not a web address`, "give the paper's address with --url, e.g. --url https://arxiv.org/abs/1706.03762");
  }
  let year: number | null = null;
  if (options.year !== undefined) {
    if (!/^\d{4}$/.test(options.year.trim())) throw new TrailError('USAGE', `"${options.year}" is not a year`, 'write four digits, e.g. --year 2017');
    year = Number(options.year);
  }
  const nodes = [...new Set((options.node ?? []).map((id) => requireNode(session, id).node.id))];
  const authors = (options.authors ?? '')
    .split(';')
    .map((name) => name.trim())
    .filter(Boolean);
  const status = requireStatus(options.status ?? 'to-read', '--status');
  const paper = { title: title.trim(), authors, year, url, nodes, status };
  const { slug, path } = await session.store.records.papers.create(slugify(paper.title), paperNoteText(paper, yamlLibrary().stringify));
  if (options.json) {
    printJson(cli, { paper: { slug, path, ...paper } });
    return 0;
  }
  printLines(cli, `Saved ${path}: add your notes there. Move it along with \`trail paper status ${slug} reading\`.`);
  return 0;
}

/** `trail paper list`: every note in papers_notes/, hand-written ones too; unreadable ones are reported. */
export async function paperList(cli: Cli, options: JsonOption & { node?: string; status?: string }): Promise<number> {
  const session = await openFor(cli, options);
  const nodeId = options.node ? requireNode(session, options.node).node.id : undefined;
  const status = options.status ? requireStatus(options.status, '--status') : undefined;
  const resolve = renameResolver(renamesOf(session.track));
  const { papers, problems } = await session.store.records.papers.list();
  const shown = papers.filter((paper) => (!nodeId || paper.nodes.some((id) => resolve(id) === nodeId)) && (!status || paper.status === status));
  if (options.json) {
    printJson(cli, { papers: shown, problems });
    return 0;
  }
  for (const problem of problems) warn(cli, `${problem.path}:${problem.line}: ${problem.message} (not listed)`);
  const c = colours(cli);
  const lines = shown.map(
    (paper) =>
      `${paper.status.padEnd(8)} ${paper.title}${paper.year === null ? '' : ` (${paper.year})`}${paper.nodes.length > 0 ? `  ${c.dim(`[${paper.nodes.join(', ')}]`)}` : ''}  ${c.dim(paper.path)}`,
  );
  if (lines.length === 0) lines.push(papers.length === 0 ? 'No paper notes yet: `trail paper add "<title>" --url <url>`.' : 'No paper notes match.');
  printLines(cli, ...lines);
  return 0;
}

/** `trail paper status <slug> <status>`: rewrites only the status line of the note's front matter. */
export async function paperStatus(cli: Cli, name: string, value: string, options: JsonOption): Promise<number> {
  const session = await openFor(cli, options);
  const status = requireStatus(value, 'the status as');
  const slug = name
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)?(?:papers_notes\/)?/, '')
    .replace(/\.md$/, '');
  const path = `${PAPERS_DIR}/${slug}.md`;
  const file = join(session.workspace.root, path);
  if (slug.includes('/') || !existsSync(file)) {
    const near = closest(
      slug,
      (await session.store.records.papers.list()).papers.map((paper) => paper.slug),
    );
    throw new TrailError(
      'FILE_NOT_FOUND',
      `no paper note ${path}`,
      near ? `did you mean ${near}? (\`trail paper list\` lists every note)` : '`trail paper list` lists every note',
    );
  }
  const found = statInside(session.workspace.root, file);
  if (found && 'problem' in found) throw new TrailError('FRONT_MATTER_INVALID', `${path} ${found.problem}`, `keep the note itself in ${PAPERS_DIR}/`);
  const text = readFileSync(file, 'utf8');
  const read = parsePaper(path, text);
  if ('problem' in read) {
    throw new TrailError(
      'FRONT_MATTER_INVALID',
      `${path}:${read.problem.line}: ${read.problem.message}`,
      `fix the front matter of ${path} in your editor, then run this again`,
    );
  }
  // Through a temporary file: a write cut short never leaves half of the learner's note.
  if (read.paper.status !== status) await session.store.records.papers.replace(slug, withStatus(text, status)!);
  if (options.json) {
    printJson(cli, { paper: { ...read.paper, status }, previous: read.paper.status });
    return 0;
  }
  printLines(cli, read.paper.status === status ? `${path} is already ${status}.` : `${path}: ${read.paper.status} → ${status}.`);
  return 0;
}
