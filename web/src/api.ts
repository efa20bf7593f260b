// paths.js alone: the API's index brings zod, which the bundle does without.
import { requestOf } from '../../src/server/api/paths.js';
import type { Input, JobEvents, JsonRouteKey, Reply } from '../../src/server/api/index.js';
import type { TutorQuestion } from './api-types';
import type { Answer, NewJournalEntry } from './record-types';

/** A file of the node folder as a team server takes it: its path there and its bytes in base64. */
export type UploadedFile = NonNullable<Input<'POST /tracks/:track/nodes/:node/checks'>['body']['files']>[number];

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
  return new ApiError(response.status, `HTTP_${response.status}`, `The server answered ${response.status} ${response.statusText}.`);
}

let onUnauthorized: (() => void) | null = null;

/** Calls `listener` whenever the server answers 401 (team mode, not signed in or signed out elsewhere). */
export function whenUnauthorized(listener: (() => void) | null): void {
  onUnauthorized = listener;
}

async function request<K extends JsonRouteKey>(route: K, input: Input<K>): Promise<Reply<K>> {
  const { method, path, body } = requestOf(route, input);
  return send<Reply<K>>(method, path, body);
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Trailguide server.', 'Is `trail serve` still running?');
  }
  if (response.status === 401) onUnauthorized?.();
  if (!response.ok) throw await toError(response, path);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

/** The client of every route in docs/api.md, typed from the server's routes table (src/server/api/routes.ts). */
export const api = {
  catalog: () => request('GET /tracks', { params: {} }),
  follow: (track: string) => request('POST /tracks', { params: {}, body: { track } }),
  track: (track: string, hoursPerWeek?: number) => request('GET /tracks/:track', { params: { track }, query: { hoursPerWeek } }),
  layout: (track: string) => request('GET /tracks/:track/layout', { params: { track } }),
  setPractice: (track: string, on: boolean) => request('PUT /tracks/:track/practice', { params: { track }, body: { on } }),

  node: (track: string, node: string) => request('GET /tracks/:track/nodes/:node', { params: { track, node } }),
  attest: (track: string, node: string, criterion: string, text: string) =>
    request('POST /tracks/:track/nodes/:node/attest', { params: { track, node }, body: { criterion, text } }),
  skip: (track: string, node: string) => request('POST /tracks/:track/nodes/:node/skip', { params: { track, node } }),
  revealHint: (track: string, node: string) => request('POST /tracks/:track/nodes/:node/hints', { params: { track, node } }),

  quiz: (track: string, node: string, criterion: string) => request('GET /tracks/:track/nodes/:node/quiz', { params: { track, node }, query: { criterion } }),
  submitQuiz: (track: string, node: string, criterion: string, answers: Record<string, Answer>, durations?: Record<string, number>) =>
    request('POST /tracks/:track/nodes/:node/quiz', { params: { track, node }, body: { criterion, answers, durations } }),

  /** Starts a node's checks; a team server takes the learner's files of the node folder too. */
  startCheck: (track: string, node: string, criterion?: string, files?: UploadedFile[]) =>
    request('POST /tracks/:track/nodes/:node/checks', { params: { track, node }, body: { ...(criterion ? { criterion } : {}), ...(files ? { files } : {}) } }),
  jobUrl: (job: string) => `/api/jobs/${enc(job)}`,
  askTutor: (track: string, body: TutorQuestion) => request('POST /tracks/:track/tutor', { params: { track }, body }),

  journal: (track: string, node?: string) => request('GET /tracks/:track/journal', { params: { track }, query: { node } }),
  journalEntry: (track: string, path: string) => request('GET /tracks/:track/journal/entry', { params: { track }, query: { path } }),
  addJournal: (track: string, entry: NewJournalEntry) => request('POST /tracks/:track/journal', { params: { track }, body: entry }),

  review: (track: string) => request('GET /tracks/:track/review', { params: { track } }),
  answerCard: (track: string, card: string, response: Answer, durationMs: number) =>
    request('POST /tracks/:track/review', { params: { track }, body: { card, response, durationMs } }),

  runs: (track: string, node?: string) => request('GET /tracks/:track/runs', { params: { track }, query: { node } }),
  run: (track: string, id: string) => request('GET /tracks/:track/runs/:id', { params: { track, id } }),
  compare: (track: string, a: string, b: string) => request('GET /tracks/:track/compare', { params: { track }, query: { a, b } }),
  me: () => request('GET /auth/me', { params: {} }),
  signIn: (email: string, password: string) => request('POST /auth/login', { params: {}, body: { email, password } }),
  signOut: () => request('POST /auth/logout', { params: {} }),
  cohorts: () => request('GET /team/cohorts', { params: {} }),
  cohortProgress: (cohort: string) => request('GET /team/cohorts/:cohort/progress', { params: { cohort } }),
  learner: (cohort: string, email: string) => request('GET /team/cohorts/:cohort/learners/:email', { params: { cohort, email } }),
  signOff: (cohort: string, email: string, node: string, criterion: string, comment: string) =>
    request('POST /team/cohorts/:cohort/learners/:email/sign-off', { params: { cohort, email }, body: { node, criterion, comment, approved: true } }),
  fileUrl: (track: string, path: string) => `/api/tracks/${enc(track)}/files/${path.split('/').map(enc).join('/')}`,
};

/** Listens to one event of a job's stream (`api.jobUrl`), its data typed by the server's description of that event. */
export function onJobEvent<E extends keyof JobEvents>(source: EventSource, name: E, handle: (data: JobEvents[E]) => void): void {
  source.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data) as JobEvents[E]));
}
