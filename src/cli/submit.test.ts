import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';
import { PASSWORD } from '../test-support/team-server.js';

const tmp = useTmpDir();
const serve = useServer();
const NODE = 'math-foundations';

describe('trail check --submit: the team server runs a check on the node folder, and the verified run comes back', () => {
  it('fails on the starter, passes on a solution, refuses a locked node, and keeps the verified runs in the workspace', { timeout: 120_000 }, async () => {
    const home = tmp();
    // No database address: the embedded database, whose server runs the checks itself.
    const env = { TRAIL_HOME: join(home, 'trail'), XDG_CONFIG_HOME: join(home, 'config') };
    expect((await trail(['team', 'user', 'add', 'lea@example.org', '--role', 'learner', '--password-stdin'], { env, input: PASSWORD })).code).toBe(0);
    const { url } = await serve(['--team'], env);
    const server = url.replace(/\/$/, '');
    const ws = join(home, 'ws');
    expect((await trail(['init', ws, '--track', 'learning-path'], { env })).code).toBe(0);
    const options = { cwd: ws, env };

    const unsigned = await trail(['check', NODE, '--submit'], options);
    expect([unsigned.code, unsigned.stderr]).toEqual([5, expect.stringContaining('trail team login')]);
    expect((await trail(['team', 'login', server, '--email', 'lea@example.org', '--password-stdin'], { env, input: PASSWORD })).code).toBe(0);
    const stray = await trail(['check', NODE, '--server', server], options);
    expect([stray.code, stray.stderr]).toEqual([2, expect.stringContaining('--server goes with --submit')]);

    // The starter: the worker runs the tests on it, and they fail.
    const starter = await trail(['check', NODE, '--criterion', 'core', '--submit'], options);
    expect(starter.code, starter.stderr).toBe(1);
    expect(starter.stdout).toMatch(/✗ fail core: .*\n(.|\n)*result: verified by .+ on http:\/\/127\.0\.0\.1:\d+ \(job \w+\)/);
    expect(starter.stdout).toContain(`${NODE} is in progress on your workspace`);

    copyFileSync(join(ROOT, 'tracks/learning-path/01-math-foundations/solution/exercise.py'), join(ws, '01-math-foundations/exercise.py'));
    const solved = await trailJson(['check', NODE, '--criterion', 'core', '--submit'], options);
    expect(solved).toMatchObject({ $code: 0, node: NODE, server, runs: [{ criterion: 'core', result: { status: 'pass' } }] });
    // The verified run is an event of the workspace now, marked so; the learner's own runs never are.
    const events = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { verb: string; result?: { provenance?: string; status?: string } });
    expect(events.filter((event) => event.verb === 'checked').map((event) => [event.result?.status, event.result?.provenance])).toEqual([
      ['fail', 'verified'],
      ['pass', 'verified'],
    ]);

    // The verified runs are the workspace's runs too, each with what it came to.
    const runs = await trailJson<{ runs: Array<{ id: string; status: string }> }>(['runs'], options);
    expect(runs.runs.map((run) => run.status)).toEqual(['fail', 'pass']);
    const failed = await trailJson<{ result: { status: string; tests: Array<{ status: string }> }; verified: unknown }>(
      ['runs', 'show', runs.runs[0]!.id],
      options,
    );
    expect(failed.result.status).toBe('fail');
    expect(failed.result.tests.some((test) => test.status === 'fail')).toBe(true);
    expect(failed.verified).toEqual({ worker: expect.any(String), job: expect.any(String) });
    // Said as verified, by whom, where a run of this machine says measured.
    const shown = await trail(['runs', 'show', runs.runs[0]!.id], options);
    expect(shown.stdout).toMatch(/check {5}core: fail \(verified by .+, job \w+\)/);
    // Synced again, nothing comes twice.
    expect(await trailJson(['sync'], options)).toMatchObject({ $code: 0, pulled: { added: 0 }, runs: { pulled: 0 } });

    const locked = await trail(['check', 'ml-fundamentals', '--submit'], options);
    expect([locked.code, locked.stderr]).toEqual([5, expect.stringContaining('is locked')]);
  });
});
