import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Every trace of the workspace; lines that cannot be read are counted, not fatal. */
export function readTraces(workspaceRoot: string): { traces: TraceRecord[]; unreadable: number } {
  const path = join(workspaceRoot, TRACES);
  if (!existsSync(path)) return { traces: [], unreadable: 0 };
  const traces: TraceRecord[] = [];
  let unreadable = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      traces.push(JSON.parse(line) as TraceRecord);
    } catch {
      unreadable++;
    }
  }
  return { traces, unreadable };
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
