import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { writeFileAtomic } from '../../store/safe-files.js';
import type { Role } from '../../team/accounts.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli, CliEnv } from '../context.js';
import { printJson, printLines } from '../output.js';
import { trailHome } from './start.js';

const DATABASE_URL = {
  flags: '--database-url <url>',
  description: 'the PostgreSQL server (default: $DATABASE_URL; without one, the embedded database in $TRAIL_HOME/team)',
};

/** `trail team user add | cohort add | enroll | login`. */
export const teamCommand = command({
  name: 'team',
  description:
    'team mode: accounts, cohorts and enrollments (in the database `trail serve --team` uses), signing the CLI in to a team server, and the check workers',
  subcommands: [
    command({
      name: 'user',
      description: 'people of the team',
      subcommands: [
        command({
          name: 'add',
          description: 'add an account, or change its role (or, with --password-stdin, its password)',
          arguments: [{ name: '<email>', description: 'their email address' }],
          options: [
            { flags: '--role <role>', description: 'learner, mentor or admin', required: true },
            { flags: '--password-stdin', description: 'read the password from stdin' },
            DATABASE_URL,
            JSON_OPTION,
          ],
          action: (cli, email: string, options: TeamDbOptions & { role: string; passwordStdin?: boolean }) => teamUserAdd(cli, email, options),
        }),
      ],
    }),
    command({
      name: 'cohort',
      description: 'cohorts: a group of learners following one track, with their mentors',
      subcommands: [
        command({
          name: 'add',
          description: 'add a cohort following a built-in track (or a track folder)',
          arguments: [{ name: '<name>', description: 'the cohort name' }],
          options: [{ flags: '--track <id>', description: 'the track it follows', required: true }, DATABASE_URL, JSON_OPTION],
          action: (cli, name: string, options: TeamDbOptions & { track: string }) => teamCohortAdd(cli, name, options),
        }),
      ],
    }),
    command({
      name: 'enroll',
      description: 'enroll a person in a cohort, as a learner or (--mentor) as its mentor',
      arguments: [
        { name: '<cohort>', description: 'the cohort name' },
        { name: '<email>', description: 'their email address' },
      ],
      options: [{ flags: '--mentor', description: 'as a mentor of the cohort' }, DATABASE_URL, JSON_OPTION],
      action: (cli, cohort: string, email: string, options: TeamDbOptions & { mentor?: boolean }) => teamEnroll(cli, cohort, email, options),
    }),
    command({
      name: 'worker',
      description: "run learners' checks from the team database in the sandbox, until SIGTERM (any number, on any machines)",
      options: [
        { flags: '--database-url <url>', description: "the team's PostgreSQL database (default: $DATABASE_URL)" },
        { flags: '--concurrency <n>', description: 'checks run at once by this worker', default: '1' },
        { flags: '--poll-interval <ms>', description: 'how often to look for retried jobs, in milliseconds', default: '2000' },
        { flags: '--recover-interval <ms>', description: 'how often to look for workers that are gone, in milliseconds', default: '5000' },
      ],
      action: async (cli, options: import('./team-worker.js').TeamWorkerOptions) => (await import('./team-worker.js')).teamWorker(cli, options),
    }),
    command({
      name: 'dead-jobs',
      description: 'list the check jobs given up after their last attempt, and why',
      options: [{ flags: '--database-url <url>', description: "the team's PostgreSQL database (default: $DATABASE_URL)" }, JSON_OPTION],
      action: async (cli, options: { databaseUrl?: string; json?: boolean }) => (await import('./team-worker.js')).teamDeadJobs(cli, options),
    }),
    command({
      name: 'login',
      description: 'sign the CLI in to a team server: an API token kept in your config folder ($XDG_CONFIG_HOME/trailguide), never in a workspace',
      arguments: [{ name: '<url>', description: 'the team server' }],
      options: [
        { flags: '--email <email>', description: 'your account (asked when not given)' },
        { flags: '--password-stdin', description: 'read the password from stdin' },
        JSON_OPTION,
      ],
      action: (cli, url: string, options: { email?: string; passwordStdin?: boolean; json?: boolean }) => teamLogin(cli, url, options),
    }),
  ],
});

