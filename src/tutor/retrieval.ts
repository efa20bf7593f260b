import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch, { type SearchResult } from 'minisearch';
import * as z from 'zod/mini';
import { firstIssue } from '../core/issues.js';
import type { Track } from '../core/track.js';
import { readJsonInside, writeFileAtomic } from '../store/safe-files.js';
import { trackPassages, type Passage } from './passages.js';

/** A passage found for a question, with its score and where it comes from. */
export interface Hit {
  passage: Passage;
  score: number;
}

/** What of the track this learner may see: hints revealed, quiz questions answered in a graded attempt. */
export interface Visibility {
  hintsShown: ReadonlyMap<string, number>;
  answered: ReadonlySet<string>;
}

const FIELDS = ['heading', 'text', 'nodeTitle'];
// Words that say nothing about a topic: dropped from passages and questions alike, so a question
// is matched on its content words (and searched faster).
const STOP_WORDS = new Set(
  'a an and are as at be but by can could did do does doing for from had has have how i if in into is it its me my of on or our should so than that the their them then there these they this to was we what when where which while who why will with would you your'.split(
    ' ',
  ),
);
const OPTIONS = {
  fields: FIELDS,
  processTerm: (term: string) => {
    const lower = term.toLowerCase();
    return STOP_WORDS.has(lower) ? null : lower;
  },
  storeFields: ['node', 'nodeTitle', 'kind', 'heading', 'text', 'hint', 'question'],
  // Prefix and fuzzy matching only for longer words: short ones match too much, and cost time.
  searchOptions: { boost: { heading: 2, nodeTitle: 1.5 }, prefix: (term: string) => term.length > 4, fuzzy: (term: string) => (term.length > 6 ? 0.1 : false) },
};

// Bumped whenever what the index holds or how it reads words changes: older files are not loaded.
const INDEX_FORMAT = 2;

const KIND_WEIGHT: Record<string, number> = { mvu: 0.7, objectives: 0.6, resources: 0.8 };

/** What says whether the learner may see a found passage, from the fields the index stores (storeFields). */
function storedOf(result: SearchResult): Pick<Passage, 'kind' | 'node' | 'hint' | 'question'> {
  return { kind: result.kind, node: result.node, hint: result.hint, question: result.question };
}

/** The track's retrieval index: BM25 (MiniSearch) over its passages. */
export class CourseIndex {
  private constructor(
    private readonly search: MiniSearch<Passage>,
    readonly passages: Passage[],
    private readonly fingerprint: string,
    private readonly warn?: (message: string) => void,
  ) {}

  /** Builds the index of a track. */
  static build(trackDir: string, track: Track, fingerprint = 'unkept', warn?: (message: string) => void): CourseIndex {
    const passages = trackPassages(trackDir, track);
    const search = new MiniSearch<Passage>(OPTIONS);
    search.addAll(passages);
    return new CourseIndex(search, passages, fingerprint, warn);
  }

