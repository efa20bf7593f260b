import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startScriptedModel } from '../runner/scripted-model.js';
import { MILESTONES, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { JournalListJson, PaperListJson, RunsJson, StatusJson } from '../test-support/cli-json.js';
import { failingResult } from '../test-support/check-result.js';

const tmp = useTmpDir();
const TRACK = 'llm-engineering-mastery';

async function workspace(): Promise<string> {
  const dir = tmp();
  const run = await trail(['init', dir, '--track', MILESTONES]);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

const line = (n: number, verb: string, rest: Record<string, unknown>) =>
  `${JSON.stringify({ id: `01BAD${String(n).padStart(21, '0')}`, timestamp: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`, actor: { name: 'me' }, verb, ...rest })}\n`;
const criterion = { type: 'criterion', node: 'm1', criterion: 'exit-1' };

describe('one bad line never takes a command down', () => {
  it('leaves out a line of any verb whose result is null or of the wrong type, naming the file, line and field; keeps unknown verbs', async () => {
    const ws = await workspace();
    const attest = await trail(['attest', 'm1', 'exit-1', '--text', 'I trained logistic regression on two moons and reached 94%'], { cwd: ws });
    expect(attest.code).toBe(0);
    appendFileSync(
      join(ws, '.trail/events.jsonl'),
      [
        line(2, 'attested', { object: criterion, result: null }),
        line(3, 'completed-quiz', { object: criterion, result: null }),
        line(4, 'checked', { object: criterion, result: null }),
        line(5, 'practiced', { object: { type: 'track', track: TRACK }, result: null }),
        line(6, 'experimented', { object: { type: 'node', node: 'm1' }, result: null }),
        line(7, 'checked', { object: criterion, result: { status: 7 } }),
        line(8, 'practiced', { object: { type: 'track', track: TRACK }, result: { enabled: 'yes' } }),
        line(9, 'mentored', { object: { type: 'node', node: 'm1' }, result: null }),
      ].join(''),
    );
    const status = await trail(['status'], { cwd: ws });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('◐ m1');
    const warnings = status.stderr.trim().split('\n');
    expect(warnings).toEqual([
      'warning: .trail/events.jsonl: line 2 is not a valid "attested" event ("result" must be an object, not null); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 3 is not a valid "completed-quiz" event ("result" must be an object, not null); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 4 is not a valid "checked" event ("result" must be an object, not null); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 5 is not a valid "practiced" event ("result" must be an object, not null); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 6 is not a valid "experimented" event ("result" must be an object, not null); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 7 is not a valid "checked" event ("result.status" must be one of "pass", "fail", "error", "timeout", "skipped", not a number (7)); it stays in the file and is left out of your progress',
      'warning: .trail/events.jsonl: line 8 is not a valid "practiced" event ("result.enabled" must be true or false, not a string ("yes")); it stays in the file and is left out of your progress',
    ]);
    for (const args of [['next'], ['show', 'm1'], ['journal', 'list'], ['runs'], ['review', '--json'], ['export']]) {
      const run = await trail(args, { cwd: ws });
      expect([args.join(' '), run.code, run.stderr.includes('internal error')]).toEqual([args.join(' '), 0, false]);
    }
    const json = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(json.warnings).toHaveLength(7);
    expect(json.practice).toBe(false);
    // Nothing is dropped from the file, and a new event still lands after the bad lines.
    expect(await trail(['attest', 'm1', 'exit-2', '--text', 'I derived the gradient of the log loss by hand'], { cwd: ws })).toMatchObject({ code: 0 });
    const lines = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
  });

  it('stops every command with EVENT_LOG_INVALID (exit 4) when events.jsonl is a folder, naming it and the fix', async () => {
    const ws = await workspace();
    mkdirSync(join(ws, '.trail/events.jsonl'));
    for (const args of [['status'], ['next'], ['attest', 'm1', 'exit-1', '--text', 'I trained logistic regression on two moons']]) {
      const run = await trail(args, { cwd: ws });
      expect([args[0], run.code]).toEqual([args[0], 4]);
      expect(run.stderr).toContain(`error: ${join(ws, '.trail/events.jsonl')} is a folder, not a file`);
      expect(run.stderr).toContain('hint: move the folder away');
      expect(run.stderr).not.toContain('internal error');
    }
  });

  it('stops with WORKSPACE_INVALID (exit 4) for a workspace.json that cannot be read, naming the file and the field', async () => {
    const ws = await workspace();
    const config = join(ws, '.trail/workspace.json');
    const cases: Array<[() => void, string]> = [
      [() => writeFileSync(config, '{"version": 1,'), 'is not valid JSON'],
      [() => writeFileSync(config, '{"version": 1, "createdAt": "x"}'), 'does not name a track'],
      [
        () => writeFileSync(config, '{"version": 1, "track": {"builtin": "../../etc"}}'),
        `${config}: "track.builtin" must be a built-in track id (lower-case letters, digits, ".", "_" and "-"), not a string ("../../etc")`,
      ],
      [() => writeFileSync(config, '{"version": 1, "track": {"builtin": 5}}'), `${config}: "track" has none of the accepted shapes`],
      [() => writeFileSync(config, '{"version": 1, "track": {"builtin": "x"}, "createdAt": 5}'), `${config}: "createdAt" must be a string, not a number (5)`],
      [() => mkdirSync(config), 'cannot be read: it is a folder, not a file'],
    ];
    for (const [breakIt, message] of cases) {
      rmSync(config, { recursive: true, force: true });
      breakIt();
      const run = await trail(['status'], { cwd: ws });
      expect([message, run.code]).toEqual([message, 4]);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain('internal error');
    }
  });

  it('rebuilds a damaged cache instead of using it', async () => {
    const ws = await workspace();
    await trail(['attest', 'm1', 'exit-1', '--text', 'I trained logistic regression on two moons and reached 94%'], { cwd: ws });
    const expected = (await trail(['status'], { cwd: ws })).stdout;
    expect(expected).toContain('◐ m1');
    const trailDir = join(ws, '.trail');
    const log = readFileSync(join(trailDir, 'events.jsonl'));
    // What a cache was taken over (the track's fingerprint and layout, the log's size and last bytes), with content that does not fit it.
    const cached = readFileSync(join(trailDir, 'track.json'), 'utf8');
    const { fingerprint, layout } = JSON.parse(cached.includes('\n') ? cached.slice(0, cached.indexOf('\n')) : cached) as {
      fingerprint: string;
      layout: unknown;
    };
    const over = {
      size: log.length,
      lines: 1,
      tail: log.subarray(Math.max(0, log.length - 64)).toString(),
      renames: '[]',
      latest: 'z',
      count: 1,
      problems: [],
    };
    const damages: Record<string, string> = {
      'track.json': JSON.stringify({ fingerprint, layout, track: { id: TRACK, nodes: [null] } }),
      'progress.json': JSON.stringify({ version: 1, ...over, progress: null }),
      'status.json': JSON.stringify({ report: { nodes: null } }),
      'status-key.json': '{"key": 5, "layout": null}',
      'status.text.out': 'garbage\nnot what status prints',
    };
    for (const [file, text] of Object.entries(damages)) {
      writeFileSync(join(trailDir, file), text);
      const run = await trail(['status'], { cwd: ws });
      expect([file, run.code, run.stderr]).toEqual([file, 0, '']);
      expect(run.stdout).toBe(expected);
    }
    // A report kept for the inputs of the moment, without what was printed from it, is read: damaged, it is made again.
    rmSync(join(trailDir, 'status.text.out'));
    writeFileSync(join(trailDir, 'status.json'), `${readFileSync(join(trailDir, 'status.json'), 'utf8').split('\n')[0]}\n{"nodes":null}`);
    expect(await trail(['status'], { cwd: ws })).toMatchObject({ code: 0, stdout: expected });
    // Damaged in the cache format itself: a head that fits, a payload that does not match its digest.
    writeFileSync(join(trailDir, 'track.json'), `${JSON.stringify({ format: 'track-1', fingerprint, layout, digest: 'x' })}\n{"id":"${TRACK}","nodes":[null]}`);
    expect(await trail(['next'], { cwd: ws })).toMatchObject({ code: 0 });
    // Every cache cut short at once, as a crash of an old version could leave them.
    for (const file of ['track.json', 'progress.json', 'status.json', 'status-key.json'])
      writeFileSync(join(trailDir, file), readFileSync(join(trailDir, file), 'utf8').slice(0, 20));
    expect(await trail(['status'], { cwd: ws })).toMatchObject({ code: 0, stdout: expected });
    expect(await trail(['next'], { cwd: ws })).toMatchObject({ code: 0 });
  });

  it('reports a binary or unreadable journal file and counts the others', async () => {
    const ws = await workspace();
    await trail(['journal', 'add', '--allow-short', '--node', 'm1', '--text', 'A real entry about logistic regression'], { cwd: ws });
    writeFileSync(join(ws, 'journal/picture.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(
      join(ws, 'journal/front.md'),
      Buffer.concat([Buffer.from('---\ndate: 2026-01-01\n'), Buffer.from([0, 1, 2, 255, 254]), Buffer.from('\n---\n')]),
    );
    mkdirSync(join(ws, 'journal/folder.md'));
    const status = await trail(['status'], { cwd: ws });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(
      'warning: journal/picture.md:1: is not a text file (it holds binary data); a journal entry is Markdown (entry not counted)',
    );
    expect(status.stderr).toContain('warning: journal/front.md:1: is not a text file');
    expect(status.stderr).toContain('warning: journal/folder.md:1: is not a file (entry not counted)');
    const list = await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws });
    expect(list.entries).toHaveLength(1);
    expect(list.problems.map((problem: { path: string }) => problem.path)).toEqual(['journal/folder.md', 'journal/front.md', 'journal/picture.md']);
  });
});

describe('symbolic links out of the workspace are never followed', () => {
  it('leaves out journal entries, paper notes and runs that lead outside, and says why', async () => {
    const ws = await workspace();
    const outside = tmp();
    writeTree(outside, {
      'secret.md': '---\ndate: 2026-01-01\nnode: m1\ntitle: SECRET\n---\n\nsecret words outside the workspace\n',
      'paper.md': '---\ntitle: SECRET PAPER\n---\n',
      'runs/01OUTSIDE/run.json': JSON.stringify({
        id: '01OUTSIDE',
        node: 'm1',
        kind: 'manual',
        criterion: null,
        command: null,
        objective: 'SECRET',
        params: {},
        notes: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        durationMs: null,
        exitCode: null,
        status: null,
        metrics: {},
        artifacts: [],
        gitCommit: null,
      }),
    });
    mkdirSync(join(ws, 'journal'));
    mkdirSync(join(ws, 'papers_notes'));
    mkdirSync(join(ws, '.trail/runs'), { recursive: true });
    symlinkSync(join(outside, 'secret.md'), join(ws, 'journal/link.md'));
    symlinkSync(join(outside, 'paper.md'), join(ws, 'papers_notes/link.md'));
    symlinkSync(join(outside, 'runs/01OUTSIDE'), join(ws, '.trail/runs/01OUTSIDE'));
    const journal = await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws });
    expect(journal.entries).toEqual([]);
    expect(journal.problems).toEqual([{ path: 'journal/link.md', line: 1, message: 'is a symbolic link that leads out of the workspace; it is not read' }]);
    const shown = await trail(['journal', 'show', 'link'], { cwd: ws });
    expect(shown.code).not.toBe(0);
    expect(shown.stdout + shown.stderr).not.toContain('secret words');
    const papers = await trailJson<PaperListJson>(['paper', 'list'], { cwd: ws });
    expect(papers.papers).toEqual([]);
    expect(papers.problems).toEqual([{ path: 'papers_notes/link.md', line: 1, message: 'is a symbolic link that leads out of the workspace; it is not read' }]);
    const runs = await trailJson<RunsJson>(['runs'], { cwd: ws });
    expect(JSON.stringify(runs)).not.toContain('SECRET');
    expect(runs.problems).toEqual([{ path: '.trail/runs/01OUTSIDE/run.json', message: 'leads out of the workspace (a symbolic link); it is not read' }]);
    // A whole journal folder that is a link out is not read either.
    rmSync(join(ws, 'journal'), { recursive: true });
    symlinkSync(outside, join(ws, 'journal'));
    const linked = await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws });
    expect(linked.entries).toEqual([]);
    expect(linked.problems[0]!.message).toContain('leads out of the workspace');
  });

  it('follows a link that stays inside the workspace', async () => {
    const ws = await workspace();
    writeTree(ws, { 'notes/today.md': '---\ndate: 2026-01-01\nnode: m1\n---\n\nWritten elsewhere in the workspace.\n' });
    mkdirSync(join(ws, 'journal'));
    symlinkSync(join(ws, 'notes/today.md'), join(ws, 'journal/today.md'));
    const journal = await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws });
    expect(journal.entries.map((entry: { path: string }) => entry.path)).toEqual(['journal/today.md']);
    renameSync(join(ws, 'notes/today.md'), join(ws, 'notes/moved.md'));
    expect((await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws })).problems).toEqual([
      { path: 'journal/today.md', line: 1, message: 'is a symbolic link that leads nowhere' },
    ]);
  });
});

describe('the files the tutor reads', () => {
  const noModel = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
  const LATEST = '.trail/checks/value-objects/experiment.json';
  const debug = (ws: string) => trail(['ask', 'why does my Value fail?', '--node', 'value-objects', '--mode', 'debug', '--json'], { cwd: ws, env: noModel });

  async function courseWorkspace(): Promise<string> {
    const ws = tmp();
    expect((await trail(['init', ws, '--track', 'nn-first-principles'])).code).toBe(0);
    return ws;
  }

  it('leaves out a latest check result that is not one, or that leads out of the workspace, and says which and why', async () => {
    const ws = await courseWorkspace();
    mkdirSync(join(ws, '.trail/checks/value-objects'), { recursive: true });
    // A whole failing result is what the debug answer starts from.
    writeFileSync(join(ws, LATEST), failingResult('mine'));
    const whole = await debug(ws);
    expect([whole.code, whole.stderr]).toEqual([0, '']);
    expect(JSON.parse(whole.stdout).answer).toContain('Your latest run of `experiment`: fail — 1 of 1 tests failed mine');
    const cases: Array<[string, string]> = [
      ['{"status":"fail"}', 'is not a check result: missing "version"'],
      ['{"version":1,"status":"fail","message":"x","tests":null}', 'is not a check result: "tests" must be a list, not null'],
      ['{"version":1,', 'is not valid JSON'],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(join(ws, LATEST), text);
      const run = await debug(ws);
      expect([reason, run.code]).toEqual([reason, 0]);
      expect(run.stderr).toBe(`warning: ${LATEST}: ${reason} (left out of the tutor's context)\n`);
      expect(JSON.parse(run.stdout).answer).toContain('No failing check of this node to look at.');
    }
    // A link out of the workspace, of the file or of the whole folder, is not read.
    const outside = writeTree(tmp(), { 'result.json': failingResult('SECRET'), 'checks/value-objects/experiment.json': failingResult('SECRET') });
    rmSync(join(ws, LATEST));
    symlinkSync(join(outside, 'result.json'), join(ws, LATEST));
    const linked = await debug(ws);
    expect(linked.code).toBe(0);
    expect(linked.stderr).toBe(`warning: ${LATEST}: is a symbolic link that leads out of the workspace; it is not read (left out of the tutor's context)\n`);
    expect(linked.stdout).not.toContain('SECRET');
    rmSync(join(ws, '.trail/checks'), { recursive: true });
    symlinkSync(join(outside, 'checks'), join(ws, '.trail/checks'));
    const folder = await debug(ws);
    expect(folder.code).toBe(0);
    expect(folder.stderr).toBe(`warning: ${LATEST}: leads out of the workspace (a symbolic link); it is not read (left out of the tutor's context)\n`);
    expect(folder.stdout).not.toContain('SECRET');
  });

  it('makes a damaged index of the course again, with a warning, instead of failing every question', async () => {
    const ws = await courseWorkspace();
    const ask = () => trail(['ask', 'what does the causal mask do?', '--json'], { cwd: ws, env: noModel });
    const first = await ask();
    expect([first.code, first.stderr]).toEqual([0, '']);
    const expected = JSON.parse(first.stdout).citations;
    const [name] = readdirSync(join(ws, '.trail/tutor')).filter((file) => file.startsWith('index-'));
    const path = join(ws, '.trail/tutor', name!);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { passages: unknown[]; index: unknown };
    const damages: Array<[string, string]> = [
      [JSON.stringify({ passages: null, index: saved.index }), 'is not a tutor index: "passages" must be a list, not null'],
      [JSON.stringify({ passages: saved.passages, index: null }), 'is not a tutor index: "index" must be an object, not null'],
      [JSON.stringify({ passages: saved.passages.slice(1), index: saved.index }), 'is not a tutor index: its passages and its index do not match'],
      [JSON.stringify({ passages: saved.passages, index: { documentCount: 'many' } }), 'is not a tutor index:'],
      ['[1, 2', 'is not valid JSON'],
    ];
    for (const [text, reason] of damages) {
      writeFileSync(path, text);
      const run = await ask();
      expect([reason, run.code]).toEqual([reason, 0]);
      expect(run.stderr).toContain(`warning: .trail/tutor/${name}: ${reason}`);
      expect(run.stderr).toContain("the tutor's index is made again");
      expect(JSON.parse(run.stdout).citations).toEqual(expected);
      // Made again, it serves the next question without a word.
      expect(await ask()).toMatchObject({ code: 0, stderr: '' });
    }
  });

  it('computes damaged embeddings again, with a warning', async () => {
    const ws = await courseWorkspace();
    const model = await startScriptedModel({ fallback: 'ok' });
    try {
      writeFileSync(join(ws, '.trail/tutor.json'), JSON.stringify({ embeddingModel: 'scripted-embed' }));
      const ask = () => trail(['ask', 'what does the causal mask do?', '--json'], { cwd: ws, env: model.env });
      expect(await ask()).toMatchObject({ code: 0, stderr: '' });
      const [name] = readdirSync(join(ws, '.trail/tutor')).filter((file) => file.startsWith('embeddings-'));
      const path = join(ws, '.trail/tutor', name!);
      const vectors = JSON.parse(readFileSync(path, 'utf8')) as number[][];
      const damages: Array<[string, string]> = [
        [JSON.stringify({ vectors }), 'is not a list of embeddings: the value must be a list, not an object'],
        [JSON.stringify([...vectors.slice(1), ['x']]), 'is not a list of embeddings: "'],
        [JSON.stringify(vectors.slice(1)), `holds ${vectors.length - 1} embeddings for ${vectors.length} passages`],
        [JSON.stringify([...vectors.slice(1), [1]]), 'holds embeddings of different lengths'],
      ];
      for (const [text, reason] of damages) {
        writeFileSync(path, text);
        const run = await ask();
        expect([reason, run.code]).toEqual([reason, 0]);
        expect(run.stderr).toContain(`warning: .trail/tutor/${name}: ${reason}`);
        expect(run.stderr).toContain('the embeddings are computed again');
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(vectors);
      }
    } finally {
      await model.close();
    }
  });

  it('leaves out the lines of traces.jsonl that are not traces, naming each, and sums up the others', async () => {
    const ws = await courseWorkspace();
    const trace = {
      at: '2026-01-01T00:00:00.000Z',
      mode: 'explain',
      node: 'value-objects',
      model: 'm',
      promptChars: 400,
      promptTokens: 100,
      contextBudget: 4000,
      context: [],
      dropped: [],
      inputTokens: 100,
      outputTokens: 20,
      latencyMs: 900,
      costUsd: null,
      guarded: false,
      error: null,
    };
    writeTree(ws, {
      '.trail/tutor/traces.jsonl': [
        JSON.stringify(trace),
        JSON.stringify({ ...trace, mode: null }),
        '{"at": "2026-01-01',
        JSON.stringify({ ...trace, latencyMs: '900' }),
        JSON.stringify(trace),
        '',
      ].join('\n'),
    });
    const run = await trail(['tutor', '--stats', '--json'], { cwd: ws });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: { calls: 2, inputTokens: 200, medianLatencyMs: 900 }, unreadable: 3 });
    expect(run.stderr.trim().split('\n')).toEqual([
      'warning: .trail/tutor/traces.jsonl:2: is not a trace ("mode" must be a string, not null); left out of the stats',
      'warning: .trail/tutor/traces.jsonl:3: is not valid JSON; left out of the stats',
      'warning: .trail/tutor/traces.jsonl:4: is not a trace ("latencyMs" must be a number, not a string ("900")); left out of the stats',
    ]);
    const human = await trail(['tutor', '--stats'], { cwd: ws });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('3 unreadable line(s) in .trail/tutor/traces.jsonl left out');
  });
});
