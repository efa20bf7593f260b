import { describe, expect, it } from 'vitest';
import { API, ROUTES, TEAM_ROUTES } from './api/index.js';
import type { JsonRoute, RawRoute } from './api/routes.js';
import type { RouteKey } from './api/types.js';
import { createApp } from './app.js';
import { homeLibrary } from './library.js';
import { openApiDocument, openApiPath } from './openapi.js';
import { useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

/** The parts of an OpenAPI operation and of its JSON schemas that these tests read. */
interface Operation {
  parameters: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content: Record<string, { schema: Schema }> }>;
}
interface Schema {
  properties?: Record<string, Schema>;
  enum?: unknown[];
}

// The routes the app really has under /api, as `METHOD /path` (the catch-all that answers NO_ROUTE is none).
function appRoutes(): string[] {
  const app = createApp({ library: homeLibrary(tmp()) });
  const keys = app.routes
    .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
    .map((route) => `${route.method} ${route.path.slice('/api'.length)}`);
  return [...new Set(keys)].sort();
}

// The operations the OpenAPI document describes, as `METHOD /path` in its own path syntax.
function documented(document: ReturnType<typeof openApiDocument>): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the routes table is the API', () => {
  it('names every /api route of the app, and nothing the app does not have', () => {
    expect(appRoutes()).toEqual(Object.keys(ROUTES).sort());
  });

  it("makes an OpenAPI document that describes every route of the app and of a team server's, with its answers and errors", () => {
    const document = openApiDocument();
    expect(documented(document)).toEqual(
      [...appRoutes(), ...Object.keys(TEAM_ROUTES)]
        .map((key) => {
          const [method, path] = key.split(' ') as [string, string];
          return `${method} ${openApiPath(path)}`;
        })
        .sort(),
    );
    for (const [key, route] of Object.entries(API) as Array<[RouteKey, JsonRoute | RawRoute]>) {
      const [method, path] = key.split(' ') as [string, string];
      const operation = document.paths[openApiPath(path)]![method.toLowerCase()] as {
        responses: Record<string, { content: Record<string, { schema: object }> }>;
        requestBody?: unknown;
      };
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.filter((status) => status < '400'),
        key,
      ).toEqual('media' in route ? ['200'] : Object.keys(route.responses));
      expect(statuses, key).toContain('500');
      expect(statuses, key).toContain('401');
      expect((operation as { tags?: string[] }).tags, key).toEqual(key in TEAM_ROUTES ? ['team'] : undefined);
      expect(operation.requestBody !== undefined, key).toBe('body' in route);
    }
  });

  it('describes each route by its schemas: parameters, body, answer and the codes of each error status', () => {
    const operation = openApiDocument().paths['/tracks/{track}/nodes/{node}/attest']!.post as Operation;
    const schemaOf = (status: string) => operation.responses[status]?.content['application/json']?.schema;
    expect(operation.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:track', 'path:node']);
    expect(operation.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['text'],
      properties: { criterion: { type: 'string' }, text: { type: 'string', maxLength: 20000 } },
    });
    expect(schemaOf('200')).toMatchObject({ type: 'object', required: ['node', 'unlocked'] });
    expect(schemaOf('409')?.properties?.error?.properties?.code?.enum).toContain('NODE_LOCKED');
    expect(schemaOf('422')?.properties?.error?.properties?.code?.enum).toContain('TRACK_INVALID');
    const layout = openApiDocument().paths['/tracks/{track}']!.get as Operation;
    expect(layout.parameters).toContainEqual({
      name: 'hoursPerWeek',
      in: 'query',
      required: false,
      schema: { default: 8, type: 'number', exclusiveMinimum: 0, maximum: 168 },
    });
  });

  it('serves the document at GET /api/openapi.json', async () => {
    const response = await createApp({ library: homeLibrary(tmp()) }).request('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
