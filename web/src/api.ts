import type { Catalog, Hints, Layout, NodePage, Outcome, RunSummary, TrackState, TutorMode } from './api-types';
import type { Answer, Comparison, JournalEntry, JournalList, JournalSaved, NewJournalEntry, Quiz, QuizGrade, ReviewGrade, ReviewQueue, RunDetail } from './record-types';
import type { CohortList, CohortProgress, LearnerView, Me, SignedOff } from './team-types';

/** An error answered by the API (or a failure to reach it), with the server's code and hint. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the server has no such route: the feature is not in this version of the server. */
  get routeMissing(): boolean {
    return this.code === 'NO_ROUTE';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; hint?: string };
}

async function toError(response: Response, path: string): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  const error = body?.error;
  if (error?.code && error.message) return new ApiError(response.status, error.code, error.message, error.hint ?? null);
  // A 404 without the API's error envelope comes from a server that has no such route at all.
  if (response.status === 404) {
    return new ApiError(404, 'NO_ROUTE', `This server does not offer ${path} yet.`, 'Update Trailguide to a version that has this feature.');
  }
  return new ApiError(response.status, 'HTTP_' + response.status, `The server answered ${response.status} ${response.statusText}.`);
}

let onUnauthorized: (() => void) | null = null;

/** Calls `listener` whenever the server answers 401 (team mode, not signed in or signed out elsewhere). */
export function whenUnauthorized(listener: (() => void) | null): void {
  onUnauthorized = listener;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/api' + path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Trailguide server.', 'Is `trail serve` still running?');
  }
  // A wrong password is the sign-in form's own error; any other 401 means the session is gone.
  if (response.status === 401 && path !== '/auth/login') onUnauthorized?.();
  if (!response.ok) throw await toError(response, path);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? '?' + text : '';
}

const cohortPath = (cohort: string) => `/team/cohorts/${enc(cohort)}`;
const learnerPath = (cohort: string, learner: string) => `${cohortPath(cohort)}/learners/${enc(learner)}`;
const trackPath = (track: string) => `/tracks/${enc(track)}`;
const nodePath = (track: string, node: string) => `${trackPath(track)}/nodes/${enc(node)}`;

/** The typed client of every route in docs/api.md. */
export const api = {
  catalog: () => request<Catalog>('GET', '/tracks'),
  follow: (track: string) => request<{ track: string; workspace: string }>('POST', '/tracks', { track }),
  track: (track: string, hoursPerWeek?: number) => request<TrackState>('GET', trackPath(track) + query({ hoursPerWeek })),
  layout: (track: string) => request<Layout>('GET', `${trackPath(track)}/layout`),
  setPractice: (track: string, on: boolean) => request<{ practice: boolean }>('PUT', `${trackPath(track)}/practice`, { on }),

  node: (track: string, node: string) => request<NodePage>('GET', nodePath(track, node)),
  attest: (track: string, node: string, criterion: string, text: string) =>
    request<Outcome>('POST', `${nodePath(track, node)}/attest`, { criterion, text }),
  skip: (track: string, node: string) => request<Outcome>('POST', `${nodePath(track, node)}/skip`, {}),
  revealHint: (track: string, node: string) =>
    request<Outcome & { hints: Hints; revealed: number | null }>('POST', `${nodePath(track, node)}/hints`, {}),

  quiz: (track: string, node: string, criterion: string) => request<Quiz>('GET', `${nodePath(track, node)}/quiz` + query({ criterion })),
  submitQuiz: (track: string, node: string, criterion: string, answers: Record<string, Answer>, durations?: Record<string, number>) =>
    request<QuizGrade>('POST', `${nodePath(track, node)}/quiz`, { criterion, answers, durations }),

  startCheck: (track: string, node: string, criterion?: string) =>
    request<{ job: string }>('POST', `${nodePath(track, node)}/checks`, criterion ? { criterion } : {}),
  jobUrl: (job: string) => `/api/jobs/${enc(job)}`,
  askTutor: (track: string, body: { question: string; mode?: TutorMode; node?: string; history?: Array<{ role: 'user' | 'assistant'; content: string }> }) =>
    request<{ job: string }>('POST', `${trackPath(track)}/tutor`, body),

  journal: (track: string, node?: string) => request<JournalList>('GET', `${trackPath(track)}/journal` + query({ node })),
  journalEntry: (track: string, path: string) =>
    request<{ entry: JournalEntry }>('GET', `${trackPath(track)}/journal/entry` + query({ path })),
  addJournal: (track: string, entry: NewJournalEntry) => request<JournalSaved>('POST', `${trackPath(track)}/journal`, entry),

  review: (track: string) => request<ReviewQueue>('GET', `${trackPath(track)}/review`),
  answerCard: (track: string, card: string, response: Answer, durationMs: number) =>
    request<ReviewGrade>('POST', `${trackPath(track)}/review`, { card, response, durationMs }),

  runs: (track: string, node?: string) => request<{ runs: RunSummary[] }>('GET', `${trackPath(track)}/runs` + query({ node })),
  run: (track: string, id: string) => request<RunDetail>('GET', `${trackPath(track)}/runs/${enc(id)}`),
  compare: (track: string, a: string, b: string) => request<Comparison>('GET', `${trackPath(track)}/compare` + query({ a, b })),
  me: () => request<Me>('GET', '/auth/me'),
  signIn: (email: string, password: string) => request<Me>('POST', '/auth/login', { email, password }),
  signOut: () => request<unknown>('POST', '/auth/logout', {}),
  cohorts: () => request<CohortList>('GET', '/team/cohorts'),
  cohortProgress: (cohort: string) => request<CohortProgress>('GET', `${cohortPath(cohort)}/progress`),
  learner: (cohort: string, learner: string) => request<LearnerView>('GET', learnerPath(cohort, learner)),
  signOff: (cohort: string, learner: string, node: string, criterion: string, comment: string) =>
    request<SignedOff>('POST', `${learnerPath(cohort, learner)}/sign-off`, { node, criterion, comment, approved: true }),

  fileUrl: (track: string, path: string) => `/api${trackPath(track)}/files/${path.split('/').map(enc).join('/')}`,
};