/** Options every `trail team` command that opens the database takes. */
export interface TeamDbOptions {
  databaseUrl?: string;
  json?: boolean;
}

// The database the server uses: $DATABASE_URL / --database-url, else the embedded one in $TRAIL_HOME/team.
async function withDatabase<T>(cli: Cli, options: TeamDbOptions, work: (db: import('../../team/db.js').TeamDatabase) => Promise<T>): Promise<T> {
  const { openTeamDatabase, pgliteDataDir } = await import('../../team/db.js');
  const database = await openTeamDatabase({ url: options.databaseUrl ?? cli.env.DATABASE_URL, dataDir: pgliteDataDir(trailHome(cli.env)) });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const byCli = (cli: Cli) => ({ email: `cli:${cli.env.USER ?? 'unknown'}` });

async function readStdin(cli: Cli): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of cli.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `trail team user add <email> --role <role> [--password-stdin]`: adds an account, or changes its role or password. */
export async function teamUserAdd(cli: Cli, email: string, options: TeamDbOptions & { role: string; passwordStdin?: boolean }): Promise<number> {
  const { addUser, ROLES } = await import('../../team/accounts.js');
  if (!ROLES.includes(options.role as Role)) throw new TrailError('USAGE', `"${options.role}" is not a role`, `--role ${ROLES.join('|')}`);
  const password = options.passwordStdin ? await readStdin(cli) : undefined;
  const result = await withDatabase(cli, options, (database) => addUser(database.db, { email, role: options.role as Role, password }, byCli(cli)));
  if (options.json)
    printJson(cli, {
      user: { email: result.user.email, role: result.user.role },
      created: result.created,
      roleChanged: result.roleChanged,
      passwordSet: password !== undefined,
    });
  else
    printLines(
      cli,
      `${result.created ? 'Added' : result.roleChanged ? 'Changed the role of' : 'Kept'} ${result.user.email} (${result.user.role})${password !== undefined ? ', password set' : result.created ? '; no password yet (set one with --password-stdin)' : ''}.`,
    );
  return 0;
}

/** `trail team cohort add <name> --track <id>`. */
export async function teamCohortAdd(cli: Cli, name: string, options: TeamDbOptions & { track: string }): Promise<number> {
  const [{ addCohort }, { cohortTrack }, { builtinTrackIds }] = await Promise.all([
    import('../../team/accounts.js'),
    import('../../team/cohorts.js'),
    import('../../workspace/builtin.js'),
  ]);
  // A built-in track by id, or a track folder by path (kept absolute: the server loads it from there).
  const ref = builtinTrackIds().includes(options.track) ? options.track : cli.path(options.track);
  const track = await cohortTrack(ref);
  const { created } = await withDatabase(cli, options, (database) => addCohort(database.db, { name, track: ref }, byCli(cli)));
  if (options.json) printJson(cli, { cohort: { name, track: track.id, source: ref }, created });
  else printLines(cli, `${created ? 'Added' : 'Updated'} the cohort ${name} on ${track.id}${ref !== track.id ? ` (${ref})` : ''}.`);
  return 0;
}

/** `trail team enroll <cohort> <email> [--mentor]`. */
export async function teamEnroll(cli: Cli, cohort: string, email: string, options: TeamDbOptions & { mentor?: boolean }): Promise<number> {
  const { enroll } = await import('../../team/accounts.js');
  const role = options.mentor ? 'mentor' : 'learner';
  const { created } = await withDatabase(cli, options, (database) => enroll(database.db, { cohort, email, role }, byCli(cli)));
  if (options.json) printJson(cli, { cohort, email: email.trim().toLowerCase(), as: role, created });
  else
    printLines(
      cli,
      created
        ? `Enrolled ${email} in ${cohort} as ${role === 'mentor' ? 'a mentor' : 'a learner'}.`
        : `${email} was already in ${cohort} as ${role === 'mentor' ? 'a mentor' : 'a learner'}.`,
    );
  return 0;
}

/** Where the CLI keeps its team tokens: the user's config folder, never a workspace. */
export function teamConfigPath(env: CliEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'trailguide', 'team.json');
}

