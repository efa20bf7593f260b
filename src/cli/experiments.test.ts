import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { CheckJson, CompareJson, JsonError, LogJson, RunShowJson, RunsJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const FIXTURE = join(ROOT, 'src/runner/fixtures/verify-track');

async function workspace(): Promise<string> {
  const dir = tmp();
  expect((await trail(['init', dir, '--track', FIXTURE])).code).toBe(0);
  expect((await trail(['practice', 'on'], { cwd: dir })).code).toBe(0);
  return dir;
}

/** The points of each line drawn in an SVG: one entry per series, the number of M/L commands of its path. */
function linePoints(svg: string): number[] {
  const groups = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/g)].map((m) => m[1]!);
  return groups.flatMap((group) => [...group.matchAll(/<path[^>]* d="([^"]+)"/g)].map((m) => (m[1]!.match(/[ML]/g) ?? []).length));
}

/** The data values named in the labels of the point marks ("step …: 2; loss: 0.25; series: loss"), one per value drawn. */
function labelledValues(svg: string, metric: string): number[] {
  return [
    ...svg.matchAll(
      new RegExp(
        `aria-label="step \\(in the order logged\\): \\d+; ${metric}: ([^;]+); series: [^"]*" role="graphics-symbol" aria-roledescription="point"`,
        'g',
      ),
    ),
  ].map((m) => Number(m[1]));
}

const events = (ws: string) =>
  readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const runIds = (ws: string) => (existsSync(join(ws, '.trail/runs')) ? readdirSync(join(ws, '.trail/runs')) : []);

