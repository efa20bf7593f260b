import { isIP } from 'node:net';
import { serve } from '@hono/node-server';
import { TrailError } from '../core/errors.js';
import { createApp, WEB_DIST } from './app.js';
import { layoutOf } from './layout.js';
import type { Library } from './library.js';
import type { TeamParts } from './team/index.js';

/** Where and how to listen. */
export interface ServeOptions {
  library: Library;
  host: string;
  port: number;
  /** Bind an address other people can reach; refused otherwise (personal mode has no accounts). */
  allowRemote: boolean;
  webDir?: string;
  /** The environment the tutor's model is named in (OPENAI_*, ANTHROPIC_*). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Team mode: accounts and sessions guard every route, so other machines may reach it (through a TLS proxy). */
  team?: TeamParts;
}

/** A listening server: its address and a way to stop it. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Starts the app on host:port; refuses a non-loopback address unless allowed, and says when the port is taken. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { host, port } = options;
  const local = isLoopback(host);
  if (!local && !options.allowRemote && !options.team) {
    throw new TrailError(
      'USAGE',
      `refusing to listen on ${host}: anyone who can reach it could read and change your workspace`,
      'keep the default --host 127.0.0.1, or add --allow-remote if you really mean it',
    );
  }
  // Filled in once the port is known (--port 0 picks a free one).
  const hosts: string[] = [];
  // A team server is reached under its public name through a proxy: its accounts, not the Host header, guard it.
  const app = createApp({
    library: options.library,
    webDir: options.webDir ?? WEB_DIST,
    ...(local && !options.team ? { allowedHosts: hosts } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.team ? { team: options.team } : {}),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      hosts.push(...allowedHosts(info.port));
      // The first layout of a session pays for loading ELK; doing it now keeps the first graph quick.
      if (!options.team) void prepareLayouts(options.library);
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shown}:${info.port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new TrailError('USAGE', `port ${port} on ${host} is in use (another trail serve?)`, 'stop the other server, or choose another port with --port'),
        );
      else reject(error);
    });
  });
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** Lays out the graphs of the tracks followed, in the background, so that the graph page finds them ready. */
async function prepareLayouts(library: Library): Promise<void> {
  for (const track of library.followed()) {
    try {
      await layoutOf(await library.open(track));
    } catch {
      // A workspace that cannot be opened says so when the learner opens it.
    }
  }
}
