import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { API, type JsonRouteKey, type ReplyInput, type SuccessStatus } from './api/index.js';
import { sendCached, type CachedJson } from './cached.js';

// A handler names the route it answers; a handler registered on another path would be typed
// against the wrong schema, so the name is held to the path Hono matched.
function ensureRoute(c: Context, route: JsonRouteKey): void {
  const [method, path] = route.split(' ') as [string, string];
  if ((c.req.method === 'HEAD' ? 'GET' : c.req.method) !== method || c.req.routePath !== `/api${path}`)
    throw new Error(`the handler of ${c.req.method} ${c.req.routePath} answers as "${route}"`);
}

/** Answers a JSON route with a value of its response schema (the type checker holds the handler to it). */
export function reply<K extends JsonRouteKey, S extends SuccessStatus<K> = SuccessStatus<K>>(
  c: Context,
  route: K,
  value: ReplyInput<K, S>,
  status?: S,
): Response {
  ensureRoute(c, route);
  const first = Number(Object.keys(API[route].responses)[0]);
  return c.json(value, (status ?? first) as ContentfulStatusCode);
}

/** Answers a JSON route with an answer made once per snapshot (src/server/cached.ts). */
export function replyCached<K extends JsonRouteKey>(c: Context, route: K, body: CachedJson<ReplyInput<K>>): Response {
  ensureRoute(c, route);
  return sendCached(c, body);
}
