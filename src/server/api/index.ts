export { requestOf, type RouteRequest } from './paths.js';
export { ROUTES, type JsonRoute, type RawRoute } from './routes.js';
export { codesWithStatus, STATUS_BY_CODE, type ApiErrorCode, type ErrorStatus, type ServerErrorCode } from './statuses.js';
export type { Input, JobEvents, JsonRouteKey, Params, Reply, ReplyInput, RouteKey, SuccessStatus } from './types.js';