/** What `trail team login` keeps: a token per server, and the last server signed in to. */
export interface TeamConfig {
  server?: string;
  tokens: Record<string, { token: string; email: string }>;
}

/** The CLI's team config (empty when there is none yet). */
export function readTeamConfig(path: string): TeamConfig {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<TeamConfig>;
    return { ...(typeof data.server === 'string' ? { server: data.server } : {}), tokens: data.tokens && typeof data.tokens === 'object' ? data.tokens : {} };
  } catch {
    return { tokens: {} };
  }
}

/** The team server to talk to (the one given, else the last signed in to) and the token kept for it; NOT_SIGNED_IN without one. */
export function teamCredential(cli: Cli, server: string | undefined): { server: string; token: string; email: string } {
  const config = readTeamConfig(teamConfigPath(cli.env));
  const key = server ? serverKey(server) : config.server;
  const credential = key ? config.tokens[key] : undefined;
  if (!key || !credential)
    throw new TrailError(
      'NOT_SIGNED_IN',
      key ? `you are not signed in to ${key}` : 'no team server: you have not signed in to one',
      `sign in first: \`trail team login ${key ?? '<url>'}\``,
    );
  return { server: key, ...credential };
}

/** A server's address as tokens are keyed: its origin. */
export function serverKey(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new TrailError('USAGE', `"${url}" is not a server address`, 'give it as https://trail.example.org');
  }
}

/** `trail team login <url> --email <email>` (password on stdin or asked): keeps an API token in the user's config. */
export async function teamLogin(cli: Cli, url: string, options: { email?: string; passwordStdin?: boolean; json?: boolean }): Promise<number> {
  const server = serverKey(url);
  const { ask } = await import('./prompt.js');
  const email = options.email ?? (await ask(cli, 'Email: '));
  if (!email) throw new TrailError('USAGE', 'no email given', 'pass --email <email>');
  // Asked without echo on a terminal; without one, only --password-stdin gives it.
  const password = options.passwordStdin
    ? await readStdin(cli)
    : cli.stdin.isTTY
      ? await (await import('@inquirer/prompts')).password(
          { message: 'Password', mask: true },
          { input: cli.stdin, output: cli.stderr as NodeJS.WritableStream },
        )
      : undefined;
  if (!password) throw new TrailError('USAGE', 'no password given', 'pass it on stdin with --password-stdin');
  let response: Response;
  try {
    response = await fetch(`${server}/api/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, label: `trail CLI on ${cli.env.HOSTNAME ?? 'this machine'}` }),
    });
  } catch (error) {
    throw new TrailError('TEAM_UNREACHABLE', `cannot reach ${server}: ${(error as Error).message}`, 'check the address and that the team server runs');
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { code: string; message: string; hint?: string } };
  if (!response.ok || !body.token) {
    const code = body.error?.code === 'LOGIN_LIMITED' ? 'LOGIN_LIMITED' : 'LOGIN_FAILED';
    throw new TrailError(code, `${server} refused the sign-in: ${body.error?.message ?? response.status}`, body.error?.hint ?? 'check the email and password');
  }
  const path = teamConfigPath(cli.env);
  const config = readTeamConfig(path);
  config.tokens[server] = { token: body.token, email: email.trim().toLowerCase() };
  config.server = server;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Readable by its owner only, from the first byte: it signs in as them. Written whole: a crash,
  // or another sign-in at the same moment, never leaves half a file that no command can read.
  writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  if (options.json) printJson(cli, { server, email: config.tokens[server].email, config: path });
  else
    printLines(
      cli,
      `Signed in to ${server} as ${config.tokens[server].email}; the token is kept in ${path}.`,
      '`trail sync` in a workspace now sends your work there and brings back what the team adds.',
    );
  return 0;
}
