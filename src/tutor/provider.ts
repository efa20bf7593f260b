import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingModel, LanguageModel } from 'ai';
import { z } from 'zod';
import { TrailError } from '../core/errors.js';

/** Price of a model, in US dollars per million tokens. */
const Price = z.object({ input: z.number().min(0), output: z.number().min(0) }).strict();

/** `.trail/tutor.json`: which model the tutor uses; every field optional (the environment fills in). */
export const TutorConfigFile = z
  .object({
    provider: z.enum(['openai-compatible', 'anthropic', 'none']).optional(),
    baseURL: z.string().url().optional(),
    model: z.string().min(1).optional(),
    /** The environment variable holding the key (the key itself never goes in the workspace). */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    embeddingModel: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().optional(),
    contextTokens: z.number().int().min(200).optional(),
    prices: z.record(z.string(), Price).optional(),
  })
  .strict();

/** The tutor's model, resolved from `.trail/tutor.json` and the usual environment variables; `none` means no model. */
export interface TutorConfig {
  provider: 'openai-compatible' | 'anthropic' | 'none';
  baseURL: string | undefined;
  model: string | undefined;
  apiKey: string | undefined;
  embeddingModel: string | undefined;
  timeoutMs: number;
  contextTokens: number;
  prices: Record<string, { input: number; output: number }>;
  /** Where the choice came from, for `trail tutor --stats` and errors. */
  source: string;
}

