import { Credentials, SignOffBody, SyncBody, SyncQuery, TokenBody } from './inputs.js';
import type { JsonRoute, RawRoute } from './routes.js';
import { CheckJob, CohortList, CohortProgress, LearnerView, SignedIn, SignedOff, SignedOut, SyncImported, SyncPage, TokenIssued } from './team-shapes.js';

/**
 * The routes only a team server has (`trail serve --team`, docs/team.md), keyed as ROUTES is.
 * A team server answers every route of ROUTES too, for the signed-in learner; the two routes
 * whose answers differ there (`GET /auth/me`, `POST …/checks` and its job's events) are
 * described once, in ROUTES, for both servers.
 */
export const TEAM_ROUTES = {
  'POST /auth/login': { summary: 'Sign in: sets an HttpOnly session cookie', body: Credentials, responses: { 200: SignedIn } },
  'POST /auth/tokens': { summary: 'An API token for the CLI (trail team login), shown once', body: TokenBody, responses: { 201: TokenIssued } },
  'POST /auth/logout': { summary: 'Sign out: ends the session of the cookie', responses: { 200: SignedOut } },
  'GET /team/cohorts': { summary: 'The cohorts the signed-in person may see, with their part in each', responses: { 200: CohortList } },
  'GET /team/cohorts/:cohort/progress': {
    summary: "A cohort's matrix: the track's nodes, and each learner's statuses, last activity and failing checks (mentors, admins)",
    responses: { 200: CohortProgress },
  },
  'GET /team/cohorts/:cohort/learners/:email': {
    summary: 'One learner for their mentor: nodes and criteria, shared journal entries, timeline',
    responses: { 200: LearnerView },
  },
  'POST /team/cohorts/:cohort/learners/:email/sign-off': {
    summary: 'Sign a review criterion off (or send it back) with a comment',
    body: SignOffBody,
    responses: { 201: SignedOff },
  },
  'GET /team/sync/:track/events': { summary: "The signed-in learner's events after a cursor (trail sync)", query: SyncQuery, responses: { 200: SyncPage } },
  'POST /team/sync/:track/events': {
    summary: 'Send events the server lacks, by id: idempotent; a run stays reported, never verified',
    body: SyncBody,
    responses: { 200: SyncImported },
  },
  'GET /checks/jobs/:job': { summary: 'A check job of yours: its state, attempts, worker and result', responses: { 200: CheckJob } },
} as const satisfies Record<string, JsonRoute | RawRoute>;
