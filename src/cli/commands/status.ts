import { isUnchanged, type TrackChanges } from '../../core/changes.js';
import type { CheckState, Evidence } from '../../core/criteria.js';
import type { NodeStatus } from '../../core/status.js';
import type { Session } from '../../workspace/session.js';
import { readStatusSnapshot, writePrinted, writeStatusSnapshot } from '../../workspace/status-cache.js';
import { SUPPORTED_CRITERIA } from '../../workspace/supported.js';
import { openWorkspace } from '../../workspace/workspace.js';
import { colourOn, colours, jsonText, progressBar, statusMark, warn } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import type { JsonOption } from './common.js';
import type { Cli } from '../context.js';
import { cliHost } from '../host.js';

/** What `trail status` reports: the JSON shape, plus phase titles for people. */
export interface StatusReport {
  track: { id: string; title: string; version: string; rules: string[] };
  phases: Array<{ id: string; title: string }>;
  practice: boolean;
  nodes: Array<{
    id: string;
    title: string;
    phase: string | null;
    status: NodeStatus;
    optional: boolean;
    waitingFor: string[];
    /** `check` only on check criteria: whether it ran, was skipped (and why) or has not run yet. */
    criteria: Array<{ id: string; kind: string; state: string; detail: string; evidence: Evidence | null; check?: CheckState }>;
  }>;
  progress: Session['state']['progress'];
  warnings: string[];
}

function reportOf(session: Session): StatusReport {
  const { track, state } = session;
  return {
    track: { id: track.id, title: track.title, version: track.version, rules: track.rules },
    phases: track.phases.map(({ id, title }) => ({ id, title })),
    practice: state.practice,
    nodes: state.nodes.map((node) => ({
      id: node.id,
      title: node.title,
      phase: node.phase ?? null,
      status: node.status,
      optional: node.optional,
      waitingFor: node.waitingFor,
      criteria: node.criteria.map(({ id, kind, state: s, detail, evidence, check }) => ({ id, kind, state: s, detail, evidence, ...(check ? { check } : {}) })),
    })),
    progress: state.progress,
    warnings: warnings(session),
  };
}

/** `trail status`. */
export const statusCommand = command({
  name: 'status',
  description: 'show every node with its status and a progress bar',
  options: [JSON_OPTION],
  action: (cli, options: JsonOption) => status(cli, options),
});

/**
 * `trail status`: every node with its status, grouped by phase, and a progress bar. The report
 * is kept as a snapshot and given again while the track, log and journal are as they were; what
 * was printed from it is kept too, so that asking again costs a check of those inputs.
 */
export async function status(cli: Cli, options: JsonOption): Promise<number> {
  const workspace = openWorkspace(cli.where);
  const supported = [...SUPPORTED_CRITERIA].join(',');
  const form = options.json ? (cli.stdout.isTTY ? 'json-indented' : 'json') : colourOn(cli) ? 'text-colour' : 'text';
  const snapshot = readStatusSnapshot<StatusReport>(workspace, supported, form);
  if (snapshot.printed) {
    cli.stdout.write(snapshot.printed);
    return 0;
  }
  let report = snapshot.report;
  let changes: TrackChanges | undefined;
  let stamp = snapshot.stamp;
  if (!report) {
    const { openSession } = await import('../../workspace/session.js');
    const session = await openSession(cli.where, cliHost(cli), snapshot.stamp);
    report = reportOf(session);
    changes = session.changes;
    stamp = session.trackStamp;
    writeStatusSnapshot(workspace, snapshot.inputs, stamp, report);
  }
  const text = options.json ? jsonText(cli, { ...withoutPhases(report), changes: changes ?? null }) : peopleText(cli, report, changes);
  cli.stdout.write(text);
  for (const problem of options.json ? [] : report.warnings) warn(cli, problem);
  // What is printed again must be what a status with the same inputs prints: no news of a
  // track change (it is told once) and no warnings (they go to stderr).
  if (stamp && !changes && report.warnings.length === 0) writePrinted(workspace, form, snapshot.inputs, stamp, text);
  return 0;
}

function withoutPhases(report: StatusReport): Omit<StatusReport, 'phases'> {
  const { phases: _phases, ...shape } = report;
  return shape;
}

function peopleText(cli: Cli, report: StatusReport, changes: TrackChanges | undefined): string {
  const c = colours(cli);
  const { track, progress } = report;
  const lines = [
    `${c.bold(track.title)} ${c.dim(`(${track.id} v${track.version}, rules: ${track.rules.join(', ')})`)}`,
    `${progressBar(progress.done + progress.skipped, progress.total)}  ${progress.done} of ${progress.total} done${progress.skipped ? `, ${progress.skipped} skipped` : ''}`,
  ];
  if (report.practice) lines.push(c.yellow('Practice mode is on: every node is open; `trail practice off` ends it.'));
  if (changes) lines.push('', ...describeChanges(changes));
  const width = Math.min(40, Math.max(...report.nodes.map((node) => node.id.length)));
  const phaseTitles = new Map(report.phases.map((p) => [p.id, p.title]));
  let phase: string | null | undefined;
  for (const node of report.nodes) {
    if (node.phase !== phase) {
      phase = node.phase;
      lines.push('', c.bold((phase && phaseTitles.get(phase)) ?? phase ?? 'Nodes'));
    }
    const label =
      node.status === 'locked' && node.waitingFor.length > 0
        ? `locked, after ${node.waitingFor
            .slice(0, 3)
            .map((id) => id.replace(/^phase:/, 'phase '))
            .join(', ')}${node.waitingFor.length > 3 ? ', …' : ''}`
        : node.status.replace('_', ' ');
    const optional = node.optional ? c.dim(' (optional)') : '';
    lines.push(`  ${statusMark(node.status, c)} ${node.id.padEnd(width)}  ${node.title}${optional}  ${c.dim(label)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Problems with the workspace's files that status reports but does not stop on. */
export function warnings(session: Session): string[] {
  return [
    ...session.logProblems.map((problem) => `.trail/events.jsonl: ${problem.message}`),
    ...session.journalProblems.map((problem) => `${problem.path}:${problem.line}: ${problem.message} (entry not counted)`),
  ];
}

/** Says, for people, how a track changed since the workspace last saw it. */
export function describeChanges(changes: TrackChanges): string[] {
  if (isUnchanged(changes)) return [];
  const lines = [`The track changed (v${changes.fromVersion} → v${changes.toVersion}); your progress was recomputed and no event was lost:`];
  for (const { from, to } of changes.renamed) lines.push(`  renamed: ${from} → ${to} (progress kept)`);
  for (const id of changes.added) lines.push(`  added: ${id}`);
  for (const id of changes.removed) lines.push(`  removed: ${id} (its events stay in your log)`);
  for (const id of changes.criteriaChanged) lines.push(`  criteria changed: ${id}`);
  return lines;
}
