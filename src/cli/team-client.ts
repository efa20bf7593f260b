import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { isErrorCode, TrailError } from '../core/errors.js';

/** The API of a team server as the CLI calls it: with the token of `trail team login`, its errors said as such. */
export interface TeamClient {
  /** A JSON route under /api: its answer once the server said 2xx. */
  call<T>(path: string, init?: RequestInit): Promise<T>;
  /** A JSON route under /api read with GET: its answer, or undefined when the server has nothing there (404). */
  find<T>(path: string): Promise<T | undefined>;
  /** Follows a stream of Server-Sent Events under /api until `handle` returns true (an event that ends it) or the stream ends. */
  follow(path: string, handle: (event: EventSourceMessage) => boolean): Promise<void>;
}

export function teamClient(server: string, token: string): TeamClient {
  const request = async (path: string, init: RequestInit = {}, missing?: 404): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${server}/api${path}`, {
        ...init,
        headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    } catch (error) {
      throw new TrailError(
        'TEAM_UNREACHABLE',
        `cannot reach ${server}: ${(error as Error).message}`,
        'try again when the server can be reached; nothing is lost meanwhile',
      );
    }
    if (response.ok || response.status === missing) return response;
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; hint?: string } };
    if (response.status === 401)
      throw new TrailError('NOT_SIGNED_IN', `${server} does not know your token any more`, `sign in again with \`trail team login ${server}\``);
    // What the server refused for a reason of the learner's (a locked node, a file too large) is told as the server said it.
    if (response.status < 500 && body.error?.message && isErrorCode(body.error.code))
      throw new TrailError(body.error.code, `${server}: ${body.error.message}`, body.error.hint);
    throw new TrailError(
      'TEAM_UNREACHABLE',
      `${server} answered ${response.status}: ${body.error?.message ?? ''}`,
      body.error?.hint ?? 'try again later; nothing is lost meanwhile',
    );
  };
  return {
    async call<T>(path: string, init?: RequestInit) {
      return (await (await request(path, init)).json()) as T;
    },
    async find<T>(path: string) {
      const response = await request(path, {}, 404);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      return (await response.json()) as T;
    },
    async follow(path, handle) {
      const response = await request(path, { headers: { accept: 'text/event-stream' } });
      let ended = false;
      const parser = createParser({ onEvent: (event) => (ended ||= handle(event)) });
      const decoder = new TextDecoder();
      const reader = response.body!.getReader();
      try {
        while (!ended) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
  };
}
