import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { homeLibrary, workspaceLibrary } from '../../server/library.js';
import { startServer } from '../../server/serve.js';
import { join } from 'node:path';
import { builtinTrackIds } from '../../workspace/builtin.js';
import { findWorkspace } from '../../workspace/workspace.js';
import { colours, printLines } from '../output.js';
import { trailHome } from './start.js';
import { TrailError } from '../../core/errors.js';
import { command } from '../command.js';
import type { Cli } from '../context.js';

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

/** `trail serve`. */
export const serveCommand = command({
  name: 'serve',
  description: 'serve the web app and the JSON API (http://127.0.0.1:4317): your home of tracks, or one workspace',
  options: [
    { flags: '--port <n>', description: 'port to listen on', default: '4317' },
    { flags: '--host <address>', description: 'address to listen on (loopback unless --allow-remote)', default: '127.0.0.1' },
    { flags: '--allow-remote', description: 'allow an address other machines can reach' },
    { flags: '--home', description: 'serve $TRAIL_HOME even inside a workspace' },
    { flags: '--open', description: 'open the app in your browser ($BROWSER, or the system opener)' },
    { flags: '-t, --track <id>', description: 'follow this built-in track in your home (if not yet) and open it' },
    {
      flags: '--team',
      description: "team mode: accounts, cohorts and each learner's tracks in PostgreSQL (embedded PGlite in $TRAIL_HOME/team without a database URL)",
    },
    { flags: '--database-url <url>', description: 'with --team: the PostgreSQL server (default: $DATABASE_URL)' },
    { flags: '--secure-cookies', description: 'with --team: mark the session cookie Secure (served over HTTPS through a TLS proxy)' },
  ],
  action: (cli, options: ServeCommandOptions) => serve(cli, options),
});

/**
 * `trail serve`: the web app and the JSON API. In a workspace (or with --workspace) it serves that
 * workspace; elsewhere, or with --home, the learner's home ($TRAIL_HOME) with a workspace per track.
 */
export async function serve(cli: Cli, options: ServeCommandOptions): Promise<number> {
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65_535)
    throw new TrailError('USAGE', `"${options.port}" is not a port`, 'give a number from 0 to 65535, e.g. --port 4317');
  if (options.team) return serveTeam(cli, port, options);
  const workspace = options.home || options.track ? undefined : cli.workspaceOption !== undefined ? cli.where : findWorkspace(cli.cwd);
  const library = workspace ? await workspaceLibrary(workspace) : homeLibrary(trailHome(cli.env));
  let followed: boolean | undefined;
  if (options.track) {
    if (!builtinTrackIds().includes(options.track))
      throw new TrailError('TRACK_NOT_FOUND', `no built-in track "${options.track}"`, `built-in tracks: ${builtinTrackIds().join(', ')}`);
    followed = await library.follow(options.track);
  }
  const server = await startServer({ library, host: options.host, port, allowRemote: Boolean(options.allowRemote), env: cli.env });
  const c = colours(cli);
  const page = options.track ? `${server.url}t/${options.track}` : server.url;
  printLines(
    cli,
    `${c.bold('Trailguide')} is running at ${c.cyan(server.url)}`,
    ...(options.track
      ? [`${followed ? 'Now following' : 'Following'} ${options.track}: ${c.cyan(page)} (its files: ${join(trailHome(cli.env), options.track)})`]
      : []),
    c.dim(
      workspace
        ? `Serving the workspace ${library.followed()[0]} (${workspace}).`
        : `Your workspaces live in ${trailHome(cli.env)} (set $TRAIL_HOME to move them).`,
    ),
    c.dim('Press Ctrl-C to stop.'),
  );
  if (options.open) openBrowser(cli, page);
  await cli.stopRequested();
  await server.close();
  return 0;
}

/** `trail serve --team`: the team server over PostgreSQL (or PGlite in $TRAIL_HOME/team), until stopped. */
async function serveTeam(cli: Cli, port: number, options: ServeCommandOptions): Promise<number> {
  const [{ openTeamDatabase, pgliteDataDir }, { teamParts }, { cliHost }, { openTeamChecks }] = await Promise.all([
    import('../../team/db.js'),
    import('../../server/team/index.js'),
    import('../host.js'),
    import('../../team/checks/service.js'),
  ]);
  const url = options.databaseUrl ?? cli.env.DATABASE_URL;
  const home = trailHome(cli.env);
  const database = await openTeamDatabase({ url, dataDir: pgliteDataDir(home) });
  // In team mode a check counts only when the team's workers ran it (docs/team.md). A learner's
  // file left out is theirs to hear of, not the server's console (docs/api.md).
  const { warn: _learnersOwn, ...personal } = cliHost(cli);
  const host = { ...personal, verifiedChecksOnly: true };
  const checks = await openTeamChecks(database, { url, tmpDir: tmpdir(), env: cli.env, clock: host.clock, log: (line) => cli.stderr.write(`${line}\n`) });
  const team = teamParts({ database, mirror: join(home, 'team', 'mirror'), host, secureCookies: Boolean(options.secureCookies), checks });
  const server = await startServer({ library: team.library, team, host: options.host, port, allowRemote: true, env: cli.env });
  const c = colours(cli);
  printLines(
    cli,
    `${c.bold('Trailguide team server')} is running at ${c.cyan(server.url)}`,
    c.dim(
      `Database: ${database.kind === 'pglite' ? `embedded PGlite in ${database.where}` : database.where}${database.migrated.length > 0 ? ` (migrated: ${database.migrated.join(', ')})` : ''}.`,
    ),
    c.dim(
      checks.runBy === 'workers'
        ? 'Checks are run by workers: start `trail team worker` (same DATABASE_URL) on one or more machines.'
        : 'Checks are run by this server (the embedded database has no workers).',
    ),
    c.dim('Add people with `trail team user add <email> --role learner|mentor|admin`. Press Ctrl-C to stop.'),
  );
  await cli.stopRequested();
  await server.close();
  await checks.close();
  await database.close();
  return 0;
}

/**
 * Opens the app in the learner's browser: $BROWSER if set, else the system's opener. Where there is
 * none (a server, a container) nothing happens; the address is printed anyway.
 */
function openBrowser(cli: Cli, url: string): void {
  const opener = cli.env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  try {
    spawn(opener, [url], { detached: true, stdio: 'ignore' })
      .on('error', () => undefined)
      .unref();
  } catch {
    // No opener: the printed address is enough.
  }
}
