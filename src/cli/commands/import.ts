import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { prepareImport, writePlan, type ImportedTrack, type TrackPlan } from '../../content/import/index.js';
import { ExitCode, TrailError } from '../../core/errors.js';
import { colours, printJson, printLines } from '../output.js';
import type { AssistResult } from './import-assist.js';
import type { JsonOption } from './common.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import { cliHost } from '../host.js';

export interface ImportOptions extends JsonOption {
  out?: string;
  into?: string;
  dryRun?: boolean;
  withProgress?: string;
  id?: string;
  units?: string;
  strict?: boolean;
  assist?: boolean;
}

// Warnings about the reading itself: with --strict, any of them keeps the track from being written.
const DOUBTS = new Set(['close-call', 'notes', 'uneven', 'unattached']);

/** `trail import`. */
export const importCommand = command({
  name: 'import',
  description: 'turn a roadmap document (Markdown) into a track, with a report of what was read from which line',
  arguments: [{ name: '<file>', description: 'the roadmap document' }],
  options: [
    { flags: '-o, --out <dir>', description: 'folder for the new track' },
    { flags: '--into <dir>', description: "update a track imported before, keeping its node ids (and so learners' progress)" },
    { flags: '--id <id>', description: 'id of the new track (default: from the document title)' },
    { flags: '--dry-run', description: 'report what would be written, write nothing' },
    { flags: '--with-progress <workspace>', description: "record the document's ticked items as starting progress in this workspace (created if needed)" },
    {
      flags: '--units <selector>',
      description:
        'take the units from this reading instead of the best-scored one: h2, h3, …, list, table, groups (or a selector the report prints), /a pattern/ of heading titles, lines:12,30,…',
    },
    {
      flags: '--strict',
      description:
        'write nothing, and exit 1, when the report has warnings about the reading (a close second reading, text in no unit, uneven units, criteria that name no unit)',
    },
    {
      flags: '--assist',
      description:
        "ask the tutor's model (.trail/tutor.json or OPENAI_* / ANTHROPIC_*) for the structure and show where it differs; nothing is written when it does",
    },
    JSON_OPTION,
  ],
  action: (cli, file: string, options: ImportOptions) => importRoadmap(cli, file, options),
});

