import type { CriterionStateName, NodeStatus, RunSummary, TrackState } from './api-types';

/** How each status reads, with a symbol so status never depends on colour alone. */
export const STATUS_LABEL: Record<NodeStatus, { icon: string; text: string }> = {
  locked: { icon: '⊘', text: 'Locked' },
  available: { icon: '○', text: 'Available' },
  in_progress: { icon: '◐', text: 'In progress' },
  done: { icon: '✓', text: 'Done' },
  skipped: { icon: '⤼', text: 'Skipped' },
};

/** Every status, in the order a learner meets them. */
export const STATUSES: NodeStatus[] = ['locked', 'available', 'in_progress', 'done', 'skipped'];

/** Hours as people say them: "12 h", "1.5 h". */
export function formatHours(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}

/** Weeks as people say them: "3.5 weeks". */
export function formatWeeks(weeks: number): string {
  const rounded = Math.round(weeks * 10) / 10;
  return `${rounded} week${rounded === 1 ? '' : 's'}`;
}

/** A date-time in the learner's locale. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // A bare date ("2026-11-23") has no time worth showing.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return date.toLocaleDateString(undefined, { timeZone: 'UTC' });
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How far away a time is: "in 10 min", "3 days ago". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** Milliseconds as "1.2 s" or "350 ms". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A metric value, short enough for a table cell: four significant figures, as `trail runs` prints it. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
}

/** An expected or given answer from the API (text, list, `{ value, tolerance }`) as one line. */
export function formatAnswer(answer: unknown): string {
  if (answer === null || answer === undefined) return '(no answer)';
  if (Array.isArray(answer)) return answer.map(formatAnswer).join('; ');
  if (typeof answer === 'object') {
    const { value, tolerance } = answer as { value?: unknown; tolerance?: unknown };
    if (typeof value === 'number') return typeof tolerance === 'number' && tolerance > 0 ? `${value} ± ${tolerance}` : String(value);
    return JSON.stringify(answer);
  }
  return String(answer);
}

/** Words as `trail journal` counts them. */
export { countWords } from '../../src/core/text.js';

/** How a criterion shows: met, open (not met yet) or pending (not satisfiable in this version). */
export function criterionState(state: CriterionStateName): 'met' | 'open' | 'pending' {
  return state === 'met' || state === 'pending' ? state : 'open';
}

/** What a run was, in a few words: "check <criterion>", or its objective. */
export function runLabel(run: RunSummary): string {
  if (run.kind === 'check') return `check ${run.criterion ?? ''}`.trim();
  return run.objective ?? 'experiment';
}

/** Titles of nodes (by id) and phases (by `phase:<id>`), as `waitingFor` names them. */
export function waitNames(state: TrackState | undefined): Map<string, string> {
  return new Map([...(state?.nodes ?? []).map((n) => [n.id, n.title] as const), ...(state?.phases ?? []).map((p) => [`phase:${p.id}`, p.title] as const)]);
}

/** What a locked node waits for, in words: a node's title, or "phase <title>". */
export function describeWait(wait: string, names: Map<string, string>): string {
  return wait.startsWith('phase:') ? `phase ${names.get(wait) ?? wait.slice(6)}` : (names.get(wait) ?? wait);
}
