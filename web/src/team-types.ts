// The shapes of docs/api.md for team mode (accounts and the mentor's cohort pages), as the web app reads them.

import type { FailingCheck, TimelineEntry } from '../../src/core/timeline.js';
import type { NodeStatus } from './api-types';

export type { FailingCheck };

/** The signed-in account. */
export interface Account {
  email: string;
  role: 'learner' | 'mentor' | 'admin';
}

/** Who is signed in: null on a personal server, where nobody signs in. */
export interface Me {
  user: Account | null;
  /** The cohorts the account may see, with its part in each (team server). */
  cohorts?: CohortSummary[];
}

export interface CohortSummary {
  name: string;
  track: string;
  /** The viewer's part in it: admins see every cohort. */
  as: 'admin' | 'mentor' | 'learner';
  learners: number;
}

export interface CohortList {
  cohorts: CohortSummary[];
}

export interface LearnerProgress {
  email: string;
  done: number;
  total: number;
  /** When the learner's latest event happened, or null. */
  lastEventAt: string | null;
  nodes: Record<string, NodeStatus>;
  /** Nodes whose latest check run did not pass, by node id. */
  failing: Record<string, FailingCheck>;
}

/** A node as a column of the matrix. */
export interface CohortNode {
  id: string;
  title: string;
  phase: string | null;
  optional: boolean;
}

export interface CohortProgress {
  cohort: string;
  track: string;
  /** The track's title, phases and nodes in track order: the matrix's columns. */
  title: string;
  phases: { id: string; title: string }[];
  nodes: CohortNode[];
  learners: LearnerProgress[];
}

/** One event of a learner's, as the timeline shows it. */
export type TimelineEvent = TimelineEntry;

/** A journal entry the learner marked shared with their mentors. */
export interface SharedEntry {
  path: string;
  date: string;
  title: string | null;
  node: string | null;
  tags: string[];
  words: number;
  body: string;
}

/** A node of the learner's track with its status and its criteria's states. */
export interface LearnerNode {
  id: string;
  title: string;
  phase?: string;
  optional: boolean;
  status: NodeStatus;
  criteria: Array<{ id: string; kind: string; text: string; optional: boolean; state: 'met' | 'unmet' | 'pending'; detail: string }>;
}

/** `GET /api/team/cohorts/:cohort/learners/:email`: one learner for their mentor. */
export interface LearnerView {
  cohort: string;
  track: string;
  title: string;
  email: string;
  lastEventAt: string | null;
  progress: { done: number; total: number };
  nodes: LearnerNode[];
  /** Only the entries the learner shared. */
  journal: SharedEntry[];
  /** Newest first. */
  events: TimelineEvent[];
}

/** A `review` criterion of a node, as the learner page lists them for sign-off. */
export interface ReviewItem {
  node: string;
  nodeTitle: string;
  nodeStatus: NodeStatus;
  criterion: string;
  text: string;
  approved: boolean;
}

export interface SignedOff {
  event: string;
  approved: boolean;
}
