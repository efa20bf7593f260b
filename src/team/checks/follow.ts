import pg from 'pg';
import { EVENTS_CHANNEL } from './store.js';

/** Wakes the streams of a server process when a job has new events, whichever process wrote them. */
export interface JobFollower {
  /** A promise that settles at the next notification for `job`, or after `ms` (taken before looking, so none is missed). */
  next(job: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

/** For a server on the embedded database, where the runner is in the same process: a look every `everyMs`. */
export function pollingFollower(everyMs = 200): JobFollower {
  return {
    next: (_job, ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, everyMs))),
    close: async () => undefined,
  };
}

/**
 * One LISTEN connection per server process. A lost connection is not fatal: streams wait at
 * most `ms` between looks at the database, so they go on, more slowly, while it reconnects.
 */
export async function followJobs(connectionString: string): Promise<JobFollower> {
  const waiters = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, keepAlive: true, application_name: 'trail-server job events' });
    next.on('notification', (message) => {
      const wake = waiters.get(message.payload ?? '');
      if (!wake) return;
      waiters.delete(message.payload!);
      for (const resolve of wake) resolve();
    });
    next.on('error', () => {
      client = undefined;
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await next.connect();
    await next.query(`listen ${EVENTS_CHANNEL}`);
    client = next;
  };
  await connect();
  return {
    next(job, ms) {
      return new Promise<void>((resolve) => {
        const set = waiters.get(job) ?? waiters.set(job, new Set()).get(job)!;
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0 && waiters.get(job) === set) waiters.delete(job);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },
    async close() {
      closed = true;
      for (const set of waiters.values()) for (const resolve of set) resolve();
      waiters.clear();
      await client?.end().catch(() => undefined);
    },
  };
}
