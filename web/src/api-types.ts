// The shapes of docs/api.md for tracks and nodes, as the web app reads them.

import type { Estimate } from '../../src/core/estimate.js';

export type { Estimate };

export type NodeStatus = 'locked' | 'available' | 'in_progress' | 'done' | 'skipped';
export type CriterionKind = 'attest' | 'journal' | 'quiz' | 'check' | 'experiment' | 'review';
export type CriterionStateName = 'met' | 'unmet' | 'pending';

export interface Progress {
  done: number;
  skipped: number;
  total: number;
  required: number;
  requiredDone: number;
}

export interface TrackSummary {
  id: string;
  title: string;
  summary: string | null;
  nodes: number;
  phases: number;
  hours: number | null;
  following: boolean;
  progress: Progress | null;
  /** Why a followed track's workspace cannot be opened (a broken file in it), or null. */
  broken: { code: string; message: string; hint: string | null } | null;
}

export interface Catalog {
  mode: 'home' | 'workspace';
  tracks: TrackSummary[];
}

export interface CriterionView {
  id: string;
  kind: CriterionKind;
  text: string;
  state: CriterionStateName;
  detail: string;
  action: string;
  spec?: CriterionSpec;
}

export interface CriterionSpec {
  minLength?: number;
  minWords?: number;
  pass?: number;
  file?: string;
  run?: string;
  tests?: unknown;
  timeout?: string;
  conditions?: unknown;
}

export interface NodeSummary {
  id: string;
  title: string;
  kind: string;
  phase: string | null;
  status: NodeStatus;
  optional: boolean;
  anytime: boolean;
  requires: string[];
  duration: string | null;
  hours: number | null;
  waitingFor: string[];
  criteria: CriterionView[];
}


export interface TrackState {
  track: { id: string; title: string; summary: string | null; version: string; rules: string[] };
  practice: boolean;
  phases: { id: string; title: string }[];
  nodes: NodeSummary[];
  /** Prerequisites between nodes, and (gate) between phases, named `phase:<id>`. */
  edges: { from: string; to: string; gate?: boolean }[];
  progress: Progress;
  estimate: Estimate;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  fingerprint: string;
  nodes: Record<string, Box & { group?: string | null }>;
  groups: Record<string, Box>;
  /** Orthogonal routes of edges inside a phase (`from→to`), around the boxes; other edges are drawn as steps. */
  edges?: Record<string, Array<{ x: number; y: number }>>;
}

export interface Resource {
  title: string;
  url?: string;
  type?: string;
}

export interface NodeDetail extends Omit<NodeSummary, 'hours'> {
  objectives: string[];
  mvu: string | null;
  resources: Resource[];
  tools: string[];
  exercise: { title?: string; text: string; files: string[]; hints: Hints } | null;
}

/** The hints of an exercise: how many there are, and the text of those revealed so far. */
export interface Hints {
  total: number;
  shown: string[];
}

export interface JournalRef {
  path: string;
  date: string;
  words: number;
  title: string | null;
  tags?: string[];
}

export interface RunSummary {
  id: string;
  node?: string;
  kind: 'check' | 'manual';
  /** measured: a check Trailguide ran; reported: logged by hand with `trail log`. */
  provenance: 'measured' | 'reported';
  criterion: string | null;
  status: string | null;
  objective?: string | null;
  startedAt: string;
  durationMs: number | null;
  params?: Record<string, string>;
  metrics: Record<string, number>;
}

export interface NodePage {
  node: NodeDetail;
  /** The latest result of each check criterion of the node, by criterion id. */
  latest: Record<string, import('./record-types').CheckResult>;
  /** Where the learner's files are: the workspace folder, the node's folder in it, its files. */
  where: { workspace: string; folder: string; files: string[] };
  body: string;
  journal: JournalRef[];
  runs: RunSummary[];
}

export interface Unlocked {
  id: string;
  title: string;
}

export interface Outcome {
  node: { id: string; status: NodeStatus; criteria: CriterionView[] } | null;
  unlocked: Unlocked[];
}

/** The tutor's modes (seed 002's five, and quiz and hint). */
export type TutorMode = 'explain' | 'code' | 'debug' | 'scaffold' | 'resources' | 'quiz' | 'hint';

/** The tutor's answer, as the `answer` event of its job carries it. */
export interface TutorAnswer {
  mode: TutorMode;
  llm: boolean;
  answer: string;
  citations: Array<{ node: string; kind: string; title: string; heading: string; score: number }>;
  guarded: boolean;
  error: string | null;
}