/** `trail import <file>`: a roadmap document becomes a track folder, with a report of what was read. */
export async function importRoadmap(cli: Cli, file: string, options: ImportOptions): Promise<number> {
  if (!options.out === !options.into)
    throw new TrailError(
      'USAGE',
      options.out ? 'give either --out or --into, not both' : 'say where the track goes',
      'e.g. `trail import roadmap.md --out my-track`, or `--into <track>` to update an imported track',
    );
  const path = cli.path(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new TrailError('FILE_NOT_FOUND', `no file ${file}`, 'give the path of a Markdown roadmap document');
  const target = cli.path((options.out ?? options.into)!);
  if (options.out && existsSync(target) && readdirSync(target).length > 0) {
    throw new TrailError(
      'OUTPUT_EXISTS',
      `${options.out} exists and is not empty`,
      `choose a new folder, or update the track there with --into ${options.out}`,
    );
  }
  const fileName = basename(path);
  const text = readFileSync(path, 'utf8');
  const { imported, plan } = prepareImport({
    text,
    fileName,
    units: options.units,
    id: options.id,
    ...(options.into ? { into: { dir: target, shown: options.into } } : {}),
  });
  let assist: AssistResult | undefined;
  if (options.assist) {
    const { assistReading } = await import('./import-assist.js');
    assist = await assistReading(text, imported, cli.cwd, cli.env);
  }
  const doubts = imported.warnings.filter((warning) => DOUBTS.has(warning.kind));
  // Nothing is written when the author asked for certainty and the reading has doubts, or when
  // the model read the units differently: the report says how to choose.
  const heldBack: 'strict' | 'assist' | null =
    options.strict && doubts.length > 0 ? 'strict' : assist && 'comparison' in assist && !assist.comparison.agrees ? 'assist' : null;
  let progress: { workspace: string; recorded: number } | undefined;
  if (options.withProgress) {
    // Refuse before writing anything: the workspace must follow this track (or be new).
    const { findWorkspace, openWorkspace } = await import('../../workspace/workspace.js');
    const existing =
      findWorkspace(cli.path(options.withProgress)) === cli.path(options.withProgress) ? openWorkspace(cli.path(options.withProgress)) : undefined;
    if (existing && resolve(existing.trackDir) !== target)
      throw new TrailError(
        'WORKSPACE_EXISTS',
        `${options.withProgress} is a workspace for another track (${existing.trackDir})`,
        'choose another folder for --with-progress',
      );
  }
  const written = !options.dryRun && !heldBack;
  if (written) {
    writePlan(target, plan);
    if (options.withProgress) {
      const { importProgress } = await import('../../workspace/import-progress.js');
      progress = await importProgress(cli.path(options.withProgress), target, imported, plan, fileName, cliHost(cli));
    }
  }
  if (options.json) {
    printJson(cli, {
      file,
      out: options.out ?? options.into,
      dryRun: Boolean(options.dryRun),
      written,
      heldBack,
      track: summary(imported, plan),
      structure: structureOf(file, options, imported),
      attached: imported.attached.map((a) => ({ ...a, unit: plan.ids.get(a.unit) ?? a.unit })),
      alternatives: imported.alternatives.map((a) => ({ ...a, units: a.units.map((id) => plan.ids.get(id) ?? id) })),
      changes: options.into ? plan.changes : null,
      ignored: imported.ignored,
      warnings: imported.warnings,
      assist: assist ? assistJson(file, options, assist) : null,
      files: plan.files.map((f) => f.path),
      progress: progress ?? null,
    });
    return heldBack ? ExitCode.problems : ExitCode.ok;
  }
  printLines(cli, ...report(cli, file, options, imported, plan, progress, { assist, heldBack, doubts: doubts.length }));
  return heldBack ? ExitCode.problems : ExitCode.ok;
}

// The command that imports the same document with the units of another reading.
function commandFor(file: string, options: ImportOptions, selector: string): string {
  const quote = (arg: string) => (/^[\w@:,./=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [
    'trail import',
    quote(file),
    options.out ? `--out ${quote(options.out)}` : `--into ${quote(options.into!)}`,
    ...(options.id ? [`--id ${options.id}`] : []),
    `--units ${quote(selector)}`,
  ].join(' ');
}

function structureOf(file: string, options: ImportOptions, imported: ImportedTrack) {
  const { chosen, by, others } = imported.structure;
  return { chosen, by, others: others.map((other) => ({ ...other, command: commandFor(file, options, other.selector) })) };
}

function assistJson(file: string, options: ImportOptions, assist: AssistResult) {
  if ('error' in assist) return { model: assist.model, error: assist.error };
  return {
    model: assist.model,
    ...assist.comparison,
    why: assist.why,
    command: assist.comparison.agrees ? null : commandFor(file, options, assist.comparison.selector),
  };
}

function summary(imported: ImportedTrack, plan: TrackPlan) {
  return {
    id: plan.id,
    title: imported.title,
    rules: imported.rules,
    rulesFrom: imported.rulesFrom,
    phases: imported.phases.map(({ id, title, line, duration }) => ({ id, title, line, duration: duration?.text ?? null })),
    units: imported.units.map((unit) => ({
      id: plan.ids.get(unit.id),
      title: unit.title,
      line: unit.line,
      from: unit.source,
      phase: unit.phase,
      optional: unit.optional,
      anytime: unit.anytime,
      duration: unit.duration,
      requires: unit.requires.map((r) => plan.ids.get(r) ?? r),
      prerequisites: unit.prerequisiteText,
      criteria: unit.criteria.map(({ id, from, line, text, done }) => ({ id, from, line, text, done: done ?? null })),
    })),
  };
}

function report(
  cli: Cli,
  file: string,
  options: ImportOptions,
  imported: ImportedTrack,
  plan: TrackPlan,
  progress: { workspace: string; recorded: number } | undefined,
  more: { assist: AssistResult | undefined; heldBack: 'strict' | 'assist' | null; doubts: number },
): string[] {
  const c = colours(cli);
  const where = options.out ?? options.into!;
  const phases = imported.phases.length ? ` in ${imported.phases.length} phases` : '';
  const lines = [
    `${options.dryRun || more.heldBack ? 'Would import' : 'Imported'} ${file} → ${where}: ${c.bold(imported.title)} (${imported.units.length} units${phases}; rules: ${imported.rules.join(', ')})`,
  ];
  const { chosen, by, others } = imported.structure;
  lines.push(
    '',
    `${c.bold('Units read from')} ${chosen.label}${by === 'selector' ? c.dim(` (named with --units ${chosen.selector})`) : c.dim(`, score ${chosen.score.toFixed(2)}`)}`,
  );
  if (others.length > 0) {
    lines.push(c.dim('  other readings weighed:'));
    for (const other of others.slice(0, 3))
      lines.push(`    ${c.dim(other.score.toFixed(2))}  ${other.label}`, c.dim(`          ${commandFor(file, options, other.selector)}`));
  }
  if (imported.phases.length) {
    lines.push('', c.bold('Phases'));
    for (const phase of imported.phases)
      lines.push(`  ${c.dim(`line ${phase.line}`.padEnd(9))} ${phase.title}${phase.duration ? c.dim(` (${phase.duration.text})`) : ''}`);
  }
  lines.push('', c.bold('Units'));
  for (const unit of imported.units) {
    const facts = [
      unit.phase && `phase ${unit.phase}`,
      unit.duration && `${unit.duration.text}`,
      unit.optional && 'optional',
      unit.anytime && 'any time',
      unit.requires.length > 0 && `requires ${unit.requires.map((r) => plan.ids.get(r) ?? r).join(', ')}`,
      `${unit.criteria.length} criteri${unit.criteria.length === 1 ? 'on' : 'a'}`,
      unit.criteria.some((criterion) => criterion.done) && `${unit.criteria.filter((criterion) => criterion.done).length} ticked`,
    ].filter(Boolean);
    lines.push(`  ${c.dim(`line ${unit.line}`.padEnd(9))} ${plan.ids.get(unit.id)}  ${unit.title}  ${c.dim(facts.join(' · '))}`);
  }
  lines.push('', `${c.bold('Rules')}: ${imported.rules.join(', ')}`);
  for (const found of imported.rulesFrom)
    lines.push(`  ${c.dim(`line ${found.line}`.padEnd(9))} "${found.text.length > 100 ? `${found.text.slice(0, 97)}…` : found.text}"`);
  if (imported.rulesFrom.length === 0)
    lines.push(
      c.dim(
        imported.rules.includes('prerequisites')
          ? '  from the prerequisites the units name'
          : '  nothing in the text says otherwise, so units follow the order of the document',
      ),
    );
  if (imported.alternatives.length) {
    lines.push('', c.bold('Alternatives') + c.dim(' (open side by side, their units optional: the learner chooses)'));
    for (const alt of imported.alternatives)
      lines.push(
        `  ${c.dim(`line ${alt.line}`.padEnd(9))} ${[...alt.phases, ...alt.units.map((id) => plan.ids.get(id) ?? id)].join(', ')} — "${alt.text.length > 80 ? `${alt.text.slice(0, 77)}…` : alt.text}"`,
      );
  }
  if (imported.attached.length) {
    lines.push('', c.bold('Attached to units') + c.dim(' (kept elsewhere in the document, keyed by unit, phase or period)'));
    for (const a of imported.attached)
      lines.push(
        `  ${c.dim(`line ${a.line}`.padEnd(9))} ${a.as} "${a.text.length > 60 ? `${a.text.slice(0, 57)}…` : a.text}" → ${plan.ids.get(a.unit) ?? a.unit}`,
      );
  }
  if (imported.ignored.length) {
    lines.push('', c.bold('Left out of the graph') + c.dim(' (kept in the track notes or the unit bodies)'));
    for (const item of imported.ignored) lines.push(`  ${c.dim(`line ${item.line}`.padEnd(9))} ${item.title} — ${item.reason}`);
  }
  if (imported.warnings.length) {
    lines.push('', c.yellow('Warnings'));
    for (const warning of imported.warnings) lines.push(`  ${c.dim(`line ${warning.line}`.padEnd(9))} ${warning.reason}`);
  }
  if (options.into) {
    const { added, removed, renamed } = plan.changes;
    lines.push('', c.bold('Changes to the track'));
    if (added.length + removed.length + renamed.length === 0) lines.push('  none: every unit kept its id');
    for (const id of added) lines.push(`  added: ${id}`);
    for (const id of removed) lines.push(`  removed: ${id} (its folder moved to .removed/${id})`);
    for (const r of renamed) lines.push(`  retitled: ${r.id} "${r.from}" → "${r.to}" (id kept, so progress is kept)`);
  }
  if (more.assist) lines.push('', ...assistLines(file, options, more.assist, c));
  if (progress) lines.push('', `Recorded ${progress.recorded} ticked item(s) as starting progress in ${progress.workspace}.`);
  if (more.heldBack === 'strict')
    lines.push(
      '',
      c.yellow(
        `Not written: --strict, and the reading has ${more.doubts} warning${more.doubts === 1 ? '' : 's'} (above). Fix the document or name the units with --units, and import again.`,
      ),
    );
  else if (more.heldBack === 'assist')
    lines.push(
      '',
      c.yellow(
        'Not written: the model reads the units differently (above). Take its reading with the command above, or keep this one by importing again without --assist.',
      ),
    );
  else if (!options.dryRun) lines.push('', c.dim(`Check it with \`trail validate ${where}\`; follow it with \`trail init <dir> --track ${where}\`.`));
  return lines;
}

function assistLines(file: string, options: ImportOptions, assist: AssistResult, c: ReturnType<typeof colours>): string[] {
  const lines = [c.bold(`Model-assisted reading`) + c.dim(` (${assist.model})`)];
  if ('error' in assist) return [...lines, `  no reading: ${assist.error}; the importer's reading stands`];
  const { agrees, added, removed, optional, phases, selector } = assist.comparison;
  if (agrees) lines.push("  the same units as the importer's reading");
  for (const unit of added) lines.push(`  ${c.dim(`line ${unit.line}`.padEnd(9))} + ${unit.title}  ${c.dim('(a unit for the model, not for the importer)')}`);
  for (const unit of removed) lines.push(`  ${c.dim(`line ${unit.line}`.padEnd(9))} − ${unit.title}  ${c.dim('(a unit for the importer, not for the model)')}`);
  for (const unit of optional)
    lines.push(
      `  ${c.dim(`line ${unit.line}`.padEnd(9))} ${unit.title}: ${unit.model ? 'optional' : 'required'} for the model ${c.dim('(mark it in the document to change it)')}`,
    );
  for (const phase of phases.added)
    lines.push(`  ${c.dim(`line ${phase.line}`.padEnd(9))} + phase ${phase.title}  ${c.dim('(a phase for the model, not for the importer)')}`);
  for (const phase of phases.removed)
    lines.push(`  ${c.dim(`line ${phase.line}`.padEnd(9))} − phase ${phase.title}  ${c.dim('(a phase for the importer, not for the model)')}`);
  for (const phase of phases.renamed) lines.push(`  ${c.dim(`line ${phase.line}`.padEnd(9))} phase "${phase.from}" is "${phase.to}" for the model`);
  if (phases.added.length + phases.removed.length + phases.renamed.length > 0)
    lines.push(c.dim('  (the phases are the headings that group the units: change them in the document)'));
  if (assist.why) lines.push(c.dim(`  why: ${assist.why}`));
  if (!agrees) lines.push(`  to take the model's reading: ${commandFor(file, options, selector)}`);
  return lines;
}
