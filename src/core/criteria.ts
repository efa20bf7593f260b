import { compare } from './check.js';
import { distinctWordsNeeded } from './text.js';
import type { Criterion, Node } from './track.js';
import type { ExperimentRunRef, NodeProgress } from './progress.js';

/** A journal entry as the engine needs it: which node, when, how long. */
export interface JournalEntryRef {
  path: string;
  node: string | undefined;
  /** ISO date or date-time from the entry's front matter. */
  date: string;
  words: number;
  /** Different words (ignoring case); an entry that repeats a few words over and over does not count. */
  distinct?: number;
}

/** A paper note as the engine needs it: which paper, how far along, how much was written. */
export interface PaperRef {
  path: string;
  url: string | null;
  status: string;
  /** Words of the learner's notes (headings and the template's byline left out). */
  words: number;
}

/** The key of a paper's address: arXiv abstract, PDF and versioned links are one paper; scheme, "www." and a trailing slash do not count. */
export function paperKey(url: string): string {
  const arxiv = /arxiv\.org\/(?:abs|pdf)\/([a-z-]+\/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/i.exec(url);
  if (arxiv) return `arxiv:${arxiv[1]!.toLowerCase()}`;
  return url
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[/#?]+$/, '')
    .toLowerCase();
}

export type CriterionStateName = 'met' | 'unmet' | 'pending';

/** What satisfied a criterion (or the latest try), as the learner's records name it. */
export type Evidence =
  | { kind: 'statement'; text: string; at: string | null }
  | { kind: 'journal'; path: string; words: number }
  | { kind: 'quiz'; best: number }
  | { kind: 'run'; runId: string | null; provenance: 'measured' | 'reported' | 'verified'; status?: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'sign-off'; by: string | null }
  | { kind: 'paper'; path: string; words: number };

/**
 * Where a check criterion's runs stand: its latest run `passed` or `failed` (status fail, error or
 * timeout), was `skipped` for a need the machine lacks (an earlier pass still holds), or none
 * has run yet (`pending`). In team mode only the server's verified runs count here.
 */
export interface CheckState {
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The run's status (pass, fail, error, timeout) when it ran. */
  status?: string;
  runId?: string;
  provenance?: 'measured' | 'verified';
  /** Why it was skipped: each missing need and the reason. */
  reason?: string;
}

/** Whether a criterion holds, why, the command that satisfies it, and what satisfied it. */
export interface CriterionState {
  id: string;
  kind: Criterion['kind'];
  text: string;
  /** An optional criterion is shown and recorded, but the node is done without it. */
  optional: boolean;
  state: CriterionStateName;
  detail: string;
  action: string;
  evidence: Evidence | null;
  /** Check criteria only: whether the check ran, was skipped (and why) or has not run yet. */
  check?: CheckState;
}

/** Options of an evaluation: the criterion kinds whose commands exist in this build. */
export interface EvaluationContext {
  progress: NodeProgress | undefined;
  /** Time of the last reset of the whole track, for nodes with no event since. */
  trackResetAt: string | undefined;
  journal: readonly JournalEntryRef[];
  papers: readonly PaperRef[];
  /** Criterion kinds that this version of Trailguide can produce events for. */
  supported: ReadonlySet<Criterion['kind']>;
  /** Team mode: a check holds only on a run a server worker verified; a run on the learner's machine is reported. */
  verifiedChecksOnly?: boolean;
}

const DEFAULT_TEXT: Record<Criterion['kind'], string> = {
  attest: '',
  journal: 'Write a journal entry about this node',
  quiz: 'Pass the quiz',
  check: 'Pass the exercise check',
  experiment: 'Log an experiment run that meets the conditions',
  review: 'A mentor signs this node off',
  paper: 'Read the paper and write your notes on it',
};

// A date without a time counts until the end of its day, so a hand-written entry dated
// the day of a reset still counts.
function entryTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59.999Z` : new Date(date).toISOString();
}

/** The short form of a run id that `trail runs` and the experiments page show: its last 8 characters. */
export function shortRunId(runId: string): string {
  return runId.slice(-8);
}

// "2026-03-01T09:30:12.345Z" → "2026-03-01 09:30 UTC": to the minute is enough to find the statement.
function minute(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const text = time.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

// A run a team server's worker made (synced back to a personal workspace) is verified, not only measured.
function localProvenance(progress: NodeProgress | undefined, criterionId: string, runId: string | undefined): 'measured' | 'verified' {
  const verified = progress?.verifiedChecks.get(criterionId)?.runId;
  return runId !== undefined && verified === runId ? 'verified' : 'measured';
}

// A skipped run's message begins "skipped: "; the reason is what follows.
function skipReason(message: string): string {
  return message.replace(/^skipped:\s*/, '') || 'skipped';
}

/** Where a check criterion's runs stand, from the learner's progress (see `CheckState`). */
export function checkState(criterionId: string, progress: NodeProgress | undefined, verifiedChecksOnly = false): CheckState {
  const ran = (status: string, runId: string | undefined, provenance: 'measured' | 'verified'): CheckState => ({
    state: status === 'pass' ? 'passed' : 'failed',
    status,
    ...(runId ? { runId } : {}),
    provenance,
  });
  if (verifiedChecksOnly) {
    const verified = progress?.verifiedChecks.get(criterionId);
    return verified ? ran(verified.status, verified.runId, 'verified') : { state: 'pending' };
  }
  const skipped = progress?.checkSkips.get(criterionId);
  if (skipped !== undefined) return { state: 'skipped', reason: skipReason(skipped) };
  const status = progress?.checks.get(criterionId);
  const runId = progress?.checkRuns.get(criterionId);
  return status ? ran(status, runId, localProvenance(progress, criterionId, runId)) : { state: 'pending' };
}

/** Evaluates one criterion of a node against the learner's progress. */
export function evaluateCriterion(node: Node, criterion: Criterion, context: EvaluationContext): CriterionState {
  const { state, detail, action, evidence = null } = judge(node, criterion, context);
  const supported = context.supported.has(criterion.kind);
  return {
    id: criterion.id,
    kind: criterion.kind,
    text: criterion.text ?? DEFAULT_TEXT[criterion.kind],
    optional: criterion.optional === true,
    evidence,
    // A criterion this version cannot act on yet is pending, and says which command will come.
    state: state === 'unmet' && !supported ? 'pending' : state,
    detail: state === 'unmet' && !supported ? `${detail} (\`${action.split(' ', 2).join(' ')}\` is not in this version yet)` : detail,
    action,
    ...(criterion.kind === 'check' ? { check: checkState(criterion.id, context.progress, context.verifiedChecksOnly) } : {}),
  };
}

// In team mode the server ran the check on the learner's uploaded files; a run on the learner's
// own machine (synced as an event) is what they report, shown but never enough.
function judgeVerifiedCheck(
  node: Node,
  id: string,
  progress: NodeProgress | undefined,
): { state: CriterionStateName; detail: string; action: string; evidence?: Evidence } {
  const action = `trail check ${node.id}`;
  const verified = progress?.verifiedChecks.get(id);
  const local = progress?.checks.get(id);
  const run: Evidence | undefined = verified ? { kind: 'run', runId: verified.runId ?? null, provenance: 'verified', status: verified.status } : undefined;
  const runName = (runId: string | null | undefined) => (runId ? `latest run ${shortRunId(runId)}` : 'latest run');
  if (verified?.status === 'pass') return { state: 'met', detail: `${runName(verified.runId)} passed (verified)`, action, evidence: run };
  const localRun = progress?.checkRuns.get(id) ?? null;
  const outcome = local === 'pass' ? ' passed' : `: ${local}`;
  const reported = local && !verified ? `; ${runName(localRun)} on your machine${outcome} (reported, not verified): submit it to the server` : '';
  return {
    state: 'unmet',
    detail: `${verified ? `${runName(verified.runId)} (verified): ${verified.status}` : 'no verified run yet'}${reported}`,
    action,
    ...(run ? { evidence: run } : local ? { evidence: { kind: 'run', runId: localRun, provenance: 'reported', status: local } } : {}),
  };
}

function judge(
  node: Node,
  criterion: Criterion,
  context: EvaluationContext,
): { state: CriterionStateName; detail: string; action: string; evidence?: Evidence } {
  const { progress } = context;
  switch (criterion.kind) {
    case 'attest': {
      const statement = progress?.attested.get(criterion.id);
      const at = progress?.attestedAt.get(criterion.id);
      // Without --text the command asks for the statement: copied as printed, it works.
      const action = `trail attest ${node.id} ${criterion.id}`;
      return statement
        ? {
            state: 'met',
            detail: `affirmed${at ? ` ${minute(at)}` : ''}: ${statement}`,
            action,
            evidence: { kind: 'statement', text: statement, at: at ?? null },
          }
        : { state: 'unmet', detail: 'not affirmed yet', action };
    }
    case 'journal': {
      const since = progress ? progress.since : context.trackResetAt;
      let words = 0;
      let longest: JournalEntryRef | undefined;
      let repetitive: JournalEntryRef | undefined;
      for (const entry of context.journal) {
        if (entry.node !== node.id || (since && entryTime(entry.date) < since)) continue;
        // Prose has many different words; "word word word …" or one sentence pasted fifty times has few.
        const prose = entry.distinct === undefined || entry.distinct >= distinctWordsNeeded(entry.words);
        if (!prose) {
          if (entry.words >= criterion.minWords) repetitive = entry;
          continue;
        }
        if (entry.words > words) {
          words = entry.words;
          longest = entry;
        }
      }
      const action = `trail journal add --node ${node.id}`;
      if (words >= criterion.minWords)
        return { state: 'met', detail: `${longest!.path} (${words} words)`, action, evidence: { kind: 'journal', path: longest!.path, words } };
      if (repetitive)
        return {
          state: 'unmet',
          detail: `${repetitive.path} has ${repetitive.words} words but only ${repetitive.distinct} different ones: write it in your own words (${distinctWordsNeeded(repetitive.words)} different words at least)`,
          action,
        };
      return {
        state: 'unmet',
        detail: words > 0 ? `longest entry has ${words} of ${criterion.minWords} words` : `no entry of ${criterion.minWords}+ words yet`,
        action,
      };
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
      if (passed === true) return { state: 'met', detail: `passed, best score ${best}`, action, evidence: { kind: 'quiz', best: score ?? 0 } };
      if (passed === undefined && score !== undefined && score >= criterion.pass)
        return { state: 'met', detail: `best score ${best} (pass ${needed})`, action, evidence: { kind: 'quiz', best: score } };
      if (score === undefined) return { state: 'unmet', detail: `not taken yet (pass ${needed})`, action };
      return { state: 'unmet', detail: passed === false ? `best score ${best}, not passed yet` : `best score ${best}, pass needs ${needed}`, action };
    }
    case 'check': {
      if (context.verifiedChecksOnly) return judgeVerifiedCheck(node, criterion.id, progress);
      const status = progress?.checks.get(criterion.id);
      const skipped = progress?.checkSkips.get(criterion.id);
      const action = `trail check ${node.id}`;
      const runId = progress?.checkRuns.get(criterion.id);
      const provenance = localProvenance(progress, criterion.id, runId);
      const run: Evidence | undefined = status ? { kind: 'run', runId: runId ?? null, provenance, status } : undefined;
      const named = runId ? `latest run ${shortRunId(runId)}` : 'latest run';
      if (status === 'pass')
        return {
          state: 'met',
          detail: `${named} passed (${provenance})${skipped ? `; a later run was skipped: ${skipReason(skipped)}` : ''}`,
          action,
          evidence: run,
        };
      if (skipped) return { state: 'unmet', detail: `latest run ${skipped}`, action, evidence: { kind: 'skipped', reason: skipReason(skipped) } };
      return { state: 'unmet', detail: status ? `${named}: ${status}` : 'not run yet', action, ...(run ? { evidence: run } : {}) };
    }
    case 'experiment': {
      const measuredOnly = criterion.from === 'check';
      const action = measuredOnly ? `trail check ${node.id}` : `trail log --node ${node.id}`;
      const meets = (run: ExperimentRunRef) =>
        (!measuredOnly || (run.provenance === 'measured' && (run.verified === true || !context.verifiedChecksOnly))) &&
        criterion.metrics.every(
          (condition) => typeof run.metrics[condition.metric] === 'number' && compare(run.metrics[condition.metric]!, condition.op, condition.value),
        );
      const runs = progress?.runs ?? [];
      const wanted = criterion.metrics.map((c) => `${c.metric} ${c.op} ${c.value}`).join(', ') || 'any run';
      const counted = measuredOnly ? `a measured run (a check's) with ${wanted}` : wanted;
      const met = [...runs].reverse().find(meets);
      if (met) {
        // A measured run a team server's worker made is verified: the strongest evidence there is.
        const provenance = met.verified ? 'verified' : met.provenance;
        return {
          state: 'met',
          detail: `${provenance} run ${met.runId ? `${shortRunId(met.runId)} ` : ''}meets ${wanted}`,
          action,
          evidence: { kind: 'run', runId: met.runId ?? null, provenance },
        };
      }
      const reported = measuredOnly ? runs.filter((run) => run.provenance === 'reported').length : 0;
      return {
        state: 'unmet',
        detail: `${runs.length} run(s) logged${reported ? ` (${reported} reported by hand, which do not count here)` : ''}; needs ${counted}`,
        action,
      };
    }
    case 'paper': {
      const key = paperKey(criterion.url);
      const notes = context.papers.filter((paper) => paper.url !== null && paperKey(paper.url) === key);
      const title = criterion.title ?? criterion.url;
      const action =
        notes.length > 0
          ? `trail paper status ${notes[0]!.path.replace(/^papers_notes\//, '').replace(/\.md$/, '')} read`
          : `trail paper add ${JSON.stringify(title)} --url ${criterion.url} --node ${node.id}`;
      const done = notes.find((paper) => paper.status === 'read' && paper.words >= criterion.minWords);
      if (done)
        return {
          state: 'met',
          detail: `read, ${done.words} words of notes in ${done.path}`,
          action,
          evidence: { kind: 'paper', path: done.path, words: done.words },
        };
      if (notes.length === 0) return { state: 'unmet', detail: `no note on ${title} in papers_notes/ yet`, action };
      const best = notes.reduce((a, b) => (b.words > a.words ? b : a));
      const missing = [
        best.status === 'read' ? '' : `status ${best.status}, not read`,
        best.words >= criterion.minWords ? '' : `${best.words} of ${criterion.minWords} words of notes`,
      ]
        .filter(Boolean)
        .join('; ');
      return { state: 'unmet', detail: `${best.path}: ${missing}`, action: best.status === 'read' ? `write your notes in ${best.path}` : action };
    }
    case 'review': {
      const action = 'a mentor signs it off in team mode';
      const by = progress?.approvedBy.get(criterion.id) ?? null;
      return progress?.approved.has(criterion.id)
        ? { state: 'met', detail: `signed off by ${by ?? 'a mentor'}`, action, evidence: { kind: 'sign-off', by } }
        : { state: 'pending', detail: "needs a mentor's sign-off (team mode)", action };
    }
  }
}
