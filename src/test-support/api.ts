import type { Hono } from 'hono';
import type { z } from 'zod';
import { createApp } from '../server/app.js';
import { ROUTES } from '../server/api/routes.js';
import type { JobEvents } from '../server/api/types.js';
import { homeLibrary, workspaceLibrary } from '../server/library.js';

/** A JSON answer of the API, with its status; `T` is what the test reads of its body (`Reply<'GET /tracks'>`, `JsonError`). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the app in-process (no port) the way the web app does, sending JSON. */
export function client(app: Hono) {
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> => {
    const init: RequestInit = { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.request(path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a file, an event stream): the text is the body.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    get: <T = unknown>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    put: <T = unknown>(path: string, body?: unknown) => call<T>('PUT', path, body ?? {}),
    raw: (path: string, init?: RequestInit) => app.request(path, init),
  };
}

/** The app on a learner's home folder. */
export function homeApp(home: string) {
  return client(createApp({ library: homeLibrary(home) }));
}

/** The app on one workspace. */
export async function workspaceApp(dir: string) {
  return client(createApp({ library: await workspaceLibrary(dir) }));
}

/** One event of a job's stream (`GET /api/jobs/:job`), its data typed by the event's name. */
export type JobEvent = { [E in keyof JobEvents]: { event: E; data: JobEvents[E] } }[keyof JobEvents];

/** Reads a whole job stream into its events, each checked against the schema of its name. */
export function readJobEvents(text: string): JobEvent[] {
  const schemas: Record<string, z.ZodType> = ROUTES['GET /jobs/:job'].events;
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) => lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).replace(/^ /, ''));
      const event = field('event')[0]!;
      const data: unknown = JSON.parse(field('data').join('\n'));
      const parsed = schemas[event]?.safeParse(data);
      if (!parsed?.success)
        throw new Error(`event ${event}: ${parsed ? JSON.stringify(parsed.error.issues) : 'not an event of a job'}: ${JSON.stringify(data).slice(0, 500)}`);
      // The schema of its name accepts it, so the data is that event's.
      return { event, data } as JobEvent;
    });
}
