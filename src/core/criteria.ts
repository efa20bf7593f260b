import { compare } from './check.js';
import type { Criterion, Node } from './track.js';
import type { NodeProgress } from './progress.js';

/** A journal entry as the engine needs it: which node, when, how long. */
export interface JournalEntryRef {
  path: string;
  node: string | undefined;
  /** ISO date or date-time from the entry's front matter. */
  date: string;
  words: number;
}

export type CriterionStateName = 'met' | 'unmet' | 'pending';

/** Whether a criterion holds, why, and the command that satisfies it. */
export interface CriterionState {
  id: string;
  kind: Criterion['kind'];
  text: string;
  state: CriterionStateName;
  detail: string;
  action: string;
}

/** Options of an evaluation: the criterion kinds whose commands exist in this build. */
export interface EvaluationContext {
  progress: NodeProgress | undefined;
  /** Time of the last reset of the whole track, for nodes with no event since. */
  trackResetAt: string | undefined;
  journal: readonly JournalEntryRef[];
  /** Criterion kinds that this version of Trailguide can produce events for. */
  supported: ReadonlySet<Criterion['kind']>;
}

const DEFAULT_TEXT: Record<Criterion['kind'], string> = {
  attest: '',
  journal: 'Write a journal entry about this node',
  quiz: 'Pass the quiz',
  check: 'Pass the exercise check',
  experiment: 'Log an experiment run that meets the conditions',
  review: 'A mentor signs this node off',
};

// A date without a time counts until the end of its day, so a hand-written entry dated
// the day of a reset still counts.
function entryTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59.999Z` : new Date(date).toISOString();
}


/** Evaluates one criterion of a node against the learner's progress. */
export function evaluateCriterion(node: Node, criterion: Criterion, context: EvaluationContext): CriterionState {
  const { state, detail, action } = judge(node, criterion, context);
  const supported = context.supported.has(criterion.kind);
  return {
    id: criterion.id,
    kind: criterion.kind,
    text: criterion.text ?? DEFAULT_TEXT[criterion.kind],
    // A criterion this version cannot act on yet is pending, and says which command will come.
    state: state === 'unmet' && !supported ? 'pending' : state,
    detail: state === 'unmet' && !supported ? `${detail} (\`${action.split(' ', 2).join(' ')}\` is not in this version yet)` : detail,
    action,
  };
}

function judge(node: Node, criterion: Criterion, context: EvaluationContext): { state: CriterionStateName; detail: string; action: string } {
  const { progress } = context;
  switch (criterion.kind) {
    case 'attest': {
      const statement = progress?.attested.get(criterion.id);
      const action = `trail attest ${node.id} ${criterion.id} --text "in your own words…"`;
      return statement ? { state: 'met', detail: `affirmed: ${statement}`, action } : { state: 'unmet', detail: 'not affirmed yet', action };
    }
    case 'journal': {
      const since = progress ? progress.since : context.trackResetAt;
      let words = 0;
      for (const entry of context.journal) {
        if (entry.node === node.id && entry.words > words && (!since || entryTime(entry.date) >= since)) words = entry.words;
      }
      const action = `trail journal add --node ${node.id}`;
      if (words >= criterion.minWords) return { state: 'met', detail: `an entry of ${words} words`, action };
      return { state: 'unmet', detail: words > 0 ? `longest entry has ${words} of ${criterion.minWords} words` : `no entry of ${criterion.minWords}+ words yet`, action };
    }
    case 'quiz': {
      const score = progress?.quizScores.get(criterion.id);
      // An attempt records whether it passed, by the pass mark of its quiz file (which may
      // differ from the criterion's); only events without that fall back to the criterion's.
      const passed = progress?.quizPassed.get(criterion.id);
      const several = node.criteria.filter((other) => other.kind === 'quiz').length > 1;
      const action = `trail quiz ${node.id}${several ? ` --criterion ${criterion.id}` : ''}`;
      const needed = `${Math.round(criterion.pass * 100)}%`;
      const best = `${Math.round((score ?? 0) * 100)}%`;
      if (passed === true) return { state: 'met', detail: `passed, best score ${best}`, action };
      if (passed === undefined && score !== undefined && score >= criterion.pass) return { state: 'met', detail: `best score ${best} (pass ${needed})`, action };
      if (score === undefined) return { state: 'unmet', detail: `not taken yet (pass ${needed})`, action };
      return { state: 'unmet', detail: passed === false ? `best score ${best}, not passed yet` : `best score ${best}, pass needs ${needed}`, action };
    }
    case 'check': {
      const status = progress?.checks.get(criterion.id);
      const action = `trail check ${node.id}`;
      return status === 'pass' ? { state: 'met', detail: 'latest run passed', action } : { state: 'unmet', detail: status ? `latest run: ${status}` : 'not run yet', action };
    }
    case 'experiment': {
      const action = `trail log --node ${node.id}`;
      const meets = (run: Record<string, number>) =>
        criterion.metrics.every((condition) => typeof run[condition.metric] === 'number' && compare(run[condition.metric]!, condition.op, condition.value));
      const runs = progress?.runs ?? [];
      const wanted = criterion.metrics.map((c) => `${c.metric} ${c.op} ${c.value}`).join(', ') || 'any run';
      return runs.some(meets) ? { state: 'met', detail: `a run meets ${wanted}`, action } : { state: 'unmet', detail: `${runs.length} run(s) logged; needs ${wanted}`, action };
    }
    case 'review': {
      const action = 'a mentor signs it off in team mode';
      return progress?.approved.has(criterion.id)
        ? { state: 'met', detail: 'signed off by a mentor', action }
        : { state: 'pending', detail: "needs a mentor's sign-off (team mode)", action };
    }
  }
}
