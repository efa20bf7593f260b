import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trail, trailJson, useTmpDir } from '../test-support/cli.js';
import { usePostgres } from '../test-support/postgres.js';
import { useServer } from '../test-support/server.js';
import { PASSWORD, signInCookie } from '../test-support/team-server.js';
import type { StatusJson, SyncJson, TeamLoginJson } from '../test-support/cli-json.js';

const postgres = usePostgres();

const eventIds = (root: string) =>
  readFileSync(join(root, '.trail/events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { id: string }).id);

describe('trail team and trail sync against `trail serve --team` on PostgreSQL', () => {
  const tmp = useTmpDir();
  const serve = useServer();

  it('adds people, a cohort and an enrollment; a personal workspace syncs both ways by event id, twice, nothing lost or doubled', async () => {
    const home = tmp();
    const env = { DATABASE_URL: await postgres().createDatabase(), TRAIL_HOME: join(home, 'trail'), XDG_CONFIG_HOME: join(home, 'config') };
    const added = await trailJson(['team', 'user', 'add', 'Lea@Example.org', '--role', 'mentor', '--password-stdin'], { env, input: `${PASSWORD}\n` });
    expect(added).toMatchObject({ $code: 0, user: { email: 'lea@example.org', role: 'mentor' }, created: true, passwordSet: true });
    expect(await trailJson(['team', 'user', 'add', 'lea@example.org', '--role', 'learner'], { env })).toMatchObject({ created: false, roleChanged: true });
    expect((await trail(['team', 'user', 'add', 'lea@example.org', '--role', 'owner'], { env })).code).toBe(2);
    expect(await trailJson(['team', 'cohort', 'add', 'alpha', '--track', 'learning-path'], { env })).toMatchObject({ $code: 0, created: true });
    expect(await trailJson(['team', 'enroll', 'alpha', 'lea@example.org'], { env })).toMatchObject({ $code: 0, as: 'learner', created: true });
    const missing = await trail(['team', 'enroll', 'omega', 'lea@example.org'], { env });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no cohort "omega"');

    const { url } = await serve(['--team'], env);
    const server = url.replace(/\/$/, '');
    expect((await fetch(`${server}/api/tracks`)).status).toBe(401);

    // Offline work in a personal workspace.
    const ws = join(home, 'ws');
    expect((await trail(['init', ws, '--track', 'learning-path'], { env })).code).toBe(0);
    expect((await trail(['practice', 'on'], { cwd: ws, env })).code).toBe(0);
    const before = eventIds(ws);
    expect((await trail(['sync'], { cwd: ws, env })).stderr).toContain('trail team login');

    const login = await trailJson<TeamLoginJson>(['team', 'login', server, '--email', 'lea@example.org', '--password-stdin'], { env, input: PASSWORD });
    expect(login).toMatchObject({ $code: 0, server, email: 'lea@example.org' });
    // The token lives in the user's config folder, readable by them only, never in the workspace.
    const config = join(env.XDG_CONFIG_HOME, 'trailguide', 'team.json');
    expect(login.config).toBe(config);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const token = (JSON.parse(readFileSync(config, 'utf8')) as { tokens: Record<string, { token: string }> }).tokens[server]!.token;
    expect(token).toMatch(/^trail_/);

    const first = await trailJson<SyncJson>(['sync'], { cwd: ws, env });
    expect(first).toMatchObject({ $code: 0, track: 'learning-path', pushed: { added: before.length, skipped: 0 } });

    // On the server, in the web app, the learner turns practice off: an event the workspace lacks.
    const cookie = await signInCookie(server, 'lea@example.org');
    const off = await fetch(`${server}/api/tracks/learning-path/practice`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ on: false }),
    });
    expect(off.status).toBe(200);

    const second = await trailJson<SyncJson>(['sync'], { cwd: ws, env });
    expect(second.pulled.added).toBe(1);
    expect(second.pushed.added).toBe(0);
    const third = await trailJson<SyncJson>(['sync'], { cwd: ws, env });
    expect([third.pushed.added, third.pulled.added]).toEqual([0, 0]);
    const after = eventIds(ws);
    expect(after).toHaveLength(before.length + 1);
    expect(new Set(after).size).toBe(after.length);
    expect(await trailJson<StatusJson>(['status'], { cwd: ws, env })).toMatchObject({ practice: false });
    for (const file of ['.trail/events.jsonl', '.trail/sync.json']) expect(readFileSync(join(ws, file), 'utf8')).not.toContain(token);

    // The server holds the same events, each once.
    const page = (await (await fetch(`${server}/api/team/sync/learning-path/events`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      events: Array<{ id: string }>;
    };
    expect(page.events.map((event) => event.id).sort()).toEqual([...after].sort());

    // A sync state that cannot be read: the sync starts from the first event, says so, and doubles nothing.
    const state = join(ws, '.trail/sync.json');
    const damages: Array<[string, string]> = [
      ['{"servers": "x"}', '"servers" must be an object, not a string ("x")'],
      [JSON.stringify({ servers: { [server]: { pushed: 5 } } }), `"servers.${server}.pushed" must be a string, not a number (5)`],
      ['{"servers": {', 'is not valid JSON'],
    ];
    for (const [text, reason] of damages) {
      writeFileSync(state, text);
      const run = await trail(['sync', '--json'], { cwd: ws, env });
      expect([reason, run.code]).toEqual([reason, 0]);
      expect(run.stderr).toBe(`warning: .trail/sync.json: ${reason}; this sync starts from the first event (nothing is doubled: events are matched by id)\n`);
      expect(JSON.parse(run.stdout)).toMatchObject({ pushed: { added: 0, skipped: after.length }, pulled: { added: 0, skipped: after.length } });
      expect(eventIds(ws)).toEqual(after);
      expect(JSON.parse(readFileSync(state, 'utf8')).servers[server]).toMatchObject({ pushed: expect.any(String), pulled: expect.any(String) });
    }
  });

  it('without a database URL keeps the team in an embedded database under $TRAIL_HOME/team, held by one process at a time', async () => {
    const home = tmp();
    const env = { TRAIL_HOME: join(home, 'trail'), XDG_CONFIG_HOME: join(home, 'config'), DATABASE_URL: '' };
    expect((await trail(['team', 'user', 'add', 'lea@example.org', '--role', 'learner', '--password-stdin'], { env, input: PASSWORD })).code).toBe(0);
    expect(existsSync(join(home, 'trail', 'team', 'pgdata', 'PG_VERSION'))).toBe(true);
    const { url, output } = await serve(['--team', '--secure-cookies'], env);
    expect(output()).toContain('embedded PGlite');
    const refused = await trail(['team', 'user', 'add', 'mia@example.org', '--role', 'mentor'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the embedded team database is in use by process');

    const login = (password: string) =>
      fetch(`${url}api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lea@example.org', password }),
      });
    const ok = await login(PASSWORD);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: { email: 'lea@example.org', role: 'learner' } });
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^trail_session=[\w-]{43};/);
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Secure', 'Path=/']) expect(cookie).toContain(attribute);
    const me = await fetch(`${url}api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toEqual({ user: { email: 'lea@example.org', role: 'learner' }, cohorts: [] });
    // Five wrong passwords, then even the right one is refused for a while.
    for (let i = 0; i < 5; i++) expect((await login(`wrong ${i}`)).status).toBe(401);
    const limited = await login(PASSWORD);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('LOGIN_LIMITED');
  });
});
