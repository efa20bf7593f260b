import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { firstIssue } from '../core/issues.js';
import type { TutorConfig } from './provider.js';

/** One model call of the tutor, as `.trail/tutor/traces.jsonl` keeps it. */
export interface TraceRecord {
  at: string;
  mode: string;
  node: string | null;
  model: string;
  /** Size of what was sent: characters, and tokens estimated at four characters each. */
  promptChars: number;
  promptTokens: number;
  /** The context budget in tokens, the pieces that fit and those left out. */
  contextBudget: number;
  context: string[];
  dropped: string[];
  /** Tokens as the provider counted them (null when it did not say). */
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  /** From the workspace's price table; null when the model has no price there. */
  costUsd: number | null;
  /** The reply reproduced the exercise's solution and was replaced by a hint. */
  guarded: boolean;
  error: string | null;
}

const TRACES = join('.trail', 'tutor', 'traces.jsonl');

/** Appends a trace (one JSON line). */
export function appendTrace(workspaceRoot: string, trace: TraceRecord): void {
  mkdirSync(join(workspaceRoot, '.trail', 'tutor'), { recursive: true });
  appendFileSync(join(workspaceRoot, TRACES), `${JSON.stringify(trace)}\n`);
}

/** The cost of a call from the price table (US dollars per million tokens), or null when unpriced or uncounted. */
export function costOf(config: Pick<TutorConfig, 'prices' | 'model'>, trace: Pick<TraceRecord, 'inputTokens' | 'outputTokens'>): number | null {
  const price = config.model ? config.prices[config.model] : undefined;
  if (!price || trace.inputTokens === null || trace.outputTokens === null) return null;
  return (trace.inputTokens * price.input + trace.outputTokens * price.output) / 1_000_000;
}

const nullableNumber = z.nullable(z.number());
/** A line of traces.jsonl: what the stats add up must be there with its type (more fields may follow in later versions). */
const TraceLine = z.looseObject({
  at: z.string(),
  mode: z.string(),
  node: z.nullable(z.string()),
  model: z.string(),
  promptChars: z.number(),
  promptTokens: z.number(),
  contextBudget: z.number(),
  context: z.array(z.string()),
  dropped: z.array(z.string()),
  inputTokens: nullableNumber,
  outputTokens: nullableNumber,
  latencyMs: z.number(),
  costUsd: nullableNumber,
  guarded: z.boolean(),
  error: z.nullable(z.string()),
});

/** A line of traces.jsonl left out, and why. */
export interface TraceProblem {
  line: number;
  message: string;
}

/** Every trace of the workspace; a line that is not one is left out, counted and named in `problems` (never fatal). */
export function readTraces(workspaceRoot: string): { traces: TraceRecord[]; unreadable: number; problems: TraceProblem[] } {
  const path = join(workspaceRoot, TRACES);
  if (!existsSync(path)) return { traces: [], unreadable: 0, problems: [] };
  const traces: TraceRecord[] = [];
  const problems: TraceProblem[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, at) => {
      if (!line.trim()) return;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        problems.push({ line: at + 1, message: 'is not valid JSON' });
        return;
      }
      const problem = firstIssue(TraceLine, data);
      if (problem) problems.push({ line: at + 1, message: `is not a trace (${problem})` });
      else traces.push(data as TraceRecord);
    });
  return { traces, unreadable: problems.length, problems };
}

/** What `trail tutor --stats` prints: calls, errors, guarded replies, tokens, latency and cost, by mode. */
export function traceStats(traces: readonly TraceRecord[]) {
  const byMode = new Map<string, TraceRecord[]>();
  for (const trace of traces) byMode.set(trace.mode, [...(byMode.get(trace.mode) ?? []), trace]);
  const summary = (list: readonly TraceRecord[]) => {
    const latencies = list.map((t) => t.latencyMs).sort((a, b) => a - b);
    const priced = list.filter((t) => t.costUsd !== null);
    return {
      calls: list.length,
      errors: list.filter((t) => t.error).length,
      guarded: list.filter((t) => t.guarded).length,
      inputTokens: list.reduce((n, t) => n + (t.inputTokens ?? 0), 0),
      outputTokens: list.reduce((n, t) => n + (t.outputTokens ?? 0), 0),
      medianLatencyMs: latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null,
      costUsd: priced.length ? priced.reduce((n, t) => n + t.costUsd!, 0) : null,
      unpriced: list.length - priced.length,
    };
  };
  return { total: summary(traces), byMode: Object.fromEntries([...byMode].sort(([a], [b]) => (a < b ? -1 : 1)).map(([mode, list]) => [mode, summary(list)])) };
}
