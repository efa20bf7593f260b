import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { renamesOf } from '../core/changes.js';
import { TrailError } from '../core/errors.js';
import { byTime, type TrailEvent } from '../core/events.js';
import { renameResolver } from '../core/progress.js';
import { SUPPORTED_CRITERIA, type Session } from '../workspace/session.js';
import { TRAIL_DIR } from '../store/safe-files.js';
import type { RecordFiles } from './files.js';
import { completionTimes } from './completion.js';
import { runPlotPath } from './plots.js';
import { findReadmeBlock, renderExperimentsLog, renderLearningJournal, renderProgress, renderReadmeBlock, type ExportInput, type RunEntry } from './render.js';

/** The files `trail export` writes, in the order it writes them. */
export const EXPORT_FILES = ['experiments_log.md', 'learning_journal.md', 'PROGRESS.md', 'README.md'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

const DIGESTS = 'exports.json';

/** What happened to one file of an export. */
export interface ExportedFile {
  path: ExportFile;
  /** written: created or replaced; unchanged: already as generated; refused: edited by hand (or its markers are broken), left as it is. */
  action: 'written' | 'unchanged' | 'refused';
  /** Why a file was refused. */
  reason?: string;
}

/** `.trail/exports.json`: the digest of what the last export wrote to each file (for README.md, of its block). */
interface Digests {
  version: 1;
  files: Partial<Record<ExportFile, string>>;
}

const DigestsFile = z.looseObject({ files: z.record(z.string(), z.string()) });

function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

const DIGESTS_PATH = `${TRAIL_DIR}/${DIGESTS}`;

function readDigests(files: RecordFiles): Digests {
  try {
    const read = DigestsFile.safeParse(JSON.parse(files.read(DIGESTS_PATH) ?? ''));
    // A damaged file counts as none: every existing export file is then treated as edited by hand, never overwritten.
    return { version: 1, files: read.success ? (read.data.files as Digests['files']) : {} };
  } catch {
    // No digests (first export, or the file was deleted): every existing file then counts as the learner's.
    return { version: 1, files: {} };
  }
}

/** Reads everything the exported files are made of: the events and runs (from the store), the plots there are, the journal and state. */
export async function gatherExport(session: Session, files: RecordFiles): Promise<ExportInput> {
  const { track, progress } = session;
  const resolve = renameResolver(renamesOf(track));
  const events: TrailEvent[] = [...(await session.store.events.read()).events].sort(byTime);
  const { runs: kept, problems } = await session.store.records.runs.list();
  const runs: RunEntry[] = kept.map((run) => {
    const manual = run.kind === 'manual' ? run : undefined;
    return {
      id: run.id,
      kind: run.kind,
      node: resolve(run.node),
      criterion: run.criterion ?? null,
      startedAt: run.startedAt,
      objective: manual?.objective ?? null,
      command: run.command ?? null,
      params: manual?.params ?? {},
      metrics: run.metrics,
      notes: manual?.notes ?? null,
      status: run.status ?? null,
      artifacts: (run.artifacts ?? []).map((artifact) => artifact.path),
      visualizations: Object.keys(run.metrics)
        .map((metric) => runPlotPath(run.id, metric))
        .filter((path) => files.has(path)),
    };
  });
  return {
    track,
    state: session.state,
    runs,
    runProblems: problems.map((problem) => ({ path: problem.path, line: 1, message: problem.message })),
    journal: session.journal.map((entry) => (entry.node ? { ...entry, node: resolve(entry.node) } : entry)),
    journalProblems: session.journalProblems,
    completed: completionTimes(track, events, session.journal, resolve, SUPPORTED_CRITERIA, session.papers),
    since: new Map(track.nodes.map((node) => [node.id, progress.nodes.get(node.id)?.since ?? progress.trackResetAt])),
  };
}

interface Planned {
  path: ExportFile;
  /** The whole new text of the file. */
  text: string;
  /** What the digest covers: the whole file, or README.md's block. */
  generated: string;
  state: 'create' | 'replace' | 'unchanged' | 'edited' | 'broken';
  reason?: string;
}

function plan(files: RecordFiles, input: ExportInput, digests: Digests): Planned[] {
  const generated: Record<ExportFile, string> = {
    'experiments_log.md': renderExperimentsLog(input),
    'learning_journal.md': renderLearningJournal(input),
    'PROGRESS.md': renderProgress(input),
    'README.md': renderReadmeBlock(input),
  };
  return EXPORT_FILES.map((path): Planned => {
    const next = generated[path];
    const current = files.read(path);
    const known = digests.files[path];
    if (path !== 'README.md') {
      if (current === undefined) return { path, text: next, generated: next, state: 'create' };
      if (current === next) return { path, text: next, generated: next, state: 'unchanged' };
      if (known === digest(current)) return { path, text: next, generated: next, state: 'replace' };
      return {
        path,
        text: next,
        generated: next,
        state: 'edited',
        reason: known ? 'edited by hand since the last export' : 'not written by `trail export` (or .trail/exports.json was lost)',
      };
    }
    if (current === undefined) return { path, text: `${next}\n`, generated: next, state: 'create' };
    const block = findReadmeBlock(current);
    if ('problem' in block) return { path, text: current, generated: next, state: 'broken', reason: `line ${block.line} ${block.problem}` };
    if ('missing' in block) {
      const gap = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
      return { path, text: `${current}${gap}${next}\n`, generated: next, state: 'replace' };
    }
    const old = current.slice(block.start, block.end);
    const text = `${current.slice(0, block.start)}${next}${current.slice(block.end)}`;
    if (old === next) return { path, text, generated: next, state: 'unchanged' };
    if (known === digest(old)) return { path, text, generated: next, state: 'replace' };
    return {
      path,
      text,
      generated: next,
      state: 'edited',
      reason: known
        ? 'its progress block was edited by hand since the last export'
        : 'its progress block was not written by `trail export` (or .trail/exports.json was lost)',
    };
  });
}

/**
 * Writes the exported files. A file edited by hand since the last export (for README.md: its
 * block) is refused: without `force` nothing is written and a TrailError names the files, or,
 * with `keepGoing` (the automatic export), the other files are written and it is reported as
 * refused. A README.md whose markers are broken is refused even with `force`.
 */
export function writeExport(session: Session, files: RecordFiles, options: { force?: boolean; keepGoing?: boolean } = {}): Promise<ExportedFile[]> {
  return files.exclusive('export', () => exportNow(session, files, options));
}

async function exportNow(session: Session, files: RecordFiles, options: { force?: boolean; keepGoing?: boolean }): Promise<ExportedFile[]> {
  const digests = readDigests(files);
  const planned = plan(files, await gatherExport(session, files), digests);
  const broken = planned.filter((file) => file.state === 'broken');
  const edited = planned.filter((file) => file.state === 'edited' && !options.force);
  if (!options.keepGoing && broken.length > 0) {
    const file = broken[0]!;
    throw new TrailError(
      'EXPORT_EDITED',
      `README.md: ${file.reason}; the progress block cannot be placed`,
      `put "<!-- trail:progress:start -->" and "<!-- trail:progress:end -->" on their own lines, once each (or delete both to have the block appended), then run \`trail export\` again`,
    );
  }
  if (!options.keepGoing && edited.length > 0) {
    const names = edited.map((file) => `${file.path} (${file.reason})`).join('; ');
    throw new TrailError(
      'EXPORT_EDITED',
      `not exported: ${names}; nothing was written`,
      `move your text out of ${edited.length === 1 ? 'that file' : 'those files'} (in README.md, outside the trail:progress markers), then run \`trail export --force\` to replace ${edited.length === 1 ? 'it' : 'them'}`,
    );
  }
  const results: ExportedFile[] = [];
  for (const file of planned) {
    if (file.state === 'broken' || (file.state === 'edited' && !options.force)) {
      results.push({ path: file.path, action: 'refused', reason: file.reason! });
      continue;
    }
    if (file.state !== 'unchanged') files.write(file.path, file.text);
    digests.files[file.path] = digest(file.generated);
    results.push({ path: file.path, action: file.state === 'unchanged' ? 'unchanged' : 'written' });
  }
  const ordered: Digests = {
    version: 1,
    files: Object.fromEntries(EXPORT_FILES.filter((path) => digests.files[path]).map((path) => [path, digests.files[path]])),
  };
  const text = `${JSON.stringify(ordered, null, 2)}\n`;
  if (files.read(DIGESTS_PATH) !== text) files.write(DIGESTS_PATH, text);
  return results;
}

/** Whether the workspace exports after a node is done: the latest `export-settings` event says; on by default. */
export function autoExportOn(events: readonly TrailEvent[]): boolean {
  let on = true;
  for (const event of [...events].sort(byTime)) {
    if (event.verb === 'export-settings' && typeof event.result?.auto === 'boolean') on = event.result.auto;
  }
  return on;
}

/** What the automatic export did: files written, and warnings for files it left alone. */
export interface AutoExport {
  written: string[];
  warnings: string[];
}

/**
 * The automatic export after a change: runs when a node became done between `before` and
 * `after` and the workspace has not turned it off. It never forces, and never fails the
 * command (the change is already recorded): problems come back as warnings.
 */
export async function autoExport(before: Session, after: Session, files: RecordFiles): Promise<AutoExport | undefined> {
  const completed = after.state.nodes.some((state, i) => state.status === 'done' && before.state.nodes[i]?.status !== 'done');
  if (!completed) return undefined;
  try {
    if (!autoExportOn((await after.store.events.read()).events)) return undefined;
    const results = await writeExport(after, files, { keepGoing: true });
    return {
      written: results.filter((file) => file.action === 'written').map((file) => file.path),
      warnings: results
        .filter((file) => file.action === 'refused')
        .map((file) => `${file.path} was not exported: ${file.reason} (run \`trail export --force\` to replace it, after moving your text out)`),
    };
  } catch (error) {
    return { written: [], warnings: [`the automatic export failed: ${(error as Error).message} (run \`trail export\` to retry)`] };
  }
}
