import { existsSync, readFileSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overview, ROOT, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { InitJson, JournalListJson, JsonError, NextJson, ShowJson, StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

// A track of milestones proven by statements and journal entries (the engine's own fixture).
const MILESTONES = join(ROOT, 'src/test-support/fixtures/milestones');

async function workspace(track = MILESTONES): Promise<string> {
  const dir = tmp();
  const run = await trail(['init', dir, '--track', track]);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

describe('a learner on llm-engineering-mastery', () => {
  it('finishes M1 with attest and journal entries, and M2 unlocks', async () => {
    const ws = await workspace();
    const first = await trail(['attest', 'm1', 'exit-1', '--text', 'Trained logistic regression on two moons, 94% accuracy'], { cwd: ws });
    expect(first.stdout).toBe('Recorded: m1 › exit-1.\nm1 is now in progress.\n');
    await trail(['attest', 'm1', '--text', 'Derived the log-loss gradient by hand in notes/m1.md'], { cwd: ws });
    const journal = await trail(['journal', 'add', '--node', 'm1', '--text', words(60)], { cwd: ws });
    expect(journal.code).toBe(0);
    expect(journal.stdout).toMatch(/^Saved journal\/\d{4}-\d\d-\d\d-m1\.md \(60 words\)\.\nm1 is now done\.\nUnlocked: m2 — /);
    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.track).toMatchObject({ id: 'llm-engineering-mastery', title: 'LLM Engineering Mastery' });
    expect(status.nodes.slice(0, 2).map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
      ['m1', 'done'],
      ['m2', 'available'],
    ]);
    expect(status.nodes[0]).toMatchObject({ id: 'm1', title: 'Logistic Regression', phase: 'foundations', status: 'done' });
    expect(status.progress).toMatchObject({ done: 1, total: 14 });
    const human = await trail(['status'], { cwd: ws });
    expect(human.stdout).toContain('[██░░░░░░░░░░░░░░░░░░░░░░] 7%  1 of 14 done');
    expect(human.stdout).toContain('  ✓ m1   Logistic Regression  done');
  });

  it('names the next action for each open node', async () => {
    const ws = await workspace();
    const next = await trailJson<NextJson>(['next'], { cwd: ws });
    expect(next.nodes).toEqual([
      {
        id: 'm1',
        title: 'Logistic Regression',
        status: 'available',
        optional: false,
        next: expect.objectContaining({ criterion: 'exit-1', action: 'trail attest m1 exit-1' }),
      },
    ]);
  });

  it('refuses a journal entry shorter than the criterion asks, and keeps it as a short note when told to', async () => {
    const ws = await workspace();
    const refused = await trail(['journal', 'add', '--node', 'm1', '--text', words(10)], { cwd: ws });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('error: the entry has 10 word(s); "m1" asks for 50 in one entry; nothing was saved');
    expect(refused.stderr).toContain('--allow-short');
    expect(existsSync(join(ws, 'journal'))).toBe(false);
    const loose = await trail(['journal', 'add', '--text', 'too short'], { cwd: ws });
    expect(loose.stderr).toContain('an entry needs 10 at least');
    const run = await trail(['journal', 'add', '--node', 'm1', '--allow-short', '--text', words(10)], { cwd: ws });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('This entry has 10 words; "m1" asks for 50 in one entry.');
    const { node } = await trailJson<ShowJson>(['show', 'm1'], { cwd: ws });
    expect(node.criteria.find((c: { kind: string }) => c.kind === 'journal')).toMatchObject({ state: 'unmet', detail: 'longest entry has 10 of 50 words' });
  });

  it('counts a journal entry written by hand, and reports a broken one with its line without dropping it', async () => {
    const ws = await workspace();
    writeTree(ws, {
      'journal/by-hand.md': `---\ndate: 2026-11-20\nnode: m1\n---\n\n${words(55)}\n`,
      'journal/broken.md': `---\ndate: 2026-11-21\nnode: [m1\n---\n\nThoughts.\n`,
    });
    const { node } = await trailJson<ShowJson>(['show', 'm1'], { cwd: ws });
    expect(node.criteria.find((c) => c.kind === 'journal')!.state).toBe('met');
    const status = await trail(['status'], { cwd: ws });
    expect(status.stderr).toContain('warning: journal/broken.md:3:');
    expect(status.stderr).toContain('(entry not counted)');
    const list = await trailJson<JournalListJson>(['journal', 'list'], { cwd: ws });
    expect(list.entries.map((e: { path: string }) => e.path)).toEqual(['journal/by-hand.md']);
    expect(list.problems).toEqual([expect.objectContaining({ path: 'journal/broken.md', line: 3 })]);
    expect(existsSync(join(ws, 'journal/broken.md'))).toBe(true);
  });
});

describe('refusals and bad input', () => {
  it('refuses a statement that is too short or copies the criterion', async () => {
    const ws = await workspace();
    const short = await trail(['attest', 'm1', 'exit-1', '--text', 'done'], { cwd: ws });
    expect(short.code).toBe(4);
    expect(short.stderr).toBe(
      'error: your statement has 4 characters; "exit-1" asks for at least 30\n  hint: say in your own words what you did or understood, and how you know\n',
    );
    const copy = await trail(['attest', 'm1', 'exit-1', '--text', 'Logistic regression trained on binary classification'], { cwd: ws });
    expect(copy.code).toBe(4);
    expect(copy.stderr).toContain('repeats the criterion word for word');
    expect(existsSync(join(ws, '.trail/events.jsonl'))).toBe(false);
  });

  it('refuses work on a locked node and names what it waits for', async () => {
    const ws = await workspace();
    const run = await trail(['attest', 'm2', 'exit-1', '--text', 'A two-layer network with hand-written backprop'], { cwd: ws });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('error: "m2" is locked: it waits for m1');
    const gated = await trail(['attest', 'm5', 'exit-1', '--text', 'Computed attention scores and weights by hand'], { cwd: ws });
    expect(gated.stderr).toContain('it waits for phase "foundations" to be complete');
  });

  it('suggests the node id meant', async () => {
    const ws = await workspace();
    const run = await trail(['show', 'm11x'], { cwd: ws });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no node "m11x" in track llm-engineering-mastery\n  hint: did you mean "m11"?');
  });

  it('asks for an attest criterion when a node has several open', async () => {
    const ws = await workspace();
    const run = await trail(['attest', 'm1', '--text', 'Something long enough to be a statement'], { cwd: ws });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('node "m1" has 2 attest criteria; say which one');
  });

  it('needs a workspace, and says how to make one', async () => {
    const run = await trail(['status'], { cwd: tmp() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: no Trailguide workspace at .+ or above it\n {2}hint: create one with `trail init <dir> --track <id>`/);
    const json = await trailJson<JsonError>(['status'], { cwd: tmp() });
    expect(json.error.code).toBe('WORKSPACE_NOT_FOUND');
  });

  it('names the built-in tracks when a track is unknown', async () => {
    const run = await trail(['init', tmp(), '--track', 'no-such-track']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('built-in tracks: first-principles-to-agents, learning-path, llm-engineering-mastery, llm-roadmap, nn-first-principles');
  });

  it('refuses to start a workspace on an invalid track, listing its problems', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: bad\ntitle: Bad\n',
      'a/overview.md': overview('id: a\ntitle: A\nrequires: [zz]\ncriteria:\n  - kind: journal'),
    });
    const dir = tmp();
    const run = await trail(['init', dir, '--track', track]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('a/overview.md:4:12: UNKNOWN_REQUIRES "a" requires "zz"');
    expect(existsSync(join(dir, '.trail'))).toBe(false);
  });

  it('refuses to make a workspace follow a second track', async () => {
    const ws = await workspace();
    const run = await trail(['init', ws, '--track', 'learning-path']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('is already a workspace for another track');
  });

  it('skips only optional nodes', async () => {
    const ws = await workspace('first-principles-to-agents');
    const required = await trail(['skip', 'history-foundations'], { cwd: ws });
    expect(required.code).toBe(5);
    expect(required.stderr).toContain('"history-foundations" is required, so it cannot be skipped');
    await trail(['practice', 'on'], { cwd: ws });
    const optional = await trail(['skip', 'classic-architectures'], { cwd: ws });
    expect(optional.code).toBe(0);
    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.nodes.find((n) => n.id === 'classic-architectures')!.status).toBe('skipped');
    expect(status.progress.skipped).toBe(1);
  });

  it('reports a torn last line in the log and keeps the rest of the progress', async () => {
    const ws = await workspace();
    await trail(['attest', 'm1', 'exit-1', '--text', 'Trained logistic regression on two moons, 94% accuracy'], { cwd: ws });
    appendFileSync(join(ws, '.trail/events.jsonl'), '{"id":"01K","timestamp":"2026');
    const run = await trail(['status'], { cwd: ws });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: .trail/events.jsonl: line 2 is torn (an interrupted write); it stays in the file and is left out of your progress');
    const { nodes } = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(nodes[0]!.criteria[0]!.state).toBe('met');
  });

  it('reports a broken workspace configuration and keeps the log', async () => {
    const ws = await workspace();
    writeFileSync(join(ws, '.trail/workspace.json'), '{ not json');
    const run = await trail(['status'], { cwd: ws });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('workspace.json is not valid JSON');
  });
});

describe('the status snapshot', () => {
  it('gives a new status whenever the log, the journal or the track files change', async () => {
    const ws = await workspace();
    const first = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(first.nodes[0]!.status).toBe('available');
    expect(existsSync(join(ws, '.trail/status.json'))).toBe(true);
    writeTree(ws, { 'journal/by-hand.md': `---\ndate: 2026-11-20\nnode: m1\n---\n\n${words(55)}\n` });
    const afterJournal = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(afterJournal.nodes[0]!.criteria.find((c) => c.kind === 'journal')!.state).toBe('met');
    appendFileSync(
      join(ws, '.trail/events.jsonl'),
      `${JSON.stringify({ id: 'x1', timestamp: '2026-11-21T00:00:00.000Z', actor: { name: 'me' }, verb: 'attested', object: { type: 'criterion', node: 'm1', criterion: 'exit-1' }, result: { response: 'written by another machine' } })}\n`,
    );
    const afterLog = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(afterLog.nodes[0]!.criteria[0]!.state).toBe('met');
    rmSync(join(ws, '.trail/status.json'));
    expect((await trailJson<StatusJson>(['status'], { cwd: ws })).nodes[0]).toEqual(afterLog.nodes[0]);
  });

  it('prints again what it printed only while nothing changed, in each form of output', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: small\ntitle: Small\n',
      '01-a/overview.md': overview('id: a\ntitle: First title\ncriteria:\n  - kind: attest\n    text: I did it'),
      '02-b/overview.md': overview('id: b\ntitle: B\nrequires: [a]\ncriteria:\n  - kind: attest\n    text: I did it'),
    });
    const ws = tmp();
    expect((await trail(['init', ws, '--track', track])).code).toBe(0);
    const people = await trail(['status'], { cwd: ws });
    expect(people.stdout).toContain('First title');
    const json = await trail(['status', '--json'], { cwd: ws });
    expect(existsSync(join(ws, '.trail/status.text.out'))).toBe(true);
    expect(existsSync(join(ws, '.trail/status.json.out'))).toBe(true);
    // Given again, byte for byte, in each form.
    expect((await trail(['status'], { cwd: ws })).stdout).toBe(people.stdout);
    expect((await trail(['status', '--json'], { cwd: ws })).stdout).toBe(json.stdout);
    // An overview edited in place (same size, so only its modification time tells).
    const file = join(track, '01-a/overview.md');
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(file, readFileSync(file, 'utf8').replace('First title', 'Other title'));
    const edited = await trail(['status'], { cwd: ws });
    expect(edited.stdout).toContain('Other title');
    expect(edited.stdout).not.toContain('First title');
    expect((await trail(['status'], { cwd: ws })).stdout).toBe(edited.stdout);
    // A saved output that does not belong to the current inputs is never printed.
    writeFileSync(join(ws, '.trail/status.text.out'), '0000000000000000\nnot a status\n');
    expect((await trail(['status'], { cwd: ws })).stdout).toBe(edited.stdout);
    rmSync(join(ws, '.trail/status.json.out'));
    const again = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(again.nodes.map((node: { title: string }) => node.title)).toEqual(['Other title', 'B']);
  });
});

