import type { Hono } from 'hono';
import { createApp } from '../server/app.js';
import { homeLibrary, workspaceLibrary } from '../server/library.js';

/** A JSON answer of the API, with its status. */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the app in-process (no port) the way the web app does, sending JSON. */
export function client(app: Hono) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
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
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    put: (path: string, body?: unknown) => call('PUT', path, body ?? {}),
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
