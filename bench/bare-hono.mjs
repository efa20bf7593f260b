// The baseline of `npm run bench:load`: a Hono app with one JSON route, on the same Node adapter
// as `trail serve`, with nothing else. It prints its address once it listens.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
const body = { mode: 'home', tracks: [{ id: 'bare', title: 'Bare Hono', following: false, progress: null }] };
app.get('*', (c) => c.json(body));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening at http://127.0.0.1:${info.port}/\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
