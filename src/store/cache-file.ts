import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { writeFileAtomic } from './safe-files.js';

/**
 * A cache file (`.trail/track.json`, `progress.json`, `status.json`): its first line is a JSON
 * head that says what the cache was made from and carries a digest of the rest, the payload's
 * JSON. A file whose head does not match its schema, or whose payload does not match the digest
 * (edited by hand, cut short, damaged, or written by another version), is not used: the cache is
 * simply made again. A cache only ever saves time.
 */
export function writeCacheFile(path: string, head: object, payload: string): void {
  writeFileAtomic(path, `${JSON.stringify({ ...head, digest: digestOf(payload) })}\n${payload}`);
}

/** Reads a cache file written by `writeCacheFile`: its head and payload text, or undefined when it is missing or not whole. */
export function readCacheFile<H extends z.ZodMiniType>(path: string, head: H): { head: z.infer<H>; payload: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const end = text.indexOf('\n');
  if (end < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(0, end));
  } catch {
    return undefined;
  }
  const checked = head.safeParse(parsed);
  const payload = text.slice(end + 1);
  const digest = (parsed as { digest?: unknown } | null)?.digest;
  if (!checked.success || digest !== digestOf(payload)) return undefined;
  return { head: checked.data as z.infer<H>, payload };
}

/** Parses a cache's payload; undefined when it is not JSON (which a matching digest makes a defect, never a crash). */
export function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

function digestOf(payload: string): string {
  return createHash('sha1').update(payload).digest('base64url');
}