  /**
   * The index of a track version, built once and kept in the workspace (`.trail/tutor/`), keyed
   * by the track's fingerprint; an index of an earlier version is removed.
   */
  static cached(workspaceRoot: string, trackDir: string, track: Track, fingerprint: string, warn?: (message: string) => void): CourseIndex {
    const dir = join(workspaceRoot, '.trail', 'tutor');
    const name = `index-v${INDEX_FORMAT}-${fingerprint.slice(0, 16)}.json`;
    const path = join(dir, name);
    const saved = readJsonInside(workspaceRoot, path, MAX_CACHE_BYTES);
    if (saved) {
      const loaded = 'data' in saved ? loadIndex(saved.data) : saved;
      if ('search' in loaded) return new CourseIndex(loaded.search, loaded.passages, fingerprint, warn);
      // Keyed by the track's fingerprint, a damaged cache would stay in the way until the track changed.
      warn?.(`.trail/tutor/${name}: ${loaded.problem}; the tutor's index is made again`);
    }
    const index = CourseIndex.build(trackDir, track, fingerprint, warn);
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir).filter(
      (name) => (name.startsWith('index-') && join(dir, name) !== path) || (name.startsWith('embeddings-') && !name.includes(fingerprint.slice(0, 16))),
    ))
      rmSync(join(dir, old), { force: true });
    writeFileAtomic(path, JSON.stringify({ passages: index.passages, index: index.search.toJSON() }));
    return index;
  }

  /** The passages that answer a question best, first; only what the learner may see. */
  query(question: string, options: { node?: string; limit?: number; visible: Visibility; kinds?: readonly string[] }): Hit[] {
    const limit = options.limit ?? 5;
    const results = this.search.search(question, {
      filter: (result) => {
        const stored = storedOf(result);
        return this.visible(stored, options.visible) && (!options.kinds || options.kinds.includes(stored.kind));
      },
      // The node the learner is on counts double: its passages answer "this" and "here". Summaries
      // (MVU, objectives) share words with everything; the text that teaches ranks above them.
      boostDocument: (_id, _term, stored) => (options.node && stored?.node === options.node ? 2 : 1) * (KIND_WEIGHT[stored?.kind as string] ?? 1),
    });
    return results.slice(0, limit).map((result) => ({ passage: this.byId(String(result.id)), score: result.score }));
  }

  /** Passages of one node of given kinds, in document order (no query). */
  of(node: string, kinds: readonly string[], visible: Visibility): Passage[] {
    return this.passages.filter((p) => p.node === node && kinds.includes(p.kind) && this.visible(p, visible));
  }

  private byId(id: string): Passage {
    return this.passages.find((p) => p.id === id)!;
  }

  /**
   * Embeddings of every passage with a model, computed once per track version and model and
   * kept beside the index (`.trail/tutor/embeddings-<fingerprint>-<model>.json`).
   */
  async embeddings(workspaceRoot: string, model: string, embed: (texts: string[]) => Promise<number[][]>): Promise<number[][]> {
    const name = `embeddings-${this.fingerprint.slice(0, 16)}-${model.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
    const path = join(workspaceRoot, '.trail', 'tutor', name);
    const saved = readJsonInside(workspaceRoot, path, MAX_CACHE_BYTES);
    if (saved) {
      const problem = 'problem' in saved ? saved.problem : embeddingsProblem(saved.data, this.passages.length);
      if (!problem && 'data' in saved) return saved.data as number[][];
      this.warn?.(`.trail/tutor/${name}: ${problem}; the embeddings are computed again`);
    }
    const vectors: number[][] = [];
    for (let i = 0; i < this.passages.length; i += 64)
      vectors.push(...(await embed(this.passages.slice(i, i + 64).map((p) => `${p.nodeTitle} — ${p.heading}\n${p.text}`))));
    mkdirSync(join(workspaceRoot, '.trail', 'tutor'), { recursive: true });
    writeFileAtomic(path, JSON.stringify(vectors));
    return vectors;
  }

  /** Whether the learner may see a passage: a hint once revealed, an explanation once its question was answered. */
  isVisible(passage: Pick<Passage, 'kind' | 'node' | 'hint' | 'question'>, visible: Visibility): boolean {
    return this.visible(passage, visible);
  }

  private visible(passage: Pick<Passage, 'kind' | 'node' | 'hint' | 'question'>, visible: Visibility): boolean {
    if (passage.kind === 'hint') return (passage.hint ?? Infinity) <= (visible.hintsShown.get(passage.node) ?? 0);
    if (passage.kind === 'explanation') return visible.answered.has(`${passage.node}#${passage.question}`);
    return true;
  }
}

// A cache is made by the tutor from the track: a file this large was put there by something else.
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

const SavedIndex = z.object({
  passages: z.array(
    z.looseObject({
      id: z.string(),
      node: z.string(),
      nodeTitle: z.string(),
      kind: z.string(),
      heading: z.string(),
      text: z.string(),
      hint: z.optional(z.number()),
      question: z.optional(z.string()),
    }),
  ),
  index: z.record(z.string(), z.unknown()),
});

// The index kept in `.trail/tutor/`, checked against its schema and against itself (one document per passage).
function loadIndex(data: unknown): { search: MiniSearch<Passage>; passages: Passage[] } | { problem: string } {
  const problem = firstIssue(SavedIndex, data);
  if (problem) return { problem: `is not a tutor index: ${problem}` };
  const saved = data as { passages: Passage[]; index: unknown };
  let search: MiniSearch<Passage>;
  try {
    search = MiniSearch.loadJS(saved.index as never, OPTIONS);
  } catch (error) {
    return { problem: `is not a tutor index: ${(error as Error).message}` };
  }
  const ids = new Set(saved.passages.map((passage) => passage.id));
  if (search.documentCount !== saved.passages.length || ids.size !== saved.passages.length || !saved.passages.every((passage) => search.has(passage.id)))
    return { problem: 'is not a tutor index: its passages and its index do not match' };
  return { search, passages: saved.passages };
}

// What is wrong with kept embeddings: one list of numbers per passage, all of one length.
function embeddingsProblem(data: unknown, passages: number): string | undefined {
  const problem = firstIssue(z.array(z.array(z.number())), data);
  if (problem) return `is not a list of embeddings: ${problem}`;
  const vectors = data as number[][];
  if (vectors.length !== passages) return `holds ${vectors.length} embeddings for ${passages} passages`;
  if (vectors.some((vector) => vector.length === 0 || vector.length !== vectors[0]!.length)) return 'holds embeddings of different lengths';
  return undefined;
}

/** Reciprocal rank fusion of several rankings (k = 60): what both BM25 and embeddings rank high comes first. */
export function fuseRankings(rankings: ReadonlyArray<readonly string[]>, k = 60): string[] {
  const score = new Map<string, number>();
  for (const ranking of rankings) ranking.forEach((id, rank) => score.set(id, (score.get(id) ?? 0) + 1 / (k + rank + 1)));
  return [...score.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
