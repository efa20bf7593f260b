/** The candidate nearest to a misspelt word, when it is near enough to suggest. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** Counts words the way a reader would: runs of letters or digits. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}

/** Counts different words, ignoring case: "word word word" is one. */
export function countDistinctWords(text: string): number {
  return new Set((text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu) ?? []).map((word) => word.toLowerCase())).size;
}

/** The different words a journal entry of `words` words needs to count as prose: two in five, at least five. */
export function distinctWordsNeeded(words: number): number {
  return Math.max(5, Math.ceil(words * 0.4));
}

/** A measured number for people: whole numbers as they are, others to `digits` significant figures (5.835e-19, 0.7333, 3). */
export function formatMeasure(value: number, digits = 4): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/**
 * A path as a shell word that a learner can paste: in double quotes (so a space survives, in sh,
 * PowerShell and cmd alike), or in single quotes when it holds a character sh expands inside double quotes.
 */
export function shellWord(path: string): string {
  return /["$`\\!]/.test(path) ? `'${path.replace(/'/g, `'\\''`)}'` : `"${path}"`;
}

/** A `trail …` command made to work from any folder: `--workspace "<root>"` goes right after `trail`. */
export function withWorkspace(command: string, root: string): string {
  return command.startsWith('trail ') ? `trail --workspace ${shellWord(root)} ${command.slice('trail '.length)}` : command;
}
