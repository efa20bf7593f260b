import { ulid } from 'ulid';

/** One event of a job's stream, as Server-Sent Events carry it. */
export interface JobEvent {
  event: string;
  data: unknown;
}

/** A running (or finished) piece of work whose events a client can follow, from the start. */
export interface Job {
  id: string;
  key: string;
  events: JobEvent[];
  done: boolean;
  listeners: Set<() => void>;
}

/** The jobs of a server: started in the background, followed over SSE, forgotten a while after they end. */
export interface Jobs {
  /** Starts work unless work with the same key is running; `emit` adds events, the last emit ends it. */
  start(key: string, work: (emit: (event: string, data: unknown) => void) => Promise<JobEvent>): Job | undefined;
  get(id: string): Job | undefined;
}

/** An in-memory job table; a finished job is kept for `keepMs` so a late client still gets its events. */
export function createJobs(keepMs = 10 * 60_000): Jobs {
  const jobs = new Map<string, Job>();
  const notify = (job: Job) => job.listeners.forEach((listener) => listener());
  return {
    start(key, work) {
      if ([...jobs.values()].some((job) => job.key === key && !job.done)) return undefined;
      const job: Job = { id: ulid(), key, events: [], done: false, listeners: new Set() };
      jobs.set(job.id, job);
      const emit = (event: string, data: unknown) => {
        job.events.push({ event, data });
        notify(job);
      };
      void work(emit)
        .catch((error: unknown) => ({ event: 'failure', data: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } }))
        .then((last) => {
          job.events.push(last);
          job.done = true;
          notify(job);
          setTimeout(() => jobs.delete(job.id), keepMs).unref();
        });
      return job;
    },
    get: (id) => jobs.get(id),
  };
}
