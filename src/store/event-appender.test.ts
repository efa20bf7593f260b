import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import { useTmpDir } from '../test-support/cli.js';
import { EventAppender } from './event-appender.js';
import { readEventLog } from './event-log.js';

const tmp = useTmpDir();

const event = (n: number): TrailEvent => ({
  id: `id-${String(n).padStart(4, '0')}`,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 60, n)).toISOString(),
  actor: { name: 'me' },
  verb: 'attested',
  object: { type: 'criterion', node: 'a', criterion: 'a' },
  result: { response: `statement ${n}` },
});

describe('appending the events of concurrent requests together', () => {
  it('writes every event once, whole, in fewer writes than callers', async () => {
    const log = join(tmp(), 'events.jsonl');
    const appender = new EventAppender(log);
    await Promise.all(Array.from({ length: 200 }, (_, n) => appender.append([event(n)])));
    const { events, problems } = readEventLog(log);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.id).sort()).toEqual(Array.from({ length: 200 }, (_, n) => event(n).id));
  });

  it('leaves out the events of a caller abandoned before they were written, and no others', async () => {
    const log = join(tmp(), 'events.jsonl');
    const appender = new EventAppender(log);
    const gone = new AbortController();
    const first = appender.append([event(1)]);
    // Waits while the first write is on its way, then its caller goes away.
    const abandoned = appender.append([event(2)], gone.signal);
    const third = appender.append([event(3)]);
    gone.abort(new Error('client gone'));
    await expect(abandoned).rejects.toThrow('client gone');
    await Promise.all([first, third]);
    expect(readEventLog(log).events.map((e) => e.id)).toEqual(['id-0001', 'id-0003']);
    await expect(appender.append([event(4)], gone.signal)).rejects.toThrow('client gone');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
