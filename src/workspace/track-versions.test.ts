import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overview, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { StatusJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();
const attest = (id: string, extra = '') =>
  overview(`id: ${id}\ntitle: Node ${id}\n${extra}criteria:\n  - kind: attest\n    id: did\n    text: I did it\n    minLength: 5`);

describe('when the track changes under a workspace', () => {
  it('reports what changed, keeps every event, and renamed nodes keep their progress', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: versions\ntitle: Versions\nversion: 1\nrules: [prerequisites]\n',
      '1-a/overview.md': attest('a'),
      '2-b/overview.md': attest('b', 'requires: [a]\n'),
      '3-c/overview.md': attest('c'),
    });
    const ws = tmp();
    expect((await trail(['init', ws, '--track', track])).code).toBe(0);
    for (const id of ['a', 'b', 'c']) expect((await trail(['attest', id, '--text', `done ${id} myself`], { cwd: ws })).code).toBe(0);
    const log = () => readFileSync(join(ws, '.trail/events.jsonl'), 'utf8').trim().split('\n');
    expect(log()).toHaveLength(3);

    // Version 2: a renamed to alpha, c removed, d added, b gains a criterion.
    renameSync(join(track, '1-a'), join(track, '1-alpha'));
    writeTree(track, {
      'track.yaml': 'id: versions\ntitle: Versions\nversion: 2\nrules: [prerequisites]\n',
      '1-alpha/overview.md': attest('alpha', 'renamedFrom: [a]\n'),
      '2-b/overview.md': overview(
        'id: b\ntitle: Node b\nrequires: [alpha]\ncriteria:\n  - kind: attest\n    id: did\n    text: I did it\n    minLength: 5\n  - kind: journal\n    minWords: 5',
      ),
      '4-d/overview.md': attest('d'),
    });
    rmSync(join(track, '3-c'), { recursive: true });

    const status = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(status.changes).toEqual({
      fromVersion: '1',
      toVersion: '2',
      added: ['d'],
      removed: ['c'],
      renamed: [{ from: 'a', to: 'alpha' }],
      criteriaChanged: ['b'],
    });
    expect(status.nodes.map((n: { id: string; status: string }) => [n.id, n.status])).toEqual([
      ['alpha', 'done'],
      ['b', 'in_progress'],
      ['d', 'available'],
    ]);
    const lines = log();
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!)).toMatchObject({ verb: 'track-updated', result: { renamed: [{ from: 'a', to: 'alpha' }] } });
    expect(lines.slice(0, 3).map((line) => JSON.parse(line).object.node)).toEqual(['a', 'b', 'c']);

    const again = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(again.changes).toBeNull();
    const human = await trail(['status'], { cwd: ws });
    expect(human.stdout).not.toContain('The track changed');
  });

  it('tells people what changed in plain words', async () => {
    const track = writeTree(tmp(), { 'track.yaml': 'id: v\ntitle: V\nversion: 1\n', 'a/overview.md': attest('a') });
    const ws = tmp();
    await trail(['init', ws, '--track', track]);
    writeTree(track, { 'track.yaml': 'id: v\ntitle: V\nversion: 2\n', 'b/overview.md': attest('b') });
    const run = await trail(['status'], { cwd: ws });
    expect(run.stdout).toContain('The track changed (v1 → v2); your progress was recomputed and no event was lost:\n  added: b\n');
  });

  it('tells about the change whichever command sees it first', async () => {
    const track = writeTree(tmp(), { 'track.yaml': 'id: v\ntitle: V\nversion: 1\n', 'a/overview.md': attest('a') });
    const ws = tmp();
    await trail(['init', ws, '--track', track]);
    writeTree(track, { 'track.yaml': 'id: v\ntitle: V\nversion: 2\n', 'b/overview.md': attest('b') });
    const next = await trail(['next'], { cwd: ws });
    expect(next.stderr).toContain('The track changed (v1 → v2); your progress was recomputed and no event was lost:\n  added: b\n');
  });

  it('refuses to show a track that became invalid, and leaves the workspace as it was', async () => {
    const track = writeTree(tmp(), { 'track.yaml': 'id: v\ntitle: V\n', 'a/overview.md': attest('a') });
    const ws = tmp();
    await trail(['init', ws, '--track', track]);
    await trail(['attest', 'a', '--text', 'did it all'], { cwd: ws });
    writeTree(track, { 'a/overview.md': attest('a', 'requires: [ghost]\n') });
    const broken = await trail(['status'], { cwd: ws });
    expect(broken.code).toBe(4);
    expect(broken.stderr).toContain('UNKNOWN_REQUIRES "a" requires "ghost"');
    writeTree(track, { 'a/overview.md': attest('a') });
    const fixed = await trailJson<StatusJson>(['status'], { cwd: ws });
    expect(fixed.nodes[0]!.status).toBe('done');
  });
});
