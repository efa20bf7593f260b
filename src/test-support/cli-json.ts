// What `trail … --json` prints, for the tests that read it (`trailJson<ShowJson>(['show', id])`).
// Built from the types the commands print where they have one; the rest says what the tests read.
import type { StatusReport } from '../cli/commands/status.js';
import type { TrackChanges } from '../core/changes.js';
import type { CheckResult } from '../core/check.js';
import type { Estimate } from '../core/estimate.js';
import type { QuizResult } from '../core/quiz.js';
import type { cardState, ReviewRating } from '../core/review.js';
import type { AnyRunRecord } from '../core/runs.js';
import type { NodeState, NodeStatus } from '../core/status.js';
import type { Node } from '../core/track.js';
import type { Problem } from '../content/problems.js';
import type { ExportedFile } from '../records/export.js';
import type { compareRuns, runSummary } from '../records/runs.js';
import type { QuizProof } from '../runner/prove-quizzes.js';
import type { CheckProof } from '../runner/test-track.js';
import type { JournalEntry, JournalProblem } from '../store/journal.js';
import type { Paper } from '../store/papers.js';
import type { EventSyncResult } from '../store/sync.js';
import type { traceStats } from '../tutor/traces.js';
import type { Answer } from '../tutor/tutor.js';
import type { CatalogEntry } from '../workspace/catalog.js';
import type { NextStep } from '../workspace/next.js';

/** A refusal: the error's code and message, and what to do. */
export interface JsonError {
  error: { code: string; message: string; hint?: string };
}

/** `trail show <node>`: the node with its live state; of its exercise's hints only those revealed. */
export interface ShowJson {
  node: Omit<Node, 'exercise' | 'criteria'> &
    Pick<NodeState, 'status' | 'waitingFor' | 'criteria'> & {
      body: string;
      exercise?: Omit<NonNullable<Node['exercise']>, 'hints'> & { hints: { total: number; shown: string[] } };
    };
}

/** `trail status`. */
export type StatusJson = Omit<StatusReport, 'phases'> & { changes: TrackChanges | null };

/** `trail next`. */
export interface NextJson {
  track: { id: string; title: string };
  nodes: NextStep[];
}

/** `trail tracks`. */
export interface TracksJson {
  tracks: CatalogEntry[];
}

/** `trail estimate`. */
export type EstimateJson = Estimate & { track: { id: string } };

/** `trail check <node>`: each check's run and result, and the node's status after them. */
export interface CheckJson {
  node: string;
  runs: Array<{ criterion: string; runId: string; result: CheckResult }>;
  status: NodeStatus | null;
}

/** `trail test-track <dir>`: each check proven on the starter and the solution (those this machine could not run apart), each quiz. */
export interface TestTrackJson {
  track: string;
  ok: boolean;
  checks: CheckProof[];
  skipped: CheckProof[];
  quizzes: QuizProof[];
}

/** `trail quiz <node> --answers <file>`: the graded attempt. */
export type QuizJson = Omit<QuizResult, 'pass'> & { node: string; criterion: string; attempt: string; pass: number; status: NodeStatus | null };

/** A review card as `trail review` lists it. */
export type DueCard = ReturnType<typeof cardState> & { id: string; node: string; criterion: string; question: string; prompt: string };

/** `trail review`: the cards due now. */
export interface ReviewJson {
  now: string;
  cards: number;
  due: DueCard[];
  nextDue: string | null;
  warnings: string[];
}

/** `trail review --answers <file>`: each card answered, graded and scheduled again. */
export interface ReviewAnswersJson {
  results: Array<{ id: string; correct: boolean; expected: unknown; given: unknown; explanation: string | null; rating: ReviewRating; due: string }>;
  skipped: string[];
  nextDue: string | null;
  warnings: string[];
}

/** `trail log`: the run it recorded and the plots drawn of it. */
export interface LogJson {
  run: AnyRunRecord;
  path: string;
  plots: string[];
}

/** `trail runs`. */
export interface RunsJson {
  runs: Array<ReturnType<typeof runSummary>>;
  problems: Array<{ path: string; message: string }>;
}

/** `trail runs show <id>`: the run and a summary of each series. */
export interface RunShowJson {
  run: AnyRunRecord;
  series: Array<{ name: string; count: number; final: number | null; min: number | null; max: number | null; sparkline: string; plot: string | null }>;
  /** The check result kept with a check run; null for a logged run. */
  result: CheckResult | null;
}

/** `trail runs compare <a> <b>`: params and final metrics side by side, an overlay plot per shared metric. */
export type CompareJson = ReturnType<typeof compareRuns> & {
  a: ReturnType<typeof runSummary>;
  b: ReturnType<typeof runSummary>;
  plots: Array<{ metric: string; path: string }>;
};

/** `trail journal list`. */
export interface JournalListJson {
  entries: Array<Omit<JournalEntry, 'body' | 'title' | 'node'> & { title: string | null; node: string | null }>;
  problems: JournalProblem[];
}

/** `trail paper list`. */
export interface PaperListJson {
  papers: Paper[];
  problems: Array<{ path: string; line: number; message: string }>;
}

/** `trail paper add`. */
export interface PaperAddJson {
  paper: Paper;
}

/** `trail hint <node>`. */
export interface HintJson {
  node: string;
  total: number;
  revealed: number | null;
  hints: Array<{ n: number; text: string }>;
}

/** `trail journal show <entry>` (and what `trail journal add` saved). */
export interface JournalEntryJson {
  entry: Omit<JournalEntry, 'title' | 'node'> & { title: string | null; node: string | null };
}

/** `trail ask <question>`: the tutor's answer. */
export type AskJson = Answer;

/** `trail tutor --stats`: what the tutor's model calls cost, in all and by mode. */
export type TutorStatsJson = ReturnType<typeof traceStats> & { unreadable: number };

/** `trail init <dir>`: the workspace, and the starter files copied or kept. */
export interface InitJson {
  workspace: string;
  copied: string[];
  kept: string[];
}

/** `trail export`: each record file and what was done with it. */
export interface ExportJson {
  files: ExportedFile[];
}

/** `trail export --auto on|off`. */
export interface ExportAutoJson {
  auto: boolean;
  changed: boolean;
}

/** `trail validate [dir]`. */
export interface ValidateJson {
  dir: string;
  valid: boolean;
  nodes: number | null;
  errors: number;
  warnings: number;
  problems: Problem[];
}

/** `trail team login <server>`: where the token was kept. */
export interface TeamLoginJson {
  server: string;
  email: string;
  config: string;
}

/** `trail sync`: the events sent to the team server and taken from it. */
export type SyncJson = EventSyncResult & { server: string; track: string };
