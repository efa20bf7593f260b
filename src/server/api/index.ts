// The API's description: zod and the engine's pure core only (no node: module, nothing of the server), for the web app type-checks these files too.
export {
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
  Credentials,
  TokenBody,
  SignOffBody,
  SyncQuery,
  SyncBody,
  TeamCheckBody,
} from './inputs.js';
// The web app imports paths.js itself: this index brings zod, which the web bundle does without.
export { requestOf, type RouteRequest } from './paths.js';
export { API, ROUTES, type JsonRoute, type RawRoute } from './routes.js';
export { TEAM_ROUTES } from './team-routes.js';
export { codesWithStatus, STATUS_BY_CODE, type ApiErrorCode, type ErrorStatus, type ServerErrorCode } from './statuses.js';
export type { Input, JobEvents, JsonRouteKey, Params, Reply, ReplyInput, RouteKey, SuccessStatus } from './types.js';
