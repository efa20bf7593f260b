import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted answer: when the last user message (and, if given, the system prompt) matches,
 * the model replies with `reply` — text, or a JSON value sent as its text — or fails with
 * `status`, after `delayMs`.
 */
export interface ScriptedReply {
  match?: string;
  system?: string;
  reply?: string | { json: unknown };
  status?: number;
  delayMs?: number;
}

/** One scripted answer of a web service: when the request's query string matches `match` (or always), this JSON. */
export interface ServiceReply {
  match?: string;
  json: unknown;
}

/**
 * A model server's script: replies tried in order, then `fallback`. `services` stands in for the
 * web services a check's program reaches besides the model, each named by the environment
 * variable that gives the program its address (e.g. `WIKI_API`): answers tried in order.
 */
export interface ModelScript {
  model?: string;
  replies?: ScriptedReply[];
  fallback?: string;
  services?: Record<string, ServiceReply[]>;
}

/** A request the scripted server received, for tests that look at what was sent. */
export interface ReceivedRequest {
  path: string;
  body: unknown;
}

/** A running scripted model server and how to reach it. */
export interface ScriptedModel {
  url: string;
  /** `OPENAI_BASE_URL`, `OPENAI_MODEL` and `OPENAI_API_KEY` for a program that talks to it, and each scripted service's address. */
  env: Record<string, string>;
  /** Whether the script stands in for web services too (the program then needs no network). */
  servesWeb: boolean;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const EMBEDDING_SIZE = 64;

/**
 * Starts an OpenAI-compatible (chat completions, streamed or not; embeddings; models) and
 * Anthropic-compatible (messages) server on 127.0.0.1 that answers from a script: the real wire
 * protocols, with no model behind them. `trail test-track` points checks that need a model at it.
 */
export async function startScriptedModel(script: ModelScript): Promise<ScriptedModel> {
  const model = script.model ?? 'scripted';
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: Error) => send(response, 500, { error: { message: error.message } }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!.replace(/^\/v1/, '');
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    received.push({ path, body });
    const service = /^\/services\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(path)?.[1];
    if (request.method === 'GET' && service && script.services?.[service]) {
      const query = decodeURIComponent((request.url ?? '').split('?')[1] ?? '').replace(/\+/g, ' ');
      const answer = script.services[service].find((candidate) => !candidate.match || new RegExp(candidate.match, 'i').test(query));
      return answer ? send(response, 200, answer.json) : send(response, 404, { error: { message: `no scripted answer of ${service} for ${query}` } });
    }
    if (request.method === 'GET' && path === '/models')
      return send(response, 200, { object: 'list', data: [{ id: model, object: 'model', owned_by: 'trailguide' }] });
    if (request.method === 'POST' && path === '/embeddings') {
      const input = (body as { input?: string | string[] }).input ?? [];
      const texts = Array.isArray(input) ? input : [input];
      return send(response, 200, {
        object: 'list',
        model,
        data: texts.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
        usage: { prompt_tokens: tokens(texts.join(' ')), total_tokens: tokens(texts.join(' ')) },
      });
    }
    if (request.method === 'POST' && (path === '/chat/completions' || path === '/messages')) {
      const anthropic = path === '/messages';
      const { last, system } = conversation(body, anthropic);
      const chosen = (script.replies ?? []).find(
        (reply) => (!reply.match || new RegExp(reply.match, 'i').test(last)) && (!reply.system || new RegExp(reply.system, 'i').test(system)),
      );
      if (chosen?.delayMs) await new Promise((resolve) => setTimeout(resolve, chosen.delayMs));
      if (chosen?.status && chosen.status >= 400) {
        return send(
          response,
          chosen.status,
          anthropic
            ? { type: 'error', error: { type: 'api_error', message: `scripted error ${chosen.status}` } }
            : { error: { message: `scripted error ${chosen.status}`, type: 'server_error' } },
        );
      }
      const reply = chosen?.reply ?? script.fallback ?? 'I have no scripted answer for that.';
      const text = typeof reply === 'string' ? reply : JSON.stringify(reply.json);
      const usage = { in: tokens(JSON.stringify(body)), out: tokens(text) };
      const stream = (body as { stream?: boolean }).stream === true;
      if (anthropic) return stream ? streamAnthropic(response, model, text, usage) : send(response, 200, anthropicMessage(model, text, usage));
      return stream ? streamOpenAi(response, model, text, usage) : send(response, 200, openAiCompletion(model, text, usage));
    }
    send(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/v1`;
  const services = Object.keys(script.services ?? {});
  return {
    url,
    env: {
      OPENAI_BASE_URL: url,
      OPENAI_MODEL: model,
      OPENAI_API_KEY: 'scripted-key',
      ...Object.fromEntries(services.map((name) => [name, `http://127.0.0.1:${port}/services/${name}`])),
    },
    servesWeb: services.length > 0,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

type Message = { role?: string; content?: unknown };

// The text of a message in either protocol: a string, or a list of parts with text.
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  return '';
}

function conversation(body: unknown, anthropic: boolean): { last: string; system: string } {
  const messages = ((body as { messages?: Message[] }).messages ?? []) as Message[];
  const users = messages.filter((message) => message.role === 'user');
  const system = anthropic
    ? textOf((body as { system?: unknown }).system)
    : messages
        .filter((m) => m.role === 'system')
        .map((m) => textOf(m.content))
        .join('\n');
  return { last: textOf(users.at(-1)?.content), system };
}

// About four characters a token: enough for usage figures that move with the text.
function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A deterministic embedding: hashed words, unit length, so that texts sharing words are near. */
export function embed(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_SIZE).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const hash = createHash('sha256').update(word).digest();
    vector[hash[0]! % EMBEDDING_SIZE]! += hash[1]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

// A scripted model answers the same way every run: replies are numbered, and all say they were
// made at one fixed time (the protocols ask for a time; nothing reads it).
let replies = 0;
const CREATED = 1_767_225_600;

function openAiCompletion(model: string, text: string, usage: { in: number; out: number }) {
  return {
    id: `chatcmpl-${++replies}`,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.in, completion_tokens: usage.out, total_tokens: usage.in + usage.out },
  };
}

// Server-Sent Events in the chat-completions format: a role chunk, content chunks, a finish chunk with usage, [DONE].
function streamOpenAi(response: ServerResponse, model: string, text: string, usage: { in: number; out: number }): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const id = `chatcmpl-${++replies}`;
  const created = CREATED;
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    response.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
    );
  chunk({ role: 'assistant', content: '' }, null);
  for (const piece of pieces(text)) chunk({ content: piece }, null);
  chunk({}, 'stop', { usage: { prompt_tokens: usage.in, completion_tokens: usage.out, total_tokens: usage.in + usage.out } });
  response.end('data: [DONE]\n\n');
}

function anthropicMessage(model: string, text: string, usage: { in: number; out: number }) {
  return {
    id: `msg_${++replies}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.in, output_tokens: usage.out },
  };
}

function streamAnthropic(response: ServerResponse, model: string, text: string, usage: { in: number; out: number }): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (type: string, data: object) => response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', { message: { ...anthropicMessage(model, '', { in: usage.in, out: 1 }), content: [] } });
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const piece of pieces(text)) event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
  event('content_block_stop', { index: 0 });
  event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.out } });
  event('message_stop', {});
  response.end();
}

// A reply streamed in word-sized pieces, as a model's tokens arrive.
function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [''];
}
