// The answers about what the learner does and records (quizzes, checks, journal, review, runs), as
// the server's routes table declares them (src/server/api/).

import type { Input, JobEvents, Reply } from '../../src/server/api/index.js';

export type Quiz = Reply<'GET /tracks/:track/nodes/:node/quiz'>;
export type Question = Quiz['questions'][number];
export type QuestionType = Question['type'];
export type QuizGrade = Reply<'POST /tracks/:track/nodes/:node/quiz'>;
export type GradedQuestion = QuizGrade['questions'][number];

/** An answer in the forms of docs/quizzes.md, as the answer fields make it: option text(s), a number, words, items in order. */
export type Answer = string | number | string[];

// The check result contract v1 (docs/checks.md), as the runner writes it.
export type CheckResult = JobEvents['result']['result'];
export type MetricOutcome = CheckResult['metrics'][number];
export type CheckTest = CheckResult['tests'][number];

export type JournalList = Reply<'GET /tracks/:track/journal'>;
export type JournalEntrySummary = JournalList['entries'][number];
export type JournalEntry = Reply<'GET /tracks/:track/journal/entry'>['entry'];
export type NewJournalEntry = Input<'POST /tracks/:track/journal'>['body'];
export type JournalSaved = Reply<'POST /tracks/:track/journal'>;

export type ReviewQueue = Reply<'GET /tracks/:track/review'>;
export type ReviewCard = ReviewQueue['due'][number];
export type ReviewGrade = Reply<'POST /tracks/:track/review'>;

export type RunDetail = Reply<'GET /tracks/:track/runs/:id'>;
export type RunRecord = RunDetail['run'];
export type Chart = RunDetail['charts'][number];
export type Comparison = Reply<'GET /tracks/:track/compare'>;
