import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useTmpDir } from '../test-support/cli.js';
import type { TrailEvent } from '../core/events.js';
import { appendEvents, readEventLog } from './event-log.js';

const tmp = useTmpDir();

function event(n: number, extra: Record<string, unknown> = {}): TrailEvent {
  return {
    id: `id-${n}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    actor: { name: 'me' },
    verb: 'attested',
    object: { type: 'criterion', node: 'a', criterion: 'a' },
    result: { response: `statement ${n}` },
    ...extra,
  };
}

// A child process that appends `count` events one by one through the built module.
function appender(log: string, tag: string, count: number): Promise<number> {
  const script = `
    const { appendEvents } = await import(${JSON.stringify(join(ROOT, 'dist/store/event-log.js'))});
    for (let i = 0; i < ${count}; i++) {
      appendEvents(${JSON.stringify(log)}, [{ id: '${tag}-' + i, timestamp: new Date().toISOString(), actor: { name: '${tag}' }, verb: 'attested', object: { type: 'criterion', node: 'a', criterion: 'a' }, result: { response: 'x'.repeat(200) } }]);
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

describe('event log', () => {
  it('keeps every event when two processes append 1,000 events each at once', async () => {
    const log = join(tmp(), 'events.jsonl');
    const codes = await Promise.all([appender(log, 'first', 1000), appender(log, 'second', 1000)]);
    expect(codes).toEqual([0, 0]);
    const { events, problems } = readEventLog(log);
    expect(problems).toEqual([]);
    expect(events).toHaveLength(2000);
    expect(new Set(events.map((e) => e.id)).size).toBe(2000);
    expect(events.filter((e) => e.id.startsWith('first-'))).toHaveLength(1000);
  });

  it('reports a torn last line and keeps the rest intact', () => {
    const log = join(tmp(), 'events.jsonl');
    appendEvents(log, [event(1), event(2)]);
    appendFileSync(log, '{"id":"id-3","timestamp":"2026-01-');
    const { events, problems } = readEventLog(log);
    expect(events.map((e) => e.id)).toEqual(['id-1', 'id-2']);
    expect(problems).toEqual([
      { line: 3, kind: 'torn', message: 'line 3 is torn (an interrupted write); it stays in the file and is left out of your progress' },
    ]);
  });

  it('never glues a new event onto a torn line, and never drops the torn bytes', () => {
    const log = join(tmp(), 'events.jsonl');
    appendEvents(log, [event(1)]);
    appendFileSync(log, '{"id":"torn');
    appendEvents(log, [event(2)]);
    const text = readFileSync(log, 'utf8');
    expect(text.split('\n')[1]).toBe('{"id":"torn');
    const { events, problems } = readEventLog(log);
    expect(events.map((e) => e.id)).toEqual(['id-1', 'id-2']);
    expect(problems.map((p) => [p.line, p.kind])).toEqual([[2, 'invalid']]);
  });

  it('reports lines that are not events, with their line numbers', () => {
    const log = join(tmp(), 'events.jsonl');
    writeFileSync(log, `${JSON.stringify(event(1))}\n[1,2]\n{"id":"x","timestamp":"yesterday","verb":"attested","object":{}}\n\n`);
    const { events, problems } = readEventLog(log);
    expect(events).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual([
      'line 2 is not an event (not a JSON object but a list); it stays in the file and is left out of your progress',
      'line 3 is not an event ("timestamp" is not a date: yesterday); it stays in the file and is left out of your progress',
    ]);
  });

  it('keeps fields it does not know, as they were written', () => {
    const log = join(tmp(), 'events.jsonl');
    appendEvents(log, [event(1, { future: { nested: [1, 2] } })]);
    appendEvents(log, [event(2)]);
    const [first] = readEventLog(log).events;
    expect(first!.future).toEqual({ nested: [1, 2] });
    expect(readFileSync(log, 'utf8')).toContain('"future":{"nested":[1,2]}');
  });

  it('reads a missing log as empty', () => {
    expect(readEventLog(join(tmp(), 'none.jsonl'))).toEqual({ events: [], problems: [], lines: 0 });
  });
});
