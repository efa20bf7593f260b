import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TrailError } from '../../core/errors.js';
import type { Role } from '../../team/accounts.js';
import { printJson, printLines } from '../output.js';
import { trailHome } from './start.js';

/** Options every `trail team` command that opens the database takes. */
export interface TeamDbOptions {
  databaseUrl?: string;
  json?: boolean;
}

// The database the server uses: $DATABASE_URL / --database-url, else the embedded one in $TRAIL_HOME/team.
async function withDatabase<T>(options: TeamDbOptions, work: (db: import('../../team/db.js').TeamDatabase) => Promise<T>): Promise<T> {
  const { openTeamDatabase, pgliteDataDir } = await import('../../team/db.js');
  const database = await openTeamDatabase({ url: options.databaseUrl ?? process.env.DATABASE_URL, dataDir: pgliteDataDir(trailHome()) });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const byCli = () => ({ email: `cli:${process.env.USER ?? 'unknown'}` });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** `trail team user add <email> --role <role> [--password-stdin]`: adds an account, or changes its role or password. */
export async function teamUserAdd(email: string, options: TeamDbOptions & { role: string; passwordStdin?: boolean }): Promise<number> {
  const { addUser, ROLES } = await import('../../team/accounts.js');
  if (!ROLES.includes(options.role as Role)) throw new TrailError('USAGE', `"${options.role}" is not a role`, `--role ${ROLES.join('|')}`);
  const password = options.passwordStdin ? await readStdin() : undefined;
  const result = await withDatabase(options, (database) => addUser(database.db, { email, role: options.role as Role, password }, byCli()));
  if (options.json) printJson({ user: { email: result.user.email, role: result.user.role }, created: result.created, roleChanged: result.roleChanged, passwordSet: password !== undefined });
  else printLines(`${result.created ? 'Added' : result.roleChanged ? 'Changed the role of' : 'Kept'} ${result.user.email} (${result.user.role})${password !== undefined ? ', password set' : result.created ? '; no password yet (set one with --password-stdin)' : ''}.`);
  return 0;
}

/** `trail team cohort add <name> --track <id>`. */
export async function teamCohortAdd(name: string, options: TeamDbOptions & { track: string }): Promise<number> {
  const [{ addCohort }, { cohortTrack }, { builtinTrackIds }] = await Promise.all([import('../../team/accounts.js'), import('../../team/cohorts.js'), import('../../workspace/builtin.js')]);
  // A built-in track by id, or a track folder by path (kept absolute: the server loads it from there).
  const ref = builtinTrackIds().includes(options.track) ? options.track : resolve(options.track);
  const track = await cohortTrack(ref);
  const { created } = await withDatabase(options, (database) => addCohort(database.db, { name, track: ref }, byCli()));
  if (options.json) printJson({ cohort: { name, track: track.id, source: ref }, created });
  else printLines(`${created ? 'Added' : 'Updated'} the cohort ${name} on ${track.id}${ref !== track.id ? ` (${ref})` : ''}.`);
  return 0;
}

/** `trail team enroll <cohort> <email> [--mentor]`. */
export async function teamEnroll(cohort: string, email: string, options: TeamDbOptions & { mentor?: boolean }): Promise<number> {
  const { enroll } = await import('../../team/accounts.js');
  const role = options.mentor ? 'mentor' : 'learner';
  const { created } = await withDatabase(options, (database) => enroll(database.db, { cohort, email, role }, byCli()));
  if (options.json) printJson({ cohort, email: email.trim().toLowerCase(), as: role, created });
  else printLines(created ? `Enrolled ${email} in ${cohort} as ${role === 'mentor' ? 'a mentor' : 'a learner'}.` : `${email} was already in ${cohort} as ${role === 'mentor' ? 'a mentor' : 'a learner'}.`);
  return 0;
}

/** Where the CLI keeps its team tokens: the user's config folder, never a workspace. */
export function teamConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'trailguide', 'team.json');
}

/** What `trail team login` keeps: a token per server, and the last server signed in to. */
export interface TeamConfig {
  server?: string;
  tokens: Record<string, { token: string; email: string }>;
}

/** The CLI's team config (empty when there is none yet). */
export function readTeamConfig(path = teamConfigPath()): TeamConfig {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<TeamConfig>;
    return { ...(typeof data.server === 'string' ? { server: data.server } : {}), tokens: data.tokens && typeof data.tokens === 'object' ? data.tokens : {} };
  } catch {
    return { tokens: {} };
  }
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
export async function teamLogin(url: string, options: { email?: string; passwordStdin?: boolean; json?: boolean }): Promise<number> {
  const server = serverKey(url);
  const { ask } = await import('./prompt.js');
  const email = options.email ?? (await ask('Email: '));
  if (!email) throw new TrailError('USAGE', 'no email given', 'pass --email <email>');
  // Asked without echo on a terminal; without one, only --password-stdin gives it.
  const password = options.passwordStdin ? await readStdin() : process.stdin.isTTY ? await (await import('@inquirer/prompts')).password({ message: 'Password', mask: true }) : undefined;
  if (!password) throw new TrailError('USAGE', 'no password given', 'pass it on stdin with --password-stdin');
  let response: Response;
  try {
    response = await fetch(`${server}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, label: `trail CLI on ${process.env.HOSTNAME ?? 'this machine'}` }) });
  } catch (error) {
    throw new TrailError('TEAM_UNREACHABLE', `cannot reach ${server}: ${(error as Error).message}`, 'check the address and that the team server runs');
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { code: string; message: string; hint?: string } };
  if (!response.ok || !body.token) {
    const code = body.error?.code === 'LOGIN_LIMITED' ? 'LOGIN_LIMITED' : 'LOGIN_FAILED';
    throw new TrailError(code, `${server} refused the sign-in: ${body.error?.message ?? response.status}`, body.error?.hint ?? 'check the email and password');
  }
  const path = teamConfigPath();
  const config = readTeamConfig(path);
  config.tokens[server] = { token: body.token, email: email.trim().toLowerCase() };
  config.server = server;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Readable by its owner only, from the first byte: it signs in as them.
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  if (options.json) printJson({ server, email: config.tokens[server].email, config: path });
  else printLines(`Signed in to ${server} as ${config.tokens[server].email}; the token is kept in ${path}.`, '`trail sync` in a workspace now sends your work there and brings back what the team adds.');
  return 0;
}
