import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ServerContext } from './context.js';
import { errorBody, httpErrorOf, HttpError } from './http-error.js';
import { createJobs } from './jobs.js';
import { tutorRoutes } from './routes/tutor.js';
import type { Library } from './library.js';
import { openApiDocument } from './openapi.js';
import { checkRoutes } from './routes/checks.js';
import { fileRoutes } from './routes/files.js';
import { journalRoutes } from './routes/journal.js';
import { nodeRoutes } from './routes/nodes.js';
import { reviewRoutes } from './routes/review.js';
import { runRoutes } from './routes/runs.js';
import { trackRoutes } from './routes/tracks.js';

/** The built web app (`npm run build:web` writes it). */
export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** How the app is served. */
export interface AppOptions {
  library: Library;
  /** `Host` values accepted (e.g. `127.0.0.1:4317`); others are refused, against DNS rebinding. Undefined: any. */
  allowedHosts?: readonly string[];
  /** The folder of the built web app; none: the API only. */
  webDir?: string | undefined;
  /** Where the tutor's model is named (OPENAI_*, ANTHROPIC_*); default: none, the tutor answers from the course. */
  env?: Readonly<Record<string, string | undefined>>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

function secure(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
}

/** The Hono app: the JSON API under /api and the web app around it. */
export function createApp(options: AppOptions): Hono {
  const context: ServerContext = { library: options.library, jobs: createJobs(), env: options.env ?? {} };
  const app = new Hono();
  app.use(async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (options.allowedHosts && !options.allowedHosts.includes(host)) throw new HttpError(403, 'FORBIDDEN', `requests for host "${host}" are refused`, `open the app at http://${options.allowedHosts[0]}/`);
    const origin = c.req.header('origin');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && origin !== undefined && originHost(origin) !== host) {
      throw new HttpError(403, 'FORBIDDEN', `a request from ${origin} may not change this workspace`, 'use the app itself');
    }
    await next();
    secure(c.res.headers);
  });
  const api = new Hono();
  for (const routes of [trackRoutes, nodeRoutes, checkRoutes, journalRoutes, reviewRoutes, runRoutes, fileRoutes, tutorRoutes]) api.route('/', routes(context));
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.all('*', (c) => {
    throw new HttpError(404, 'NO_ROUTE', `no API route ${c.req.method} ${c.req.path}`, 'docs/api.md lists the routes');
  });
  app.route('/api', api);
  const web = options.webDir;
  if (web && existsSync(join(web, 'index.html'))) {
    app.use('*', serveStatic({ root: web }));
    // Routes of the web app (/t/…) are pages of the single-page app.
    app.get('*', serveStatic({ root: web, path: 'index.html' }));
  } else {
    app.get('/', (c) => c.text('The web app is not built: run `npm run build:web` (npm start does it).', 404));
  }
  app.onError((error, c) => {
    const http = httpErrorOf(error);
    if (http.status >= 500) console.error(error);
    const response = c.json(errorBody(http), http.status);
    secure(response.headers);
    return response;
  });
  return app;
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
