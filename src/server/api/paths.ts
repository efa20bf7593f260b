import type { Input, JsonRouteKey } from './types.js';

/** A call of a route as HTTP has it: the method, the path under /api with its query, and the JSON body. */
export interface RouteRequest {
  method: string;
  path: string;
  body: unknown;
}

/** The request of a route's call: parameters put in the path (encoded), the query's set values appended. */
export function requestOf<K extends JsonRouteKey>(route: K, input: Input<K>): RouteRequest {
  const [method, template] = route.split(' ') as [string, string];
  const params = input.params as Record<string, string>;
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return { method, path: query ? `${path}?${query}` : path, body: input.body };
}
