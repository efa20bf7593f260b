import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compression } from './compression.js';
import type { ServerContext } from './context.js';
import { answerError, HttpError } from './http-error.js';
import { createJobs } from './jobs.js';
import { tutorRoutes } from './routes/tutor.js';
import type { Library } from './library.js';
import { openApiDocument } from './openapi.js';
import { reply } from './reply.js';
import { requestDeadline } from './request-limits.js';
import { isFinished, secure } from './security.js';
import { checkRoutes } from './routes/checks.js';
import { fileRoutes } from './routes/files.js';
import { journalRoutes } from './routes/journal.js';
import { nodeRoutes } from './routes/nodes.js';
import { reviewRoutes } from './routes/review.js';
import { runRoutes } from './routes/runs.js';
import { trackRoutes } from './routes/tracks.js';
import type { TeamParts } from './team/index.js';

/** The built web app (`npm run build` writes it). */
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
  /** Team mode: every /api route but sign-in needs a session, and each learner works on their own tracks (`library` is then `team.library`). */
  team?: TeamParts;
}

/** The Hono app: the JSON API under /api and the web app around it. */
export function createApp(options: AppOptions): Hono {
  const context: ServerContext = { library: options.library, jobs: options.team ? options.team.scopeJobs(createJobs()) : createJobs(), env: options.env ?? {} };
  const app = new Hono();
  app.use(compression());
  app.use(async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (options.allowedHosts && !options.allowedHosts.includes(host))
      throw new HttpError('FORBIDDEN', `requests for host "${host}" are refused`, `open the app at http://${options.allowedHosts[0]}/`);
    const origin = c.req.header('origin');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && origin !== undefined && originHost(origin) !== host) {
      throw new HttpError('FORBIDDEN', `a request from ${origin} may not change this workspace`, 'use the app itself');
    }
    await next();
    if (!isFinished(c.res)) secure(c.res.headers);
  });
  const api = new Hono();
  api.use(requestDeadline());
  if (options.team) {
    api.route('/', options.team.open);
    api.use(...options.team.guard);
    for (const routes of options.team.routes) api.route('/', routes);
  }
  for (const routes of [trackRoutes, nodeRoutes, checkRoutes, journalRoutes, reviewRoutes, runRoutes, fileRoutes, tutorRoutes]) api.route('/', routes(context));
  const openApi = openApiDocument();
  api.get('/openapi.json', (c) => reply(c, 'GET /openapi.json', openApi));
  // Nobody signs in to a personal server; the web app reads this as "no sign-in page, no team pages".
  if (!options.team) api.get('/auth/me', (c) => reply(c, 'GET /auth/me', { user: null }));
  api.all('*', (c) => {
    throw new HttpError('NO_ROUTE', `no API route ${c.req.method} ${c.req.path}`, 'docs/api.md lists the routes');
  });
  app.route('/api', api);
  const web = options.webDir;
  if (web && existsSync(join(web, 'index.html'))) {
    // The build writes a Brotli and a gzip copy of each file beside it; the one the browser accepts is sent.
    // Files under assets/ have a hash of their content in their name: they never change.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root: web, precompressed: true }));
    // Routes of the web app (/t/…) are pages of the single-page app.
    app.get('*', serveStatic({ root: web, path: 'index.html', precompressed: true }));
  } else {
    app.get('/', (c) => c.text('The web app is not built: run `npm run build` (npm start does it).', 404));
  }
  app.onError((error, c) => {
    const response = answerError(error, c);
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
