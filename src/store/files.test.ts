import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDir } from '../test-support/cli.js';
import { runStoreContract } from './contract.js';
import { EVENTS_FILE, openFileStore } from './files.js';

runStoreContract('files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trail-store-'));
  mkdirSync(join(root, '.trail'));
  const store = openFileStore(root);
  return { ...store, close: async () => rmSync(root, { recursive: true, force: true }) };
});

// What only the file adapter shows: the log is a file the learner can read, and a crash can tear its last line.
describe('file store: the event log file', () => {
  const tmp = useTmpDir();
  const event = (n: number) => ({
    id: `01JD${String(n).padStart(22, '0')}`,
    timestamp: `2026-11-23T10:00:0${n}.000Z`,
    actor: { name: 'ada' },
    verb: 'skipped',
    object: { type: 'node', node: `n${n}` },
  });

  it('writes one JSON object per line to .trail/events.jsonl', async () => {
    const root = tmp();
    mkdirSync(join(root, '.trail'));
    await openFileStore(root).events.append([event(1), event(2)]);
    expect(readFileSync(join(root, EVENTS_FILE), 'utf8')).toBe(`${JSON.stringify(event(1))}\n${JSON.stringify(event(2))}\n`);
  });

  it('reports a torn last line without moving past it, and reads on once the line is whole again', async () => {
    const root = tmp();
    mkdirSync(join(root, '.trail'));
    const { events } = openFileStore(root);
    await events.append([event(1)]);
    appendFileSync(join(root, EVENTS_FILE), JSON.stringify(event(2)).slice(0, 30));
    const torn = await events.read();
    expect(torn.events.map((e) => e.id)).toEqual([event(1).id]);
    expect(torn.problems).toEqual([expect.objectContaining({ line: 2, kind: 'torn' })]);
    // The next append puts the torn bytes on a line of their own: reported as invalid once, then passed.
    await events.append([event(3)]);
    const after = await events.read({ since: torn.cursor });
    expect(after.events.map((e) => e.id)).toEqual([event(3).id]);
    expect(after.problems).toEqual([expect.objectContaining({ line: 2, kind: 'invalid' })]);
    expect(await events.read({ since: after.cursor })).toMatchObject({ events: [], problems: [] });
  });

  it('refuses a cursor that falls inside a line (a log rewritten since) with CURSOR_INVALID', async () => {
    const root = tmp();
    mkdirSync(join(root, '.trail'));
    const { events } = openFileStore(root);
    await events.append([event(1), event(2)]);
    await expect(events.read({ since: '5:0' })).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
    await expect(events.read({ since: '999999:3' })).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
  });
});
