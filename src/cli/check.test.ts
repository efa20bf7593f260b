import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overview, ROOT, TRAIL, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { CheckJson, TestTrackJson } from '../test-support/cli-json.js';
import { needs, platform } from '../test-support/processes.js';

const tmp = useTmpDir();
const FIXTURE = join(ROOT, 'src/runner/fixtures/verify-track');

async function workspace(track = FIXTURE): Promise<string> {
  const dir = tmp();
  const init = await trail(['init', dir, '--track', track]);
  expect(init.code, init.stderr).toBe(0);
  await trail(['practice', 'on'], { cwd: dir });
  return dir;
}

function solve(ws: string, folder: string): void {
  cpSync(join(FIXTURE, folder, 'solution'), join(ws, folder), { recursive: true });
}

const events = (ws: string) =>
  readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

function checkTrack(check: string): string {
  return writeTree(tmp(), {
    'track.yaml': 'id: c\ntitle: C\n',
    'a/overview.md': overview(`id: a\ntitle: A\ncriteria:\n  - kind: check\n    id: run\n${check.replace(/^/gm, '    ')}`),
  });
}

describe('trail check', () => {
  it('judges the starter as failing: every failing expectation, metrics, the result file and the events', async () => {
    const ws = await workspace();
    const run = await trailJson<CheckJson>(['check', 'gradient-descent']);
    expect(run.$code).toBe(3);
    const result = await trailJson<CheckJson>(['check', 'gradient-descent'], { cwd: ws });
    expect(result.$code).toBe(1);
    const { result: r } = result.runs[0]!;
    expect(r).toMatchObject({ version: 1, status: 'fail', network: 'denied', exitCode: 0 });
    expect(r.tests.find((t) => t.status === 'fail')).toEqual({
      name: 'metric: last x ≈ 3 ± 0.01',
      status: 'fail',
      expected: 'last x ≈ 3 ± 0.01',
      actual: '0',
    });
    expect(r.metrics).toEqual([
      { name: 'x', of: 'last', value: 0, op: '≈', threshold: 3, tolerance: 0.01, ok: false },
      { name: 'loss', of: 'series', value: 9, op: 'decreasing', threshold: null, tolerance: 0.000001, ok: false },
      { name: 'loss', of: 'length', value: 100, op: '>=', threshold: 100, ok: true },
    ]);
    const saved = JSON.parse(readFileSync(join(ws, '.trail/runs', result.runs[0]!.runId, 'result.json'), 'utf8'));
    expect(saved.status).toBe('fail');
    const log = events(ws);
    expect(log.at(-2)).toMatchObject({
      verb: 'checked',
      object: { node: 'gradient-descent', criterion: 'converges' },
      result: { status: 'fail', runId: result.runs[0]!.runId },
    });
    expect(log.at(-1)).toMatchObject({ verb: 'experimented', object: { node: 'gradient-descent' }, result: { metrics: { x: 0, loss: 9 } } });
    const people = await trail(['check', 'gradient-descent'], { cwd: ws });
    expect(people.stdout).toContain('✗ fail converges: 3 of 5 test(s) failed; first: metric: last x ≈ 3 ± 0.01');
    // Every failing expectation is listed with expected and actual: the missing plot too.
    expect(people.stdout).toContain('  ✗ file visualizations/loss.svg exists\n    expected: the file\n    actual:   no such file\n');
    expect(people.stdout).toContain('  ✗ metric x (last) = 0 ≈ 3 ± 0.01\n');
  });

  it('passes on the solution: artifacts with their digest, the criterion met and the node done', async () => {
    const ws = await workspace();
    solve(ws, '01-gradient-descent');
    const result = await trailJson<CheckJson>(['check', 'gradient-descent'], { cwd: ws });
    expect(result.$code).toBe(0);
    const { result: r } = result.runs[0]!;
    expect(r.status).toBe('pass');
    const svg = readFileSync(join(ws, '01-gradient-descent/visualizations/loss.svg'));
    expect(r.artifacts).toEqual([{ path: 'visualizations/loss.svg', sha256: createHash('sha256').update(svg).digest('hex'), bytes: svg.length }]);
    expect(result.status).toBe('done');
    const record = JSON.parse(readFileSync(join(ws, '.trail/runs', result.runs[0]!.runId, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ node: 'gradient-descent', criterion: 'converges', command: 'python3 gd.py', status: 'pass', exitCode: 0 });
    expect(record.metrics.loss).toHaveLength(100);
    // The record names the artifact from the workspace, the result from the node's folder.
    expect(record.artifacts).toEqual([{ ...r.artifacts[0], path: '01-gradient-descent/visualizations/loss.svg' }]);
  });

  it('runs TypeScript with tsx, and tests in unittest and node:test, reporting each test', async () => {
    const ws = await workspace();
    for (const folder of ['02-typescript', '03-python-tests', '04-node-tests']) solve(ws, folder);
    expect((await trailJson<CheckJson>(['check', 'typescript-sum'], { cwd: ws })).runs[0]!.result.status).toBe('pass');
    const python = await trailJson<CheckJson>(['check', 'python-stats'], { cwd: ws });
    expect(python.runs[0]!.result.tests.map((t) => [t.name, t.status])).toEqual([
      ['test_stats.StatsTest.test_mean', 'pass'],
      ['test_stats.StatsTest.test_variance', 'pass'],
    ]);
    const node = await trailJson<CheckJson>(['check', 'node-slug'], { cwd: ws });
    expect(node.runs[0]!.result.tests.map((t) => [t.name, t.status])).toEqual([
      ['lower-cases and joins words with dashes', 'pass'],
      ['drops punctuation at the ends', 'pass'],
    ]);
  });

  it('reports a failing node:test with expected and actual', async () => {
    const ws = await workspace();
    const result = await trailJson<CheckJson>(['check', 'node-slug'], { cwd: ws });
    const failed = result.runs[0]!.result.tests[0];
    expect(failed).toMatchObject({ name: 'lower-cases and joins words with dashes', status: 'fail', expected: '"hello-world"', actual: '"Hello World"' });
  });

  it('restores the test files before each run, so editing them cannot make a check pass', async () => {
    const ws = await workspace();
    const tests = join(ws, '03-python-tests/tests/test_stats.py');
    writeFileSync(tests, 'import unittest\n\nclass T(unittest.TestCase):\n    def test_nothing(self):\n        pass\n');
    const result = await trailJson<CheckJson>(['check', 'python-stats'], { cwd: ws });
    expect(result.runs[0]!.result.status).toBe('fail');
    expect(readFileSync(tests, 'utf8')).toBe(readFileSync(join(FIXTURE, '03-python-tests/tests/test_stats.py'), 'utf8'));
  });

  it('calls a missing command an error of the check, not a failure of the learner', async () => {
    const ws = await workspace(checkTrack('run: no-such-command-xyz --flag'));
    const result = await trailJson<CheckJson>(['check', 'a'], { cwd: ws });
    expect(result.$code).toBe(4);
    expect(result.runs[0]!.result).toMatchObject({
      status: 'error',
      message: 'command not found: no-such-command-xyz (install it, or fix "run" in the check)',
    });
  });

  it('names the missing command, not the first word of the line', async () => {
    const ws = await workspace(checkTrack('run: "cd . && no-such-tool-abc"'));
    expect((await trailJson<CheckJson>(['check', 'a'], { cwd: ws })).runs[0]!.result.message).toBe(
      'command not found: no-such-tool-abc (install it, or fix "run" in the check)',
    );
  });

  it("counts code that does not even load as the learner's failure in tests mode", async () => {
    const ws = await workspace();
    writeFileSync(join(ws, '03-python-tests/stats.py'), 'def mean(values)\n    return 0\n');
    const python = await trailJson<CheckJson>(['check', 'python-stats'], { cwd: ws });
    expect(python.runs[0]!.result.status).toBe('fail');
    expect(python.runs[0]!.result.tests[0]).toMatchObject({ name: 'import test_stats.py', status: 'error' });
    writeFileSync(join(ws, '04-node-tests/slug.mjs'), 'export function slug() { throw "not yet"; }\n');
    const node = await trailJson<CheckJson>(['check', 'node-slug'], { cwd: ws });
    expect(node.runs[0]!.result.status).toBe('fail');
    expect(node.runs[0]!.result.tests[0]).toMatchObject({ status: 'fail', message: 'not yet' });
  });

  it('refuses checks with a bad regular expression, or with both run and tests', async () => {
    const bad = await trail(['validate', checkTrack('run: "true"\nexpect: { stdout: { matches: "(" } }')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('FIELD_INVALID "matches" is not a regular expression');
    const both = await trail(['validate', checkTrack('run: "true"\ntests: { framework: python-unittest, files: [overview.md] }')]);
    expect(both.stdout).toContain('a check has "run" or "tests", not both');
  });

  it('names the time limit when it stops a program', async () => {
    const ws = await workspace(checkTrack('run: sleep 10\ntimeout: 1s'));
    const result = await trailJson<CheckJson>(['check', 'a'], { cwd: ws });
    expect(result.$code).toBe(1);
    expect(result.runs[0]!.result).toMatchObject({ status: 'timeout', message: 'stopped after the 1 s time limit' });
  });

  it('keeps secrets from the program unless the check allows them', async () => {
    const script = `python3 -c "import os; print(os.environ.get('MY_API_KEY', 'none'), os.environ.get('TRAIL_METRICS', '')[-13:])"`;
    const hidden = await workspace(checkTrack(`run: ${JSON.stringify(script)}\nexpect: { stdout: { contains: "none metrics.jsonl" } }`));
    expect((await trailJson<CheckJson>(['check', 'a'], { cwd: hidden, env: { MY_API_KEY: 'sk-123' } })).runs[0]!.result.status).toBe('pass');
    const allowed = await workspace(checkTrack(`run: ${JSON.stringify(script)}\nallowEnv: [MY_API_KEY]\nexpect: { stdout: { contains: "sk-123" } }`));
    expect((await trailJson<CheckJson>(['check', 'a'], { cwd: allowed, env: { MY_API_KEY: 'sk-123' } })).runs[0]!.result.status).toBe('pass');
  });

  it('lets the program write only its node folder: the event log and the rest of the workspace stay as they were', async (context) => {
    needs(context, 'privateFiles');
    const ws = await workspace(checkTrack(`run: ${JSON.stringify('echo forged >> ../.trail/events.jsonl; echo x > ../elsewhere.txt; echo mine > mine.txt')}`));
    const before = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8');
    const { result } = (await trailJson<CheckJson>(['check', 'a'], { cwd: ws })).runs[0]!;
    expect(result).toMatchObject({ status: 'pass', network: 'denied', limits: platform.processCgroup ? 'enforced' : 'best-effort' });
    expect(result.stderr).toContain('Read-only file system');
    expect(readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').startsWith(before)).toBe(true);
    expect(readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')).not.toContain('forged');
    expect(existsSync(join(ws, 'elsewhere.txt'))).toBe(false);
    expect(readFileSync(join(ws, 'a/mine.txt'), 'utf8')).toBe('mine\n');
  });

  it('checks JSON files against a schema', async () => {
    const ws = await workspace(
      checkTrack(
        `run: ${JSON.stringify(`python3 -c "open('r.json','w').write('{\\"accuracy\\": \\"high\\"}')"`)}\nexpect:\n  files:\n    - path: r.json\n      schema: { type: object, required: [accuracy], properties: { accuracy: { type: number } } }`,
      ),
    );
    const result = await trailJson<CheckJson>(['check', 'a'], { cwd: ws });
    expect(result.runs[0]!.result.tests.at(-1)).toEqual({
      name: 'file r.json matches its schema',
      status: 'fail',
      expected: 'JSON matching the schema',
      actual: '/accuracy must be number',
    });
  });
});

describe('trail test-track', () => {
  it('proves every check of the fixture track: fails on the starter, passes on solution/', async () => {
    const run = await trail(['test-track', FIXTURE]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('✓ verify-fixture: 4 check(s) and 1 quiz(zes) proven');
  });

  it('catches a quiz that does not parse, in test-track and in validate', async () => {
    const track = tmp();
    cpSync(FIXTURE, track, { recursive: true });
    writeFileSync(join(track, '05-quiz/quiz.md'), '## What is 2 + 2?\nAnswer: four-ish ± 1\n');
    const proof = await trailJson<TestTrackJson>(['test-track', track]);
    expect(proof.$code).toBe(1);
    expect(proof.quizzes).toEqual([
      {
        node: 'autograd-quiz',
        criterion: 'quiz',
        file: '05-quiz/quiz.md',
        questions: 0,
        ok: false,
        problems: [expect.stringMatching(/^05-quiz\/quiz\.md:2: /)],
      },
    ]);
    const validate = await trail(['validate', track]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/05-quiz\/quiz\.md:2:1: QUIZ_INVALID /);
  });

  it('proves only the nodes named with --node, in track order whatever --jobs, and refuses an unknown node or a bad --jobs', async () => {
    const some = await trailJson<TestTrackJson>(['test-track', FIXTURE, '--node', 'node-slug', 'gradient-descent', '--jobs', '2']);
    expect(some.$code).toBe(0);
    expect(some.checks.map((proof) => proof.node)).toEqual(['gradient-descent', 'node-slug']);
    expect(some.quizzes).toEqual([]);
    const serial = await trailJson<TestTrackJson>(['test-track', FIXTURE, '--jobs', '1']);
    expect(serial.checks.map((proof) => proof.node)).toEqual(['gradient-descent', 'typescript-sum', 'python-stats', 'node-slug']);
    const unknown = await trail(['test-track', FIXTURE, '--node', 'nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('error: no node "nope" in track verify-fixture');
    const jobs = await trail(['test-track', FIXTURE, '--jobs', 'many']);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs must be a whole number of at least 1, not "many"');
  });

  it('says so when the folder holds no track', async () => {
    const run = await trail(['test-track', join(tmp(), 'nothing')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no track.yaml in');
  });

  it('catches a check that passes on the starter and one without a solution', async () => {
    const track = checkTrack('run: "true"');
    const run = await trailJson<TestTrackJson>(['test-track', track]);
    expect(run.$code).toBe(1);
    expect(run.checks).toEqual([
      {
        node: 'a',
        criterion: 'run',
        starter: 'pass',
        solution: null,
        ok: false,
        problem: 'passes on the starter files: it does not test the exercise',
        durationMs: { starter: expect.any(Number), solution: null },
        skipped: null,
      },
    ]);
  });
});

describe('trail watch', () => {
  it('refuses a locked node at once', async () => {
    const dir = tmp();
    await trail(['init', dir, '--track', FIXTURE]);
    const run = await trail(['watch', 'typescript-sum'], { cwd: dir });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('"typescript-sum" is locked');
  });

  it('runs on start, gives a hint on h, runs again after a save, and quits on q', async () => {
    const ws = await workspace();
    const child = spawn(process.execPath, [TRAIL, 'watch', 'gradient-descent'], { cwd: ws, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const waitFor = async (text: string, times = 1) => {
      for (let i = 0; i < 200 && out.split(text).length - 1 < times; i++) await new Promise((r) => setTimeout(r, 50));
      expect(out.split(text).length - 1, `waiting for ${text} in:\n${out}`).toBeGreaterThanOrEqual(times);
    };
    await waitFor('watching 01-gradient-descent/');
    child.stdin.write('h\n');
    await waitFor('Hint');
    expect(out).toContain('metric: last x ≈ 3 ± 0.01');
    solve(ws, '01-gradient-descent');
    await waitFor('✓ pass converges');
    child.stdin.write('q\n');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
  });
});