/** Reads the tutor's configuration: `.trail/tutor.json` first, then OPENAI_* or ANTHROPIC_* variables; none when nothing is set. */
export function tutorConfig(workspaceRoot: string, env: Readonly<Record<string, string | undefined>>): TutorConfig {
  const path = join(workspaceRoot, '.trail', 'tutor.json');
  let file: z.infer<typeof TutorConfigFile> = {};
  if (existsSync(path)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new TrailError(
        'WORKSPACE_INVALID',
        `.trail/tutor.json is not valid JSON: ${(error as Error).message}`,
        'fix it, or delete it to use the environment variables (docs/tutor.md)',
      );
    }
    const parsed = TutorConfigFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TrailError(
        'WORKSPACE_INVALID',
        `.trail/tutor.json: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
        'docs/tutor.md lists its fields',
      );
    }
    file = parsed.data;
  }
  const base = {
    timeoutMs: file.timeoutMs ?? 60_000,
    contextTokens: file.contextTokens ?? 3000,
    prices: file.prices ?? {},
    embeddingModel: file.embeddingModel ?? env.OPENAI_EMBEDDING_MODEL,
  };
  const provider =
    file.provider ?? (env.ANTHROPIC_API_KEY && !env.OPENAI_BASE_URL ? 'anthropic' : env.OPENAI_BASE_URL || env.OPENAI_API_KEY ? 'openai-compatible' : 'none');
  if (provider === 'anthropic') {
    const model = file.model ?? env.ANTHROPIC_MODEL;
    if (!model)
      throw new TrailError(
        'WORKSPACE_INVALID',
        'the tutor has an Anthropic key but no model name',
        'set ANTHROPIC_MODEL to the model you want, or "model" in .trail/tutor.json',
      );
    return {
      ...base,
      provider,
      baseURL: file.baseURL ?? env.ANTHROPIC_BASE_URL,
      model,
      apiKey: env[file.apiKeyEnv ?? 'ANTHROPIC_API_KEY'],
      source: file.provider ? '.trail/tutor.json' : 'ANTHROPIC_API_KEY',
    };
  }
  if (provider === 'openai-compatible') {
    const model = file.model ?? env.OPENAI_MODEL;
    if (!model)
      throw new TrailError(
        'WORKSPACE_INVALID',
        'the tutor has a model server but no model name',
        'set OPENAI_MODEL (e.g. llama3.2 for Ollama), or "model" in .trail/tutor.json',
      );
    return {
      ...base,
      provider,
      baseURL: file.baseURL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      model,
      apiKey: env[file.apiKeyEnv ?? 'OPENAI_API_KEY'],
      source: file.provider ? '.trail/tutor.json' : 'OPENAI_BASE_URL',
    };
  }
  return {
    ...base,
    provider: 'none',
    baseURL: undefined,
    model: undefined,
    apiKey: undefined,
    source: file.provider ? '.trail/tutor.json' : 'no model configured',
  };
}

/** A streamed reply, and what the call cost once it is over. */
export interface ModelReply {
  textStream: AsyncIterable<string>;
  usage: Promise<{ inputTokens: number | undefined; outputTokens: number | undefined }>;
}

/** What the tutor needs of a model: a streamed chat, and (optionally) embeddings. */
export interface TutorModel {
  name: string;
  chat(input: { system: string; messages: Array<{ role: 'user' | 'assistant'; content: string }>; signal?: AbortSignal; maxOutputTokens?: number }): ModelReply;
  embed?(texts: string[]): Promise<number[][]>;
}

/** The model of a configuration, through the AI SDK; undefined for `none`. */
export async function tutorModel(config: TutorConfig): Promise<TutorModel | undefined> {
  if (config.provider === 'none') return undefined;
  const { streamText, embedMany } = await import('ai');
  // The SDK prints its warnings on stdout, where they would break `--json`; the trace keeps what matters.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  let language: LanguageModel;
  let embedding: EmbeddingModel | undefined;
  if (config.provider === 'anthropic') {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    language = createAnthropic({ ...(config.baseURL ? { baseURL: config.baseURL } : {}), ...(config.apiKey ? { apiKey: config.apiKey } : {}) })(config.model!);
  } else {
    const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
    const provider = createOpenAICompatible({
      name: 'tutor',
      baseURL: config.baseURL!,
      ...(config.apiKey ? { apiKey: config.apiKey } : {}),
      includeUsage: true,
    });
    language = provider.chatModel(config.model!);
    if (config.embeddingModel) embedding = provider.textEmbeddingModel(config.embeddingModel);
  }
  return {
    name: `${config.provider}:${config.model}`,
    chat({ system, messages, signal, maxOutputTokens }) {
      let failure: unknown;
      const abort = signal ? AbortSignal.any([signal, AbortSignal.timeout(config.timeoutMs)]) : AbortSignal.timeout(config.timeoutMs);
      const result = streamText({
        model: language,
        system,
        messages,
        maxOutputTokens: maxOutputTokens ?? 1024,
        maxRetries: 1,
        abortSignal: abort,
        onError: ({ error }) => {
          failure = error;
        },
      });
      // Errors of the stream (a refused key, a timeout) arrive as parts of it: raise them to the caller.
      const textStream = (async function* () {
        for await (const piece of result.textStream) yield piece;
        if (failure) throw failure;
        // An aborted call (the time limit, or the learner's cancel) just ends the stream: say why.
        if (abort.aborted) throw abort.reason;
      })();
      const usage = Promise.resolve(result.usage).then(
        (u) => ({ inputTokens: u.inputTokens, outputTokens: u.outputTokens }),
        () => ({ inputTokens: undefined, outputTokens: undefined }),
      );
      return { textStream, usage };
    },
    ...(embedding ? { embed: async (texts: string[]) => (await embedMany({ model: embedding, values: texts, maxRetries: 1 })).embeddings } : {}),
  };
}

/** A provider's failure as the learner should read it: the status and message, and what to check. */
export function describeModelError(error: unknown, config: TutorConfig): string {
  // After its retries the SDK wraps the last failure: that one says what happened.
  const last = (error as { lastError?: unknown })?.lastError;
  if (last) return describeModelError(last, config);
  const e = error as { name?: string; statusCode?: number; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /aborted|timed? ?out/i.test(e?.message ?? ''))
    return `the model did not answer within ${config.timeoutMs / 1000} s (${config.model} at ${config.baseURL ?? 'the provider'})`;
  if (e?.statusCode === 401 || e?.statusCode === 403)
    return `the model server refused the key (HTTP ${e.statusCode}): check ${config.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'}`;
  if (e?.statusCode) return `the model server answered HTTP ${e.statusCode}: ${(e.message ?? '').slice(0, 200)}`;
  if (e?.cause?.code === 'ECONNREFUSED' || /fetch failed|ECONNREFUSED/i.test(e?.message ?? '')) return `cannot reach the model server at ${config.baseURL}`;
  return `the model failed: ${(e?.message ?? String(error)).slice(0, 200)}`;
}
