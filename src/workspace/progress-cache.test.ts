import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import { useTmpDir } from '../test-support/cli.js';
import { appendEvents } from '../store/event-log.js';
import { readProgress } from './progress-cache.js';
import type { Workspace } from './workspace.js';

const tmp = useTmpDir();

function workspace(): Workspace {
  const root = tmp();
  mkdirSync(join(root, '.trail'));
  return {
    root,
    config: { version: 1, track: { builtin: 'x' }, createdAt: '2026-01-01T00:00:00.000Z' },
    trackDir: root,
    eventsPath: join(root, '.trail/events.jsonl'),
    cachePath: join(root, '.trail/track.json'),
    progressPath: join(root, '.trail/progress.json'),
  };
}

const attest = (n: number, node: string, second = n): TrailEvent => ({
  id: `id-${String(n).padStart(4, '0')}`,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  actor: { name: 'me' },
  verb: 'attested',
  object: { type: 'criterion', node, criterion: 'a' },
  result: { response: `statement ${n}` },
});
const reset = (n: number, node: string, second: number): TrailEvent => ({
  ...attest(n, node, second),
  verb: 'reset',
  object: { type: 'node', node },
  result: {},
});
// The first line of progress.json: what the snapshot covers.
const head = (ws: Workspace) => JSON.parse(readFileSync(ws.progressPath, 'utf8').split('\n')[0]!);
const attested = (ws: Workspace, node: string) => readProgress(ws, new Map()).progress.nodes.get(node)?.attested.get('a');

describe('progress snapshot', () => {
  it('reads only what was appended since the snapshot, with the right line numbers for problems', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'a'), attest(2, 'b')]);
    expect(readProgress(ws, new Map()).count).toBe(2);
    expect(existsSync(ws.progressPath)).toBe(true);
    appendFileSync(ws.eventsPath, 'garbage\n');
    appendEvents(ws.eventsPath, [attest(3, 'c')]);
    const read = readProgress(ws, new Map());
    expect(read.count).toBe(3);
    expect([...read.progress.nodes.keys()]).toEqual(['a', 'b', 'c']);
    expect(read.problems).toEqual([{ line: 3, kind: 'invalid', message: 'line 3 is not valid JSON; it stays in the file and is left out of your progress' }]);
  });

  it('takes the snapshot again only once many lines were appended since', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'a')]);
    readProgress(ws, new Map());
    const first = readFileSync(ws.progressPath, 'utf8');
    appendEvents(ws.eventsPath, [attest(2, 'b')]);
    expect(readProgress(ws, new Map()).count).toBe(2);
    expect(readFileSync(ws.progressPath, 'utf8')).toBe(first);
    appendEvents(
      ws.eventsPath,
      Array.from({ length: 300 }, (_, i) => attest(10 + i, `n${i}`, 100 + i)),
    );
    expect(readProgress(ws, new Map()).count).toBe(302);
    expect(head(ws).count).toBe(302);
  });

  it('replays the whole log when an older event is appended (as a sync would)', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'a', 10), attest(2, 'a', 20)]);
    expect(attested(ws, 'a')).toBe('statement 2');
    // From another machine: a reset of "a" made between the two attests, appended later.
    // Applied on top of the snapshot it would wipe "a"; in time order it comes before attest 2.
    appendEvents(ws.eventsPath, [reset(3, 'a', 15)]);
    expect(attested(ws, 'a')).toBe('statement 2');
    appendEvents(ws.eventsPath, [reset(4, 'a', 25)]);
    expect(attested(ws, 'a')).toBeUndefined();
  });

  it('replays the whole log when it was rewritten', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'a'), attest(2, 'b')]);
    readProgress(ws, new Map());
    writeFileSync(ws.eventsPath, `${JSON.stringify(attest(7, 'z'))}\n${JSON.stringify(attest(8, 'y'))}\n${JSON.stringify(attest(9, 'x'))}\n`);
    expect([...readProgress(ws, new Map()).progress.nodes.keys()]).toEqual(['z', 'y', 'x']);
  });

  it('replays when the renames of the track change', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'old')]);
    readProgress(ws, new Map());
    expect(readProgress(ws, new Map([['old', 'new']])).progress.nodes.has('new')).toBe(true);
  });

  it('ignores a corrupt snapshot and takes no snapshot in the middle of a torn line', () => {
    const ws = workspace();
    appendEvents(ws.eventsPath, [attest(1, 'a')]);
    writeFileSync(ws.progressPath, '{ broken');
    expect(readProgress(ws, new Map()).count).toBe(1);
    appendFileSync(ws.eventsPath, '{"id":"torn');
    const read = readProgress(ws, new Map());
    expect(read.problems.map((p) => p.kind)).toEqual(['torn']);
    expect(head(ws).size).toBeLessThan(readFileSync(ws.eventsPath).length);
  });
});
