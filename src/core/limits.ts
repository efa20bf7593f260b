/** Seconds from a limit such as "30s", "2 min", "1.5h" or a bare number of seconds. */
export function parseSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$/i.exec(text);
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const seconds = unit === 'ms' ? n / 1000 : unit.startsWith('h') ? n * 3600 : unit.startsWith('m') ? n * 60 : n;
  return seconds > 0 ? seconds : undefined;
}

/** Bytes from a size such as "512MB", "2 GiB", "800k". */
export function parseBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  const bytes = Math.round(Number(match[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}
