// What a mentor reads off a cohort's progress: who is stuck, who is ahead, and the track's
// nodes as columns grouped by phase. Pure: the clock is passed in.

/** How long without a new event makes an unfinished learner stuck. */
export const STUCK_AFTER_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** One learner's standing as the cohort view needs it. */
export interface Standing {
  done: number;
  total: number;
  /** When the learner's latest event happened (ISO), or null if they have none. */
  lastEventAt: string | null;
}

/** Whole days since the learner's last event, or null when they have never acted. */
export function idleDays(standing: Standing, now: Date): number | null {
  if (standing.lastEventAt === null) return null;
  const at = Date.parse(standing.lastEventAt);
  if (Number.isNaN(at)) return null;
  return Math.floor((now.getTime() - at) / DAY_MS);
}

/** True when the learner has not finished and has been idle for STUCK_AFTER_DAYS or more (or never started). */
export function isStuck(standing: Standing, now: Date, days = STUCK_AFTER_DAYS): boolean {
  if (standing.total > 0 && standing.done >= standing.total) return false;
  const idle = idleDays(standing, now);
  // Someone enrolled who never acted is as stuck as someone who stopped: both need a nudge.
  return idle === null || idle >= days;
}

/** The share of the track a learner has done, 0 to 1 (0 for an empty track). */
export function progressShare(standing: Standing): number {
  return standing.total > 0 ? standing.done / standing.total : 0;
}

/** Learners ordered by progress (ties by name, so the order is stable), most done first unless ascending. */
export function sortByProgress<T extends Standing & { email: string }>(learners: readonly T[], direction: 'ascending' | 'descending'): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...learners].sort((a, b) => sign * (progressShare(a) - progressShare(b)) || a.email.localeCompare(b.email));
}

/** A run of consecutive nodes of one phase (or of none), as the matrix's grouped column header. */
export interface PhaseSpan {
  phase: string | null;
  title: string;
  nodes: string[];
}

/** The track's nodes in order, split into runs of the same phase; a phase met again later starts a new run. */
export function phaseSpans(nodes: readonly { id: string; phase: string | null }[], phases: readonly { id: string; title: string }[]): PhaseSpan[] {
  const titles = new Map(phases.map((phase) => [phase.id, phase.title]));
  const spans: PhaseSpan[] = [];
  for (const node of nodes) {
    const last = spans.at(-1);
    if (last && last.phase === node.phase) last.nodes.push(node.id);
    else spans.push({ phase: node.phase, title: node.phase === null ? 'No phase' : (titles.get(node.phase) ?? node.phase), nodes: [node.id] });
  }
  return spans;
}