describe('journal entries and resets', () => {
  it('refuses to link an entry to a locked node', async () => {
    const ws = await workspace();
    const run = await trail(['journal', 'add', '--node', 'm2', '--text', words(60)], { cwd: ws });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('"m2" is locked');
    expect(existsSync(join(ws, 'journal'))).toBe(false);
  });

  it('does not count entries written before a reset of the whole track', async () => {
    const ws = await workspace();
    await trail(['journal', 'add', '--node', 'm1', '--text', words(60)], { cwd: ws });
    const before = await trailJson<ShowJson>(['show', 'm1'], { cwd: ws });
    expect(before.node.criteria.find((c) => c.kind === 'journal')!.state).toBe('met');
    await trail(['reset', '--all', '--yes'], { cwd: ws });
    const after = await trailJson<ShowJson>(['show', 'm1'], { cwd: ws });
    expect(after.node.criteria.find((c) => c.kind === 'journal')!.state).toBe('unmet');
  });
});

describe('reset and practice mode', () => {
  it('reset asks for confirmation, records an event and deletes nothing', async () => {
    const ws = await workspace();
    await trail(['attest', 'm1', 'exit-1', '--text', 'Trained logistic regression on two moons, 94% accuracy'], { cwd: ws });
    const refused = await trail(['reset', 'm1'], { cwd: ws });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('needs confirmation');
    const log = () => readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(log()).toHaveLength(1);
    const done = await trail(['reset', 'm1', '--yes'], { cwd: ws });
    expect(done.code).toBe(0);
    expect(log()).toHaveLength(2);
    expect(JSON.parse(log()[1]!)).toMatchObject({ verb: 'reset', object: { type: 'node', node: 'm1' } });
    const { nodes } = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(nodes[0]!.criteria[0]!.state).toBe('unmet');
    const all = await trail(['reset', '--all', '--yes'], { cwd: ws });
    expect(all.stdout).toContain('Reset all 14 nodes');
  });

  it('practice mode opens every node and marks the events made in it', async () => {
    const ws = await workspace();
    await trail(['practice', 'on'], { cwd: ws });
    const open = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(open.practice).toBe(true);
    expect(open.nodes.every((n: { status: string }) => n.status === 'available')).toBe(true);
    await trail(['attest', 'm9', 'exit-1', '--text', 'Pretrained a tiny GPT on TinyStories for an hour'], { cwd: ws });
    const events = readFileSync(join(ws, '.trail/events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.at(-1).context).toMatchObject({ practice: true, track: 'llm-engineering-mastery' });
    await trail(['practice', 'off'], { cwd: ws });
    const closed = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(closed.nodes.find((n) => n.id === 'm2')!.status).toBe('locked');
    const m9 = closed.nodes.find((n: { id: string }) => n.id === 'm9')!;
    expect(m9.status).toBe('locked');
    expect(m9.criteria[0]!.state).toBe('met');
  });
});

describe('starter files', () => {
  it('are copied into the workspace, never over the learner’s files; solution/ and quiz.md stay in the track', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: starter\ntitle: Starter\n',
      '01-a/overview.md': overview('id: a\ntitle: A\nexercise:\n  text: Fill in gd.py\n  files: [gd.py]\ncriteria:\n  - kind: journal'),
      '01-a/gd.py': 'print("starter")\n',
      '01-a/data/points.csv': 'x,y\n',
      '01-a/quiz.md': '# answers inside\n',
      '01-a/solution/gd.py': 'print("reference")\n',
    });
    const ws = tmp();
    writeTree(ws, { '01-a/gd.py': 'print("mine")\n' });
    const run = await trailJson<InitJson>(['init', ws, '--track', track]);
    expect(run.copied).toEqual(['01-a/data/points.csv']);
    expect(run.kept).toEqual(['01-a/gd.py']);
    expect(readFileSync(join(ws, '01-a/gd.py'), 'utf8')).toBe('print("mine")\n');
    expect(existsSync(join(ws, '01-a/solution'))).toBe(false);
    expect(existsSync(join(ws, '01-a/quiz.md'))).toBe(false);
    rmSync(join(ws, '01-a/gd.py'));
    const again = await trailJson<InitJson>(['init', ws, '--track', track]);
    expect(again.copied).toEqual(['01-a/gd.py']);
    expect(readFileSync(join(ws, '01-a/gd.py'), 'utf8')).toBe('print("starter")\n');
  });
});

