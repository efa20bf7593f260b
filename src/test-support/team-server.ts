import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { serverHost } from '../server/host.js';
import { teamParts } from '../server/team/index.js';
import type { Role } from '../team/accounts.js';
import { addCohort, addUser, enroll } from '../team/accounts.js';
import { openTeamChecks } from '../team/checks/service.js';
import { openTeamDatabase, type TeamDatabase } from '../team/db.js';

/** A team server started in this process on a real port of 127.0.0.1. */
export interface TeamServer {
  url: string;
  database: TeamDatabase;
  /** The folder of the server's working copies. */
  mirror: string;
  /** The /api routes the app declares (middleware left out), as `METHOD path`. */
  routes: string[];
  close(): Promise<void>;
}

/** Starts the team app (the same one `trail serve --team` serves) over the database at `databaseUrl`. */
export async function startTeamServer(databaseUrl: string): Promise<TeamServer> {
  const database = await openTeamDatabase({ url: databaseUrl, poolSize: 4 });
  const mirror = mkdtempSync(join(tmpdir(), 'trail-mirror-'));
  const host = { ...serverHost(), verifiedChecksOnly: true };
  const checks = await openTeamChecks(database, { url: databaseUrl, tmpDir: tmpdir(), env: process.env, clock: host.clock });
  const team = teamParts({ database, mirror, host, secureCookies: false, checks });
  const app = createApp({ library: team.library, team });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server, port: info.port }));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    mirror,
    routes: [
      ...new Set(app.routes.filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/')).map((route) => `${route.method} ${route.path}`)),
    ].sort(),
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await checks.close();
      await database.close();
      rmSync(mirror, { recursive: true, force: true });
    },
  };
}

/** The password every test account gets. */
export const PASSWORD = 'correct horse battery';

/** Adds accounts, cohorts and enrollments as an admin would with `trail team`. */
export async function seedTeam(
  database: TeamDatabase,
  plan: { users: Array<{ email: string; role: Role }>; cohorts: Array<{ name: string; track: string; learners: string[]; mentors: string[] }> },
): Promise<void> {
  const admin = { email: 'test-setup' };
  for (const user of plan.users) await addUser(database.db, { ...user, password: PASSWORD }, admin);
  for (const cohort of plan.cohorts) {
    await addCohort(database.db, { name: cohort.name, track: cohort.track }, admin);
    for (const email of cohort.learners) await enroll(database.db, { cohort: cohort.name, email, role: 'learner' }, admin);
    for (const email of cohort.mentors) await enroll(database.db, { cohort: cohort.name, email, role: 'mentor' }, admin);
  }
}

/** Signs in over HTTP and returns the session cookie (`name=value`). */
export async function signInCookie(url: string, email: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}
