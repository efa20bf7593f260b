import { z } from 'zod';
import { TEAM_ROUTES } from './team-routes.js';
import {
  AttestBody,
  CheckBody,
  CompareQuery,
  EntryQuery,
  FollowBody,
  JournalBody,
  JournalQuery,
  PracticeBody,
  QuizBody,
  QuizQuery,
  ReviewBody,
  RunsQuery,
  TrackQuery,
  TutorBody,
} from './inputs.js';
import { CheckJobEvents, NodePage, TutorJobEvents } from './node-shapes.js';
import {
  Comparison,
  JobStarted,
  JournalEntryPage,
  JournalList,
  JournalSaved,
  Quiz,
  QuizGrade,
  ReviewGrade,
  ReviewQueue,
  RunDetail,
  RunList,
} from './record-shapes.js';
import { CheckStarted, Me } from './team-shapes.js';
import { Catalog, Followed, HintRevealed, Layout, Outcome, Practice, TrackState } from './track-shapes.js';

/** A route answered with JSON: its input schemas and the schema of each success status. */
export interface JsonRoute {
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: { 200?: z.ZodType; 201?: z.ZodType; 202?: z.ZodType };
}

/** A route answered with something else: a file, or a stream of Server-Sent Events (their data is JSON, by event name). */
export interface RawRoute {
  summary: string;
  media: string;
  events?: Record<string, z.ZodType>;
}

/**
 * The API, keyed by `METHOD /path` (Hono's path syntax, under /api): the one description the
 * handlers answer by (src/server/reply.ts), the web app's client is typed from, and the
 * OpenAPI document is made of. A route added to the app and not here fails routes.test.ts.
 */
export const ROUTES = {
  'GET /tracks': { summary: 'The catalog of tracks, with progress for those followed', responses: { 200: Catalog } },
  'POST /tracks': {
    summary: 'Follow a built-in track (201 when new, 200 when followed already)',
    body: FollowBody,
    responses: { 200: Followed, 201: Followed },
  },
  'GET /tracks/:track': { summary: 'A track: nodes with status, edges, progress, estimate', query: TrackQuery, responses: { 200: TrackState } },
  'GET /tracks/:track/layout': { summary: 'Graph layout (ELK), cached per track version', responses: { 200: Layout } },
  'PUT /tracks/:track/practice': { summary: 'Turn practice mode on or off', body: PracticeBody, responses: { 200: Practice } },
  'GET /tracks/:track/nodes/:node': { summary: 'A node: fields, body, criteria with state, journal entries, runs', responses: { 200: NodePage } },
  'POST /tracks/:track/nodes/:node/attest': { summary: 'Attest a criterion in your own words', body: AttestBody, responses: { 200: Outcome } },
  'POST /tracks/:track/nodes/:node/skip': { summary: 'Skip an optional node', responses: { 200: Outcome } },
  'POST /tracks/:track/nodes/:node/hints': { summary: 'Reveal the next hint of the exercise', responses: { 200: HintRevealed } },
  'GET /tracks/:track/nodes/:node/quiz': { summary: 'A quiz without its answers', query: QuizQuery, responses: { 200: Quiz } },
  'POST /tracks/:track/nodes/:node/quiz': { summary: 'Submit a quiz attempt', body: QuizBody, responses: { 200: QuizGrade } },
  'POST /tracks/:track/nodes/:node/checks': {
    summary:
      "Start the exercise checks of a node; follow them at /api/jobs/:job (a team server takes the node folder's files and queues a job for its workers)",
    body: CheckBody,
    responses: { 202: CheckStarted },
  },
  'POST /tracks/:track/tutor': { summary: "Ask the tutor; the answer streams as the job's events", body: TutorBody, responses: { 202: JobStarted } },
  'GET /jobs/:job': {
    summary: 'Follow a job (Server-Sent Events): a check job or a tutor job',
    media: 'text/event-stream',
    events: { ...CheckJobEvents, ...TutorJobEvents },
  },
  'GET /tracks/:track/journal': { summary: 'Journal entries, newest first', query: JournalQuery, responses: { 200: JournalList } },
  'GET /tracks/:track/journal/entry': { summary: 'One journal entry', query: EntryQuery, responses: { 200: JournalEntryPage } },
  'POST /tracks/:track/journal': { summary: 'Write a journal entry', body: JournalBody, responses: { 201: JournalSaved } },
  'GET /tracks/:track/review': { summary: 'Review cards due now', responses: { 200: ReviewQueue } },
  'POST /tracks/:track/review': { summary: 'Answer a due review card', body: ReviewBody, responses: { 200: ReviewGrade } },
  'GET /tracks/:track/runs': { summary: 'Experiment runs, newest first', query: RunsQuery, responses: { 200: RunList } },
  'GET /tracks/:track/runs/:id': { summary: 'One run with its chart specifications', responses: { 200: RunDetail } },
  'GET /tracks/:track/compare': { summary: 'Two runs compared', query: CompareQuery, responses: { 200: Comparison } },
  'GET /tracks/:track/files/*': { summary: 'A file of the workspace (never outside it, never a hidden one)', media: '*/*' },
  'GET /auth/me': {
    summary: 'Who is signed in: on a personal server nobody ({ user: null }); a team server answers with the account and its cohorts',
    responses: { 200: Me },
  },
  'GET /openapi.json': { summary: 'This description of the API (OpenAPI 3.1)', responses: { 200: z.record(z.string(), z.unknown()) } },
} as const satisfies Record<string, JsonRoute | RawRoute>;

/** Every route of either server: a personal server's (ROUTES) and a team server's own (TEAM_ROUTES). */
export const API = { ...ROUTES, ...TEAM_ROUTES } as const;