describe('trail log', () => {
  it('records a manual run with every flag, an experimented event, and a plot per series', async () => {
    const ws = await workspace();
    writeTree(ws, { 'm.csv': 'step,loss,"acc"\n2,0.25,0.5\n0,1.0,0.1\n1,0.5,\n', 'out/model.txt': 'weights' });
    const logged = await trailJson<LogJson>(
      [
        'log',
        '--node',
        'gradient-descent',
        '--objective',
        'Does lr 0.1 converge?',
        '--param',
        'lr=0.1',
        '--param',
        'note=a=b',
        '--metrics',
        'm.csv',
        '--metric',
        'f1=0.3',
        '--metric',
        'f1=0.4',
        '--notes',
        'first try',
        '--artifact',
        'out/model.txt',
      ],
      { cwd: ws },
    );
    expect(logged.$code).toBe(0);
    const id: string = logged.run.id;
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    const record = JSON.parse(readFileSync(join(ws, '.trail/runs', id, 'run.json'), 'utf8'));
    expect(record).toEqual({
      id,
      node: 'gradient-descent',
      criterion: null,
      kind: 'manual',
      command: null,
      objective: 'Does lr 0.1 converge?',
      params: { lr: '0.1', note: 'a=b' },
      notes: 'first try',
      startedAt: expect.any(String),
      durationMs: null,
      exitCode: null,
      status: null,
      metrics: { loss: [1, 0.5, 0.25], acc: [0.1, 0.5], f1: [0.3, 0.4] },
      artifacts: [{ path: 'out/model.txt', sha256: createHash('sha256').update('weights').digest('hex'), bytes: 7 }],
      gitCommit: null,
    });
    expect(logged.plots).toEqual([`visualizations/${id}-loss.svg`, `visualizations/${id}-acc.svg`, `visualizations/${id}-f1.svg`]);
    const loss = readFileSync(join(ws, 'visualizations', `${id}-loss.svg`), 'utf8');
    expect(loss.startsWith('<svg')).toBe(true);
    expect(linePoints(loss)).toEqual([3]);
    expect(labelledValues(loss, 'loss')).toEqual([1, 0.5, 0.25]);
    expect(events(ws).at(-1)).toMatchObject({
      verb: 'experimented',
      object: { type: 'node', node: 'gradient-descent' },
      result: { runId: id, source: 'manual', metrics: { loss: 0.25, acc: 0.5, f1: 0.4 } },
    });
  });

  it('reads metric-protocol JSONL in step order, prints a sparkline for people, and plots nothing for one value', async () => {
    const ws = await workspace();
    const lines = [
      { name: 'loss', value: 3, step: 0 },
      { name: 'loss', value: 1, step: 2 },
      { name: 'loss', value: 2, step: 1 },
      { name: 'lr', value: 0.1 },
    ];
    writeTree(ws, { 'm.jsonl': `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    const run = await trail(['log', '-n', 'gradient-descent', '--objective', 'steps', '--metrics', 'm.jsonl'], { cwd: ws });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Logged run [0-9A-Z]{26} for gradient-descent: steps$/m);
    expect(run.stdout).toMatch(/ loss +1 +█▅▁ +\(3 values\)/);
    const id = runIds(ws)[0]!;
    expect(JSON.parse(readFileSync(join(ws, '.trail/runs', id, 'run.json'), 'utf8')).metrics).toEqual({ loss: [3, 2, 1], lr: [0.1] });
    expect(readdirSync(join(ws, 'visualizations'))).toEqual([`${id}-loss.svg`]);
  });

  it.each([
    [['--param', 'lr'], 2, 'USAGE', '--param "lr" is not name=value'],
    [['--param', 'lr=1', '--param', 'lr=2'], 2, 'USAGE', '--param lr is given twice'],
    [['--metric', 'acc=high'], 2, 'USAGE', '--metric acc: "high" is not a number'],
    [['--metric', '=1'], 2, 'USAGE', '--metric "=1" is not name=value'],
    [['--objective', '  '], 2, 'USAGE', 'the objective is empty'],
    [['--artifact', 'nope.bin'], 3, 'FILE_NOT_FOUND', 'no artifact file nope.bin'],
    [['--artifact', 'sub'], 4, 'ARTIFACT_INVALID', 'artifact sub is not a file'],
    [['--metrics', 'm.txt'], 4, 'METRICS_INVALID', 'unknown metrics file type ".txt"'],
    [['--metrics', 'missing.csv'], 3, 'FILE_NOT_FOUND', 'no metrics file missing.csv'],
    [['--metrics', 'bad.jsonl'], 4, 'METRICS_INVALID', 'bad.jsonl:2: not valid JSON'],
    [['--metrics', 'bad.jsonl'], 4, 'METRICS_INVALID', 'bad.jsonl:3: "value" of "loss" must be a finite number, not "x"'],
    [['--metrics', 'bad.jsonl'], 4, 'METRICS_INVALID', 'bad.jsonl:4: "name" must be a non-empty string'],
    [['--metrics', 'nostep.csv'], 4, 'METRICS_INVALID', 'nostep.csv:1: the header has no "step" column (it has: epoch, loss)'],
    [['--metrics', 'bad.csv'], 4, 'METRICS_INVALID', 'bad.csv:3: "n/a" in column "loss" is not a number'],
    [['--metrics', 'bad.csv'], 4, 'METRICS_INVALID', 'bad.csv:4: 1 cells, but the header has 2 columns'],
    [['--metrics', 'empty.jsonl'], 4, 'METRICS_INVALID', 'empty.jsonl: no metric values in the file'],
    [['--metrics', 'ok.csv', '--metric', 'loss=1'], 2, 'USAGE', 'metric "loss" is both in ok.csv and in --metric'],
    [['--node', 'no-such-node'], 3, 'NODE_NOT_FOUND', 'no node "no-such-node"'],
  ])('refuses %j (exit %i, %s) and writes nothing', async (flags, code, errorCode, message) => {
    const ws = await workspace();
    writeTree(ws, {
      'sub/x': '',
      'm.txt': '',
      'bad.jsonl': '{"name":"loss","value":1}\n{oops\n{"name":"loss","value":"x"}\n{"value":1}\n',
      'nostep.csv': 'epoch,loss\n0,1\n',
      'bad.csv': 'step,loss\n0,1\n1,n/a\n2\n',
      'empty.jsonl': '\n',
      'ok.csv': 'step,loss\n0,1\n',
    });
    const args = ['log', '--node', 'gradient-descent', '--objective', 'x', ...flags];
    const json = await trailJson<JsonError>(args, { cwd: ws });
    expect(json.$code).toBe(code);
    expect(json.error.code).toBe(errorCode);
    expect(json.error.message).toContain(message);
    const people = await trail(args, { cwd: ws });
    expect(people.code).toBe(code);
    expect(people.stderr).toContain(message);
    expect(runIds(ws)).toEqual([]);
    expect(existsSync(join(ws, 'visualizations'))).toBe(false);
  });

  it('refuses an artifact outside the workspace, and a missing --objective', async () => {
    const ws = await workspace();
    const outside = writeTree(tmp(), { 'model.bin': 'x' });
    const run = await trailJson<JsonError>(['log', '--node', 'gradient-descent', '--objective', 'x', '--artifact', join(outside, 'model.bin')], { cwd: ws });
    expect(run.$code).toBe(4);
    expect(run.error).toMatchObject({ code: 'ARTIFACT_INVALID', message: expect.stringContaining('is outside the workspace') });
    const missing = await trail(['log', '--node', 'gradient-descent'], { cwd: ws });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--objective <text>' not specified");
    expect(runIds(ws)).toEqual([]);
  });
});

describe('trail runs', () => {
  async function twoRuns(ws: string): Promise<[string, string]> {
    writeTree(ws, { 'a.csv': 'step,loss\n0,4\n1,2\n2,1\n', 'b.csv': 'step,loss,acc\n0,5,\n1,3,0.5\n2,2,0.6\n3,1.5,0.7\n' });
    const a = await trailJson<LogJson>(
      ['log', '--node', 'gradient-descent', '--objective', 'lr 0.1', '--param', 'lr=0.1', '--param', 'seed=1', '--metrics', 'a.csv'],
      {
        cwd: ws,
      },
    );
    const b = await trailJson<LogJson>(
      [
        'log',
        '--node',
        'typescript-sum',
        '--objective',
        'lr 0.2',
        '--param',
        'lr=0.2',
        '--param',
        'seed=1',
        '--metrics',
        'b.csv',
        '--notes',
        'line one\nline two',
      ],
      { cwd: ws },
    );
    return [a.run.id, b.run.id];
  }

  it('lists runs oldest first, in JSON and for people, filtered by node', async () => {
    const ws = await workspace();
    expect((await trail(['runs'], { cwd: ws })).stdout).toContain('No runs yet');
    const [a, b] = await twoRuns(ws);
    const list = await trailJson<RunsJson>(['runs'], { cwd: ws });
    expect(list.runs).toEqual([
      {
        id: a,
        node: 'gradient-descent',
        kind: 'manual',
        provenance: 'reported',
        criterion: null,
        status: null,
        startedAt: expect.any(String),
        objective: 'lr 0.1',
        command: null,
        metrics: { loss: 1 },
      },
      {
        id: b,
        node: 'typescript-sum',
        kind: 'manual',
        provenance: 'reported',
        criterion: null,
        status: null,
        startedAt: expect.any(String),
        objective: 'lr 0.2',
        command: null,
        metrics: { loss: 1.5, acc: 0.7 },
      },
    ]);
    expect((await trailJson<RunsJson>(['runs', '--node', 'typescript-sum'], { cwd: ws })).runs.map((r) => r.id)).toEqual([b]);
    const people = await trail(['runs', 'list', '--node', 'gradient-descent'], { cwd: ws });
    expect(people.stdout).toMatch(new RegExp(`^${a}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  gradient-descent +reported: lr 0.1  loss=1\\n$`));
    expect((await trailJson<JsonError>(['runs', '--node', 'nope'], { cwd: ws })).error.code).toBe('NODE_NOT_FOUND');
  });

  it('prints measured values to four significant figures for people, and exactly in JSON', async () => {
    const ws = await workspace();
    const logged = await trailJson<LogJson>(
      [
        'log',
        '--node',
        'gradient-descent',
        '--objective',
        'tiny numbers',
        '--metric',
        'loss=5.835256526607744e-19',
        '--metric',
        'x=2.9999999993888893',
        '--metric',
        'acc=0.7333333333333333',
        '--metric',
        'steps=1200',
      ],
      { cwd: ws },
    );
    const people = await trail(['runs'], { cwd: ws });
    expect(people.stdout).toContain('loss=5.835e-19 x=3 acc=0.7333 steps=1200');
    const shown = await trail(['runs', 'show', logged.run.id], { cwd: ws });
    expect(shown.stdout).toMatch(/loss +5\.835e-19 /);
    expect((await trailJson<RunsJson>(['runs'], { cwd: ws })).runs[0]!.metrics).toEqual({
      loss: 5.835256526607744e-19,
      x: 2.9999999993888893,
      acc: 0.7333333333333333,
      steps: 1200,
    });
  });

  it('reports an unreadable run.json and leaves it out', async () => {
    const ws = await workspace();
    const [a] = await twoRuns(ws);
    writeTree(ws, { [`.trail/runs/${a}/run.json`]: '{ broken' });
    const list = await trailJson<RunsJson>(['runs'], { cwd: ws });
    expect(list.runs).toHaveLength(1);
    expect(list.problems).toEqual([{ path: `.trail/runs/${a}/run.json`, message: expect.stringContaining('JSON') }]);
    expect((await trail(['runs'], { cwd: ws })).stderr).toContain(`.trail/runs/${a}/run.json left out`);
  });

  it('shows one run by id or a unique beginning: params, metrics with sparklines, notes, plots', async () => {
    const ws = await workspace();
    const [, b] = await twoRuns(ws);
    const show = await trailJson<RunShowJson>(['runs', 'show', b.toLowerCase()], { cwd: ws });
    expect(show.run).toMatchObject({ id: b, objective: 'lr 0.2', params: { lr: '0.2', seed: '1' }, metrics: { loss: [5, 3, 2, 1.5], acc: [0.5, 0.6, 0.7] } });
    expect(show.series).toEqual([
      { name: 'loss', count: 4, final: 1.5, min: 1.5, max: 5, sparkline: '█▄▂▁', plot: `visualizations/${b}-loss.svg` },
      { name: 'acc', count: 3, final: 0.7, min: 0.5, max: 0.7, sparkline: '▁▅█', plot: `visualizations/${b}-acc.svg` },
    ]);
    const people = await trail(['runs', 'show', b], { cwd: ws });
    expect(people.stdout).toContain('  objective lr 0.2\n  param     lr = 0.2\n  param     seed = 1\n');
    expect(people.stdout).toMatch(/ loss +1\.5 +1\.5 … 5, 4 +█▄▂▁\n/);
    expect(people.stdout).toContain(`plot visualizations/${b}-loss.svg`);
    expect(people.stdout).toContain('Notes:\n  line one\n  line two\n');
    const unknown = await trailJson<JsonError>(['runs', 'show', 'ZZZZ'], { cwd: ws });
    expect(unknown.$code).toBe(3);
    expect(unknown.error).toMatchObject({ code: 'RUN_NOT_FOUND', message: expect.stringContaining('no run "ZZZZ"') });
    const ambiguous = await trailJson<JsonError>(['runs', 'show', '0'], { cwd: ws });
    expect(ambiguous.error.message).toBe('"0" is the beginning of 2 run ids');
  });

  it('compares two runs: params and final metrics side by side, an overlay plot with both curves', async () => {
    const ws = await workspace();
    const [a, b] = await twoRuns(ws);
    const compare = await trailJson<CompareJson>(['runs', 'compare', a, b], { cwd: ws });
    expect(compare.params).toEqual([
      { name: 'lr', a: '0.1', b: '0.2', same: false },
      { name: 'seed', a: '1', b: '1', same: true },
    ]);
    expect(compare.metrics).toEqual([
      { name: 'acc', a: null, b: 0.7, delta: null },
      { name: 'loss', a: 1, b: 1.5, delta: 0.5 },
    ]);
    const path = `visualizations/compare-${a}-${b}-loss.svg`;
    expect(compare.plots).toEqual([{ metric: 'loss', path }]);
    const svg = readFileSync(join(ws, path), 'utf8');
    expect(linePoints(svg)).toEqual([3, 4]);
    expect(labelledValues(svg, 'loss')).toEqual([4, 2, 1, 5, 3, 2, 1.5]);
    expect(svg).toContain(`>${a}</text>`);
    const people = await trail(['runs', 'compare', a, b], { cwd: ws });
    expect(people.stdout).toMatch(/ lr +0\.1 +0\.2 +differs\n/);
    expect(people.stdout).toMatch(/ seed +1 +1\n/);
    expect(people.stdout).toMatch(/ loss +1 +1\.5 +Δ \+0\.5\n/);
    expect(people.stdout).toContain(`plot ${path}`);
    expect((await trailJson<JsonError>(['runs', 'compare', a, a], { cwd: ws })).error.code).toBe('USAGE');
  });

  it('lists a check run of the fixture track and plots its series', async () => {
    const ws = await workspace();
    cpSync(join(FIXTURE, '01-gradient-descent', 'solution'), join(ws, '01-gradient-descent'), { recursive: true });
    const check = await trailJson<CheckJson>(['check', 'gradient-descent'], { cwd: ws });
    expect(check.$code).toBe(0);
    const id: string = check.runs[0]!.runId;
    const list = await trailJson<RunsJson>(['runs', '--node', 'gradient-descent'], { cwd: ws });
    expect(list.runs).toEqual([
      expect.objectContaining({ id, kind: 'check', provenance: 'measured', criterion: 'converges', status: 'pass', command: 'python3 gd.py', objective: null }),
    ]);
    expect(list.runs[0]!.metrics.x).toBeCloseTo(3, 2);
    for (const metric of ['loss', 'x']) {
      const svg = readFileSync(join(ws, 'visualizations', `${id}-${metric}.svg`), 'utf8');
      expect(linePoints(svg)).toEqual([100]);
    }
    const show = await trailJson<RunShowJson>(['runs', 'show', id], { cwd: ws });
    expect(show.series.map((s) => [s.name, s.count, s.plot])).toEqual([
      ['loss', 100, `visualizations/${id}-loss.svg`],
      ['x', 100, `visualizations/${id}-x.svg`],
    ]);
    const people = await trail(['runs', 'show', id], { cwd: ws });
    expect(people.stdout).toContain('  check     converges: pass (measured)\n  command   python3 gd.py\n');
    expect(people.stdout).toContain('  01-gradient-descent/visualizations/loss.svg  sha256 ');
    expect(show.result).toMatchObject({ version: 1, status: 'pass' });
  });

  it('shows what failed in a failed check run: each expectation with expected and actual, and the output', async () => {
    const ws = await workspace();
    writeTree(ws, { '01-gradient-descent/gd.py': 'import sys\nprint("step 3: loss is nan", file=sys.stderr)\nsys.exit(2)\n' });
    const check = await trailJson<CheckJson>(['check', 'gradient-descent'], { cwd: ws });
    expect(check.$code).toBe(1);
    const id = check.runs[0]!.runId;
    const show = await trailJson<RunShowJson>(['runs', 'show', id], { cwd: ws });
    expect(show.result?.status).toBe('fail');
    expect(show.result?.tests.filter((t) => t.status === 'fail').map((t) => [t.name, t.expected, t.actual])).toEqual([
      ['exits with code 0', '0', '2'],
      ['metric: last x ≈ 3 ± 0.01', 'last x ≈ 3 ± 0.01', 'no "x" values logged'],
      ['metric: loss decreasing (within 0.000001)', 'loss decreasing (within 0.000001)', 'no "loss" values logged'],
      ['metric: steps of loss >= 100', 'steps of loss >= 100', 'no "loss" values logged'],
      ['file visualizations/loss.svg exists', 'the file', 'no such file'],
    ]);
    const people = await trail(['runs', 'show', id], { cwd: ws });
    expect(people.code).toBe(0);
    expect(people.stdout).toContain('  check     converges: fail (measured)\n  command   python3 gd.py\n');
    expect(people.stdout).toMatch(/ duration +\d+\.\d s, the program exited with code 2\n/);
    expect(people.stdout).toContain('  ✗ exits with code 0\n');
    expect(people.stdout).toContain('  ✗ file visualizations/loss.svg exists\n    expected: the file\n    actual:   no such file\n');
    expect(people.stdout).toContain('  ✗ metric x (last) = — ≈ 3 ± 0.01\n');
    expect(people.stdout).toContain('  output (last lines):\n    step 3: loss is nan\n');
    expect(people.stdout).toContain(`  result: .trail/runs/${id}/result.json\n`);
  });
});
