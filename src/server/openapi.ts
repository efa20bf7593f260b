import { z } from 'zod';
import { API, codesWithStatus, TEAM_ROUTES, type ErrorStatus, type JsonRoute, type RawRoute, type RouteKey } from './api/index.js';

type JsonSchema = Record<string, unknown>;

// Schemas as JSON Schema 2020-12 (OpenAPI 3.1's own dialect); a Vega-Lite spec, held by a check
// function, becomes any object with its description.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/tracks/:track/files/*` as OpenAPI writes it: `/tracks/{track}/files/{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{path}');
}

function parameters(path: string, query: z.ZodObject | undefined) {
  const names = [...path.matchAll(/:(\w+)/g)].map(([, name]) => name!);
  if (path.endsWith('*')) names.push('path');
  const inPath = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (!query) return inPath;
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const inQuery = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
  return [...inPath, ...inQuery];
}

const REASONS: Record<ErrorStatus, string> = {
  400: 'The request is not valid',
  401: 'Team mode: nobody is signed in (no session cookie or token), or the sign-in failed',
  403: 'Refused: a host or origin that may not make the request, or a file that may not be read',
  404: 'What the request names does not exist',
  409: 'Refused by the state of things now (a locked node, a check running, a card not due)',
  413: 'The request body is too large',
  422: 'A file of the track (track.yaml, a node, a quiz) or a note cannot be read',
  500: "The workspace's records are broken, or a defect of the server",
  429: 'Team mode: too many failed sign-ins; try again later',
  502: 'A server Trailguide talks to failed',
  503: 'The request ran past its time limit; what it had not written was not written',
};

// The errors a route can answer: input that may be wrong, names that may not exist, writes the
// state may refuse, and what every route can meet (a broken track or record, the time limit).
function errorStatuses(method: string, path: string, route: JsonRoute | RawRoute): ErrorStatus[] {
  const write = method !== 'GET';
  const statuses = new Set<ErrorStatus>();
  if ('query' in route || 'body' in route) statuses.add(400);
  if (write || path.includes('/files/')) statuses.add(403);
  if (path.includes(':')) statuses.add(404);
  if (write) statuses.add(409).add(413);
  if (path.startsWith('/tracks/:track')) statuses.add(422);
  // On a team server every route but sign-in needs a session; sign-in may be refused, then limited; a cohort is its mentors'.
  statuses.add(401);
  if (path === '/auth/login' || path === '/auth/tokens') statuses.add(429);
  if (path.startsWith('/team/cohorts/:cohort')) statuses.add(403);
  statuses.add(500).add(503);
  return [...statuses];
}

function errorResponse(status: ErrorStatus) {
  const error = {
    type: 'object',
    required: ['code', 'message'],
    additionalProperties: false,
    properties: { code: { enum: codesWithStatus(status) }, message: { type: 'string' }, hint: { type: 'string' } },
  };
  return { description: REASONS[status], content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error } } } } };
}

function successResponses(route: JsonRoute | RawRoute) {
  if ('media' in route) {
    const events = route.events && Object.fromEntries(Object.entries(route.events).map(([name, schema]) => [name, jsonSchema(schema, 'output')]));
    const schema =
      route.media === 'text/event-stream'
        ? { type: 'string', description: 'Server-Sent Events; the data of each is JSON, by event name (x-events)' }
        : { type: 'string', format: 'binary' };
    return { 200: { description: route.summary, content: { [route.media]: { schema, ...(events ? { 'x-events': events } : {}) } } } };
  }
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, schema]) => [
      status,
      { description: route.summary, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } },
    ]),
  );
}

const TEAM_ONLY = new Set(Object.keys(TEAM_ROUTES));

/**
 * The OpenAPI 3.1 description of the API, made from the routes table (src/server/api/routes.ts):
 * every route of a personal server, and those only a team server has, tagged `team`.
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(API) as Array<[RouteKey, JsonRoute | RawRoute]>) {
    const [method, path] = key.split(' ') as [string, string];
    const errors = Object.fromEntries(errorStatuses(method, path, route).map((status) => [status, errorResponse(status)]));
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = {
      summary: route.summary,
      ...(TEAM_ONLY.has(key) ? { tags: ['team'] } : {}),
      parameters: parameters(path, 'query' in route ? route.query : undefined),
      ...('body' in route && route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses: { ...successResponses(route), ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Trailguide API', version: '1' },
    servers: [{ url: '/api' }],
    tags: [{ name: 'team', description: 'Only a team server (trail serve --team, docs/team.md) has these routes' }],
    paths,
  };
}
