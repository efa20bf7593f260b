import { closeSync, fstatSync, fsync, openSync, readSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { byTime, type TrailEvent } from '../core/events.js';
import { unreadableLog } from './event-log.js';

interface Waiting {
  events: readonly TrailEvent[];
  signal: AbortSignal | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends the events of concurrent callers to one log together (group commit): while one
 * write and flush is on its way, the events that arrive wait and go out in the next, in a
 * single append and a single fsync. A caller's events are committed once its promise resolves.
 * A caller whose signal is aborted before its events are taken into a write (the server's
 * client went away, or its request timed out) is left out, and its promise rejects: work that
 * was not committed is abandoned, work that was is never undone.
 */
export class EventAppender {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly path: string) {}

  /** Appends events, together with those of other callers waiting at the same time. */
  append(events: readonly TrailEvent[], signal?: AbortSignal): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, signal, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0).filter((waiting) => {
          if (!waiting.signal?.aborted) return true;
          waiting.reject(abortReason(waiting.signal));
          return false;
        });
        if (batch.length === 0) continue;
        try {
          // In time order: a reader then finds every new event after those it has already applied.
          await appendAsync(this.path, batch.flatMap((waiting) => waiting.events).sort(byTime));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('the request was abandoned');
}

const flush = promisify(fsync);

// As appendEvents (event-log.ts), but the flush to the disk, which can take milliseconds, does not
// hold up the process; the rest costs microseconds.
async function appendAsync(path: string, events: readonly TrailEvent[]): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, 'a+');
  } catch (error) {
    throw unreadableLog(path, error as NodeJS.ErrnoException);
  }
  try {
    let text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    const { size } = fstatSync(fd);
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${text}`;
    }
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    await flush(fd);
  } finally {
    closeSync(fd);
  }
}