describe('journal in $EDITOR, estimates and usage errors', () => {
  it('writes a journal entry in $EDITOR, leaving out the comment lines', async () => {
    const ws = await workspace();
    const editor = join(tmp(), 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\nprintf '%s\\n' "${words(52)}" > "$1.new"\ncat "$1" >> "$1.new"\nmv "$1.new" "$1"\n`, { mode: 0o755 });
    const run = await trail(['journal', 'add', '--node', 'm1', '--title', 'From my editor'], { cwd: ws, env: { EDITOR: editor, VISUAL: '' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Saved journal\/.+-m1\.md \(52 words\)\./);
    const list = await trailJson<JournalListJson>(['journal', 'list', '--node', 'm1'], { cwd: ws });
    expect(list.entries).toEqual([expect.objectContaining({ node: 'm1', title: 'From my editor', words: 52 })]);
    const text = readFileSync(join(ws, list.entries[0]!.path), 'utf8');
    expect(text).not.toContain('<!-- trail:');
    expect(text).toMatch(/^---\ndate: \d{4}-\d\d-\d\dT[\d:.]+Z\nnode: m1\ntitle: From my editor\n---\n\nword0 word1/);
  });

  it('keeps text written in the editor as a draft when it is too short, and opens the editor on it again', async () => {
    const ws = await workspace();
    const first = join(tmp(), 'first.sh');
    writeFileSync(first, `#!/bin/sh\nprintf 'Gradient steps overshoot\\n' > "$1.new"\ncat "$1" >> "$1.new"\nmv "$1.new" "$1"\n`, { mode: 0o755 });
    const refused = await trail(['journal', 'add', '--node', 'm1'], { cwd: ws, env: { EDITOR: first, VISUAL: '' } });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('your text is kept in .trail/journal-draft.md');
    expect(readFileSync(join(ws, '.trail/journal-draft.md'), 'utf8')).toContain('Gradient steps overshoot');
    const more = join(tmp(), 'more.sh');
    writeFileSync(
      more,
      `#!/bin/sh\ngrep -q 'Gradient steps overshoot' "$1" || exit 9\nprintf '%s\\n' "${words(52)}" > "$1.new"\ncat "$1" >> "$1.new"\nmv "$1.new" "$1"\n`,
      { mode: 0o755 },
    );
    const saved = await trail(['journal', 'add', '--node', 'm1'], { cwd: ws, env: { EDITOR: more, VISUAL: '' } });
    expect(saved.code, saved.stderr).toBe(0);
    const list = await trailJson<JournalListJson>(['journal', 'list', '--node', 'm1'], { cwd: ws });
    expect(readFileSync(join(ws, list.entries[0]!.path), 'utf8')).toContain('Gradient steps overshoot');
    expect(existsSync(join(ws, '.trail/journal-draft.md'))).toBe(false);
  });

  it('saves nothing when the editor fails or the entry is empty', async () => {
    const ws = await workspace();
    const failing = await trail(['journal', 'add', '--node', 'm1'], { cwd: ws, env: { EDITOR: 'false', VISUAL: '' } });
    expect(failing.code).toBe(4);
    expect(failing.stderr).toContain('the editor (false) exited with 1; nothing was saved');
    const empty = await trail(['journal', 'add', '--text', '  '], { cwd: ws });
    expect(empty.code).toBe(4);
    expect(existsSync(join(ws, 'journal'))).toBe(false);
    const none = await trail(['journal', 'add'], { cwd: ws, env: { EDITOR: '', VISUAL: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('or set $EDITOR');
  });

  it('estimates remaining time and the critical path at a given pace', async () => {
    const node = (id: string, duration: string | undefined) =>
      overview(`id: ${id}\ntitle: ${id}\n${duration ? `duration: ${duration}\n` : ''}criteria:\n  - kind: attest\n    text: did ${id}`);
    const steps = writeTree(tmp(), {
      'track.yaml': 'id: steps\ntitle: Steps\nrules: [sequential]\n',
      '1-a/overview.md': node('a', '2-4 weeks'),
      '2-b/overview.md': node('b', '2-3 weeks'),
      '3-c/overview.md': node('c', '3-4 weeks'),
    });
    const ws = tmp();
    await trail(['init', ws, '--track', steps]);
    const run = await trail(['estimate', '--hours-per-week', '5'], { cwd: ws });
    expect(run.stdout).toBe(
      'Remaining: 3 required node(s), 90 h (70 h–110 h)\n' +
        'At 5 h/week: about 18 weeks (14 weeks–22 weeks).\n' +
        'Critical path (longest prerequisite chain, 90 h, 18 weeks):\n' +
        '  a → b → c\n',
    );
    const bare = writeTree(tmp(), { 'track.yaml': 'id: bare\ntitle: Bare\n', 'a/overview.md': node('a', undefined), 'b/overview.md': node('b', undefined) });
    const none = tmp();
    await trail(['init', none, '--track', bare]);
    expect((await trail(['estimate'], { cwd: none })).stdout).toContain('none of them has a duration, so there is no time estimate');
  });

  it('rejects bad arguments with exit code 2', async () => {
    const ws = await workspace();
    const hours = await trail(['estimate', '--hours-per-week', 'lots'], { cwd: ws });
    expect(hours.code).toBe(2);
    expect(hours.stderr).toContain('"lots" is not a positive number of hours');
    const practice = await trail(['practice', 'maybe'], { cwd: ws });
    expect(practice.code).toBe(2);
    const unknown = await trail(['sttaus'], { cwd: ws });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'sttaus'");
    const both = await trail(['reset', 'm1', '--all', '--yes'], { cwd: ws });
    expect(both.code).toBe(2);
  });
});
