import { isUnchanged, type TrackChanges } from '../../core/changes.js';
import type { Session } from '../../workspace/session.js';
import { openSession } from '../../workspace/session.js';
import { colours, printJson, printLines, progressBar, statusMark, warn } from '../output.js';
import type { JsonOption } from './common.js';

/** `trail status`: every node with its status, grouped by phase, and a progress bar. */
export async function status(where: string, options: JsonOption): Promise<number> {
  const session = await openSession(where);
  const { track, state } = session;
  if (options.json) {
    printJson({
      track: { id: track.id, title: track.title, version: track.version, rules: track.rules },
      practice: state.practice,
      nodes: state.nodes.map((node) => ({
        id: node.id,
        title: node.title,
        phase: node.phase ?? null,
        status: node.status,
        optional: node.optional,
        waitingFor: node.waitingFor,
        criteria: node.criteria.map(({ id, kind, state: s, detail }) => ({ id, kind, state: s, detail })),
      })),
      progress: state.progress,
      changes: session.changes ?? null,
      warnings: warnings(session),
    });
    return 0;
  }
  const c = colours();
  const lines = [
    `${c.bold(track.title)} ${c.dim(`(${track.id} v${track.version}, rules: ${track.rules.join(', ')})`)}`,
    `${progressBar(state.progress.done + state.progress.skipped, state.progress.total)}  ${state.progress.done} of ${state.progress.total} done${state.progress.skipped ? `, ${state.progress.skipped} skipped` : ''}`,
  ];
  if (state.practice) lines.push(c.yellow('Practice mode is on: every node is open; `trail practice off` ends it.'));
  if (session.changes) lines.push('', ...describeChanges(session.changes));
  const width = Math.min(40, Math.max(...state.nodes.map((node) => node.id.length)));
  let phase: string | undefined | null = null;
  for (const node of state.nodes) {
    if (node.phase !== phase) {
      phase = node.phase;
      const title = track.phases.find((p) => p.id === phase)?.title;
      lines.push('', c.bold(title ?? phase ?? 'Nodes'));
    }
    const label = node.status === 'locked' && node.waitingFor.length > 0 ? `locked, after ${node.waitingFor.slice(0, 3).map((id) => id.replace(/^phase:/, 'phase ')).join(', ')}${node.waitingFor.length > 3 ? ', …' : ''}` : node.status.replace('_', ' ');
    const optional = node.optional ? c.dim(' (optional)') : '';
    lines.push(`  ${statusMark(node.status, c)} ${node.id.padEnd(width)}  ${node.title}${optional}  ${c.dim(label)}`);
  }
  printLines(...lines);
  for (const problem of warnings(session)) warn(problem);
  return 0;
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
