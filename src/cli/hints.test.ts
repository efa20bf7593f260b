import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../server/api/types.js';
import { workspaceApp } from '../test-support/api.js';
import { overview, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { HintJson, ShowJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();

const HINTED = overview(`
id: derive
title: Derive it
exercise:
  text: Compute the derivative of x squared.
  hints:
    - "Write the difference quotient."
    - "Expand $(x+h)^2$."
    - "Divide by $h$ and let it go to 0."
criteria:
  - kind: attest
    text: I derived it
    minLength: 5
`);
const PLAIN = overview(`
id: plain
title: No hints here
exercise: Just do it.
criteria:
  - kind: attest
    text: I did it
    minLength: 5
`);

async function workspace(): Promise<string> {
  const track = writeTree(tmp(), { 'track.yaml': 'id: hinted\ntitle: Hinted\n', '1-derive/overview.md': HINTED, '2-plain/overview.md': PLAIN });
  const ws = tmp();
  const init = await trail(['init', ws, '--track', track]);
  expect(init.code, init.stderr).toBe(0);
  return ws;
}

function hintEvents(ws: string): Array<{ verb: string; object: { node: string }; result: { hint: number; of: number } }> {
  const log = join(ws, '.trail', 'events.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((event) => event.verb === 'hinted');
}

describe('hints of an exercise', () => {
  it('reveals one hint at a time, prints the earlier ones again, and records each reveal once', async () => {
    const ws = await workspace();
    const first = await trail(['hint', 'derive'], { cwd: ws });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Hint 1 of 3 (new):\n  Write the difference quotient.\n\n2 more hint(s): run `trail hint derive` again when you are stuck.\n');
    const second = await trailJson<HintJson>(['hint', 'derive'], { cwd: ws });
    expect(second).toMatchObject({
      node: 'derive',
      total: 3,
      revealed: 2,
      hints: [
        { n: 1, text: 'Write the difference quotient.' },
        { n: 2, text: 'Expand $(x+h)^2$.' },
      ],
    });
    const third = await trail(['hint', 'derive'], { cwd: ws });
    expect(third.stdout).toContain('Hint 3 of 3 (new):\n  Divide by $h$ and let it go to 0.\n\nThat was the last hint.\n');
    const again = await trail(['hint', 'derive'], { cwd: ws });
    expect(again.stdout).toContain('Every hint is shown; the rest is yours to work out.');
    expect(hintEvents(ws).map((event) => [event.object.node, event.result.hint, event.result.of])).toEqual([
      ['derive', 1, 3],
      ['derive', 2, 3],
      ['derive', 3, 3],
    ]);
  });

  it('keeps hints not yet revealed out of `trail show --json`, and --shown reveals nothing new', async () => {
    const ws = await workspace();
    const before = await trailJson<ShowJson>(['show', 'derive'], { cwd: ws });
    expect(before.node.exercise?.hints).toEqual({ total: 3, shown: [] });
    expect(JSON.stringify(before)).not.toContain('difference quotient');
    await trail(['hint', 'derive'], { cwd: ws });
    const shown = await trailJson<HintJson>(['hint', 'derive', '--shown'], { cwd: ws });
    expect(shown).toMatchObject({ revealed: null, hints: [{ n: 1 }] });
    expect(hintEvents(ws)).toHaveLength(1);
    const human = await trail(['show', 'derive'], { cwd: ws });
    expect(human.stdout).toContain('hints: 1 of 3 shown — `trail hint derive` reveals the next');
    const after = await trailJson<ShowJson>(['show', 'derive'], { cwd: ws });
    expect(after.node.exercise?.hints).toEqual({ total: 3, shown: ['Write the difference quotient.'] });
    expect(after.node.status).toBe('in_progress');
  });

  it('says so, with exit code 3, for a node without hints or an unknown node, and records nothing', async () => {
    const ws = await workspace();
    const none = await trail(['hint', 'plain'], { cwd: ws });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('error: node "plain" has no hints');
    const unknown = await trail(['hint', 'nope'], { cwd: ws });
    expect(unknown.code).toBe(3);
    expect(hintEvents(ws)).toEqual([]);
  });

  it('are revealed through the API one at a time; the node page gets only those revealed', async () => {
    const ws = await workspace();
    const api = await workspaceApp(ws);
    const page = await api.get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/hinted/nodes/derive');
    expect(page.body.node.exercise).toMatchObject({ text: 'Compute the derivative of x squared.', hints: { total: 3, shown: [] } });
    expect(JSON.stringify(page.body)).not.toContain('Expand');
    const reveal = await api.post('/api/tracks/hinted/nodes/derive/hints');
    expect(reveal).toMatchObject({
      status: 200,
      body: { revealed: 1, hints: { total: 3, shown: ['Write the difference quotient.'] }, node: { id: 'derive', status: 'in_progress' } },
    });
    expect((await api.get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/hinted/nodes/derive')).body.node.exercise?.hints.shown).toHaveLength(1);
    expect(await api.post('/api/tracks/hinted/nodes/plain/hints')).toMatchObject({ status: 404, body: { error: { code: 'NO_HINTS' } } });
    // The CLI sees what the page revealed: one event log.
    expect((await trailJson<HintJson>(['hint', 'derive', '--shown'], { cwd: ws })).hints).toHaveLength(1);
  });

  it('are checked by the validator: at most five, none empty, each at its place', async () => {
    const node = (id: string, hints: string) =>
      overview(`
id: ${id}
title: ${id}
exercise:
  text: Do it.
  hints: ${hints}
criteria:
  - kind: attest
    text: did
`);
    const track = writeTree(tmp(), {
      'track.yaml': 'id: bad\ntitle: Bad\n',
      'a/overview.md': node('a', '["1", "2", "3", "4", "5", "6"]'),
      'b/overview.md': node('b', '["fine", ""]'),
    });
    const run = await trail(['validate', track]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('a/overview.md:6:10: FIELD_INVALID field "exercise.hints": Too big: expected array to have <=5 items');
    expect(run.stdout).toContain('b/overview.md:6:19: FIELD_INVALID field "exercise.hints.1": Too small: expected string to have >=1 characters');
  });
});
