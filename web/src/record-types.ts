// The shapes of docs/api.md for what the learner does and records: quizzes, checks, journal, review, runs.

import type { QuestionResult } from '../../src/core/quiz.js';
import type { Outcome } from './api-types';

export type QuestionType = 'single' | 'multiple' | 'numeric' | 'text' | 'ordering';

export interface Question {
  id: string;
  type: QuestionType;
  prompt: string;
  details: string | null;
  options?: string[];
  items?: string[];
}

export interface Quiz {
  criterion: string;
  title: string | null;
  intro: string | null;
  pass: number;
  seed: number;
  questions: Question[];
}

/** An answer in the forms of docs/quizzes.md: option text(s), a number, words, items in order. */
export type Answer = string | number | string[];

/** How one question was answered: the engine's own type. */
export type GradedQuestion = QuestionResult;

export interface QuizGrade extends Outcome {
  score: number;
  points: number;
  total: number;
  pass: number;
  passed: boolean;
  questions: GradedQuestion[];
}

// The check result contract v1 (docs/checks.md), as the runner writes it.
export type { CheckResult, MetricOutcome, TestOutcome as CheckTest } from '../../src/core/check.js';

export interface JournalEntrySummary {
  path: string;
  node: string | null;
  date: string;
  words: number;
  title: string | null;
  tags: string[];
  /** Shared with the cohort's mentors (team mode). */
  shared?: boolean;
}

export interface JournalEntry extends JournalEntrySummary {
  body: string;
}

export interface JournalList {
  entries: JournalEntrySummary[];
  problems: unknown[];
}

export interface NewJournalEntry {
  node?: string;
  title?: string;
  tags?: string[];
  shared?: boolean;
  body: string;
  /** Keep an entry shorter than the minimum as a quick note. */
  allowShort?: boolean;
}

export interface JournalSaved extends Outcome {
  entry: JournalEntrySummary;
  warning: string | null;
}

export interface ReviewCard {
  id: string;
  node: string;
  criterion: string;
  question: Question;
  due: string;
  reps: number;
  lapses: number;
}

export interface ReviewQueue {
  now: string;
  cards: number;
  due: ReviewCard[];
  nextDue: string | null;
}

export interface ReviewGrade {
  id: string;
  correct: boolean;
  expected: unknown;
  given: unknown;
  explanation: string | null;
  rating: string;
  due: string;
}

export interface RunRecord {
  id: string;
  node: string;
  criterion: string | null;
  kind: 'check' | 'manual';
  command: string | null;
  objective?: string | null;
  params?: Record<string, string>;
  notes?: string | null;
  startedAt: string;
  durationMs: number | null;
  exitCode: number | null;
  status: string | null;
  metrics: Record<string, number[]>;
  artifacts: { path: string; sha256: string; bytes: number }[];
  gitCommit: string | null;
}

export interface Chart {
  metric: string;
  spec: object;
}

export interface RunDetail {
  run: RunRecord;
  charts: Chart[];
}

export interface Comparison {
  a: RunRecord;
  b: RunRecord;
  params: { name: string; a: string | null; b: string | null }[];
  metrics: { name: string; a: number | null; b: number | null }[];
  charts: Chart[];
}
