import { evaluateCriterion, type JournalEntryRef, type PaperRef } from '../core/criteria.js';
import type { TrailEvent } from '../core/events.js';
import { emptyProgress, applyEvents } from '../core/progress.js';
import type { Criterion, Track } from '../core/track.js';

/**
 * When each node became done: the log (time-ordered) and the journal entries are replayed
 * together, and a node's time is that of the step after which all its criteria held, for the
 * latest such stretch (a reset ends one). Nodes not done at the end have no time.
 */
export function completionTimes(
  track: Track,
  events: readonly TrailEvent[],
  journal: readonly JournalEntryRef[],
  resolve: (id: string) => string,
  supported: ReadonlySet<Criterion['kind']>,
  papers: readonly PaperRef[] = [],
): Map<string, string> {
  type Step = { time: string; event?: TrailEvent; entry?: JournalEntryRef };
  const steps: Step[] = [
    ...events.map((event) => ({ time: event.timestamp, event })),
    ...journal.map((entry) => ({ time: new Date(entry.date).toISOString(), entry: entry.node ? { ...entry, node: resolve(entry.node) } : entry })),
  ];
  // A stable sort keeps the log's own order among steps of the same time.
  steps.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const byId = new Map(track.nodes.map((node) => [node.id, node]));
  const progress = emptyProgress();
  const seen: JournalEntryRef[] = [];
  const done = new Map<string, string>();
  const judge = (id: string, time: string) => {
    const node = byId.get(id);
    if (!node || node.criteria.length === 0) return;
    // Paper notes are files without a history: they count as they are now.
    const context = { progress: progress.nodes.get(id), trackResetAt: progress.trackResetAt, journal: seen, papers, supported };
    const holds = node.criteria.every((criterion) => criterion.optional === true || evaluateCriterion(node, criterion, context).state === 'met');
    if (!holds) done.delete(id);
    else if (!done.has(id)) done.set(id, time);
  };
  for (const step of steps) {
    let touched: string | undefined;
    if (step.event) {
      applyEvents(progress, [step.event], resolve);
      touched = typeof step.event.object.node === 'string' ? resolve(step.event.object.node) : undefined;
      if (!touched && step.event.verb === 'reset') {
        for (const id of byId.keys()) judge(id, step.time);
        continue;
      }
    } else if (step.entry) {
      seen.push(step.entry);
      touched = step.entry.node;
    }
    if (touched) judge(touched, step.time);
  }
  return done;
}
