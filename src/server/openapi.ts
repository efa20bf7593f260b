import { z } from 'zod';
import { AttestBody, CheckBody, CompareQuery, EntryQuery, FollowBody, JournalBody, JournalQuery, PracticeBody, QuizBody, QuizQuery, ReviewBody, RunsQuery, TrackQuery, TutorBody } from './api/inputs.js';

interface Route {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  status?: number;
}

// The routes of docs/api.md, with the schemas that validate their input.
const ROUTES: Route[] = [
  { method: 'get', path: '/tracks', summary: 'The catalog of tracks, with progress for those followed' },
  { method: 'post', path: '/tracks', summary: 'Follow a built-in track', body: FollowBody, status: 201 },
  { method: 'get', path: '/tracks/{track}', summary: 'A track: nodes with status, edges, progress, estimate', query: TrackQuery },
  { method: 'get', path: '/tracks/{track}/layout', summary: 'Graph layout (ELK), cached per track version' },
  { method: 'put', path: '/tracks/{track}/practice', summary: 'Turn practice mode on or off', body: PracticeBody },
  { method: 'get', path: '/tracks/{track}/nodes/{node}', summary: 'A node: fields, body, criteria with state, journal entries, runs' },
  { method: 'post', path: '/tracks/{track}/nodes/{node}/attest', summary: 'Attest a criterion in your own words', body: AttestBody },
  { method: 'post', path: '/tracks/{track}/nodes/{node}/skip', summary: 'Skip an optional node' },
  { method: 'post', path: '/tracks/{track}/nodes/{node}/hints', summary: 'Reveal the next hint of the exercise' },
  { method: 'post', path: '/tracks/{track}/tutor', summary: 'Ask the tutor; the answer streams as the job\'s events', body: TutorBody, status: 202 },
  { method: 'get', path: '/tracks/{track}/nodes/{node}/quiz', summary: 'A quiz without its answers', query: QuizQuery },
  { method: 'post', path: '/tracks/{track}/nodes/{node}/quiz', summary: 'Submit a quiz attempt', body: QuizBody },
  { method: 'post', path: '/tracks/{track}/nodes/{node}/checks', summary: 'Start the exercise checks of a node', body: CheckBody, status: 202 },
  { method: 'get', path: '/jobs/{job}', summary: 'Follow a check job (Server-Sent Events)' },
  { method: 'get', path: '/tracks/{track}/journal', summary: 'Journal entries, newest first', query: JournalQuery },
  { method: 'get', path: '/tracks/{track}/journal/entry', summary: 'One journal entry', query: EntryQuery },
  { method: 'post', path: '/tracks/{track}/journal', summary: 'Write a journal entry', body: JournalBody, status: 201 },
  { method: 'get', path: '/tracks/{track}/review', summary: 'Review cards due now' },
  { method: 'post', path: '/tracks/{track}/review', summary: 'Answer a due review card', body: ReviewBody },
  { method: 'get', path: '/tracks/{track}/runs', summary: 'Experiment runs, newest first', query: RunsQuery },
  { method: 'get', path: '/tracks/{track}/runs/{id}', summary: 'One run with its chart specifications' },
  { method: 'get', path: '/tracks/{track}/compare', summary: 'Two runs compared', query: CompareQuery },
  { method: 'get', path: '/tracks/{track}/files/{path}', summary: 'A file of the workspace' },
];

const ERROR = { type: 'object', properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' } } } } };

/** The OpenAPI 3.1 description of the API, generated from the zod schemas of its input. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (route.query) {
      const schema = z.toJSONSchema(route.query, { io: 'input' }) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(schema.properties ?? {})) parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property as { type: string } });
    }
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      parameters,
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } } } } : {}),
      responses: { [String(route.status ?? 200)]: { description: 'See docs/api.md' }, default: { description: 'An error', content: { 'application/json': { schema: ERROR } } } },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Trailguide API', version: '1' }, servers: [{ url: '/api' }], paths };
}
