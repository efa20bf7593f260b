import { spawn } from 'node:child_process';
import { homeLibrary, workspaceLibrary } from '../../server/library.js';
import { startServer } from '../../server/serve.js';
import { join } from 'node:path';
import { builtinTrackIds } from '../../workspace/builtin.js';
import { findWorkspace } from '../../workspace/workspace.js';
import { colours, printLines } from '../output.js';
import { trailHome } from './start.js';
import { TrailError } from '../../core/errors.js';

/** Options of `trail serve`. */
export interface ServeCommandOptions {
  host: string;
  port: string;
  allowRemote?: boolean;
  home?: boolean;
  open?: boolean;
  /** A built-in track to follow (in the home) and open at once. */
  track?: string;
  team?: boolean;
  databaseUrl?: string;
  secureCookies?: boolean;
}

/**
 * `trail serve`: the web app and the JSON API. In a workspace (or with --workspace) it serves that
 * workspace; elsewhere, or with --home, the learner's home ($TRAIL_HOME) with a workspace per track.
 */
export async function serveCommand(where: string | undefined, options: ServeCommandOptions): Promise<number> {
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65_535) throw new TrailError('USAGE', `"${options.port}" is not a port`, 'give a number from 0 to 65535, e.g. --port 4317');
  if (options.team) return serveTeam(port, options);
  const workspace = options.home || options.track ? undefined : where ?? findWorkspace(process.cwd());
  const library = workspace ? await workspaceLibrary(workspace) : homeLibrary(trailHome());
  let followed: boolean | undefined;
  if (options.track) {
    if (!builtinTrackIds().includes(options.track)) throw new TrailError('TRACK_NOT_FOUND', `no built-in track "${options.track}"`, `built-in tracks: ${builtinTrackIds().join(', ')}`);
    followed = await library.follow(options.track);
  }
  const server = await startServer({ library, host: options.host, port, allowRemote: Boolean(options.allowRemote), env: process.env });
  const c = colours();
  const page = options.track ? `${server.url}t/${options.track}` : server.url;
  printLines(
    `${c.bold('Trailguide')} is running at ${c.cyan(server.url)}`,
    ...(options.track ? [`${followed ? 'Now following' : 'Following'} ${options.track}: ${c.cyan(page)} (its files: ${join(trailHome(), options.track)})`] : []),
    c.dim(workspace ? `Serving the workspace ${library.followed()[0]} (${workspace}).` : `Your workspaces live in ${trailHome()} (set $TRAIL_HOME to move them).`),
    c.dim('Press Ctrl-C to stop.'),
  );
  if (options.open) openBrowser(page);
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/** `trail serve --team`: the team server over PostgreSQL (or PGlite in $TRAIL_HOME/team), until stopped. */
async function serveTeam(port: number, options: ServeCommandOptions): Promise<number> {
  const [{ openTeamDatabase, pgliteDataDir }, { teamParts }, { serverHost }] = await Promise.all([import('../../team/db.js'), import('../../server/team/index.js'), import('../../server/host.js')]);
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  const database = await openTeamDatabase({ url, dataDir: pgliteDataDir(trailHome()) });
  const team = teamParts({ database, mirror: join(trailHome(), 'team', 'mirror'), host: serverHost(), secureCookies: Boolean(options.secureCookies) });
  const server = await startServer({ library: team.library, team, host: options.host, port, allowRemote: true, env: process.env });
  const c = colours();
  printLines(
    `${c.bold('Trailguide team server')} is running at ${c.cyan(server.url)}`,
    c.dim(`Database: ${database.kind === 'pglite' ? `embedded PGlite in ${database.where}` : database.where}${database.migrated.length > 0 ? ` (migrated: ${database.migrated.join(', ')})` : ''}.`),
    c.dim('Add people with `trail team user add <email> --role learner|mentor|admin`. Press Ctrl-C to stop.'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await database.close();
  return 0;
}

/**
 * Opens the app in the learner's browser: $BROWSER if set, else the system's opener. Where there is
 * none (a server, a container) nothing happens; the address is printed anyway.
 */
function openBrowser(url: string): void {
  const opener = process.env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  try {
    spawn(opener, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // No opener: the printed address is enough.
  }
}
