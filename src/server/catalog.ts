import { join } from 'node:path';
import { findLayout, layoutFingerprint } from '../content/walk.js';
import { BUILTIN_TRACKS, builtinTrackIds } from '../workspace/builtin.js';
import { builtinCatalog, type CatalogEntry } from '../workspace/catalog.js';
import type { ReplyInput } from './api/index.js';
import { CachedJson } from './cached.js';
import { httpErrorOf } from './http-error.js';
import type { Library } from './library.js';
import { FULL_LOOK_MS, type Snapshot } from './live-workspace.js';

type CatalogAnswer = ReplyInput<'GET /tracks'>;

/** Why a followed workspace cannot be opened: it is listed with this instead of its progress. */
export interface Broken {
  code: string;
  message: string;
  hint: string | null;
}

/**
 * `GET /api/tracks`, made once per change: the built-in tracks (looked at again at most once a
 * second) and, for each followed track, its workspace's snapshot, or why it is broken. A broken
 * workspace is listed as such beside the others; it never takes the catalog down.
 */
export class CatalogView {
  private builtin: { at: number; fingerprint: string; entries: CatalogEntry[] } | undefined;
  private last: { parts: unknown[]; body: CachedJson<CatalogAnswer> } | undefined;

  constructor(
    private readonly library: Library,
    private readonly now: () => number = Date.now,
  ) {}

  /** The catalog's answer as things are now. */
  async body(): Promise<CachedJson<CatalogAnswer>> {
    const builtin = this.library.mode === 'home' ? this.builtinEntries() : [];
    const followed = this.library.followed();
    const states = await Promise.all(followed.map((id) => this.library.snapshot(id).catch((error: unknown) => ({ error }))));
    const parts = [builtin, ...followed, ...states];
    if (this.last && this.last.parts.length === parts.length && this.last.parts.every((part, i) => part === parts[i])) return this.last.body;
    const body = new CachedJson({ mode: this.library.mode, tracks: listing(builtin, followed, states) });
    this.last = { parts, body };
    return body;
  }

  private builtinEntries(): CatalogEntry[] {
    const now = this.now();
    if (this.builtin && now - this.builtin.at < FULL_LOOK_MS) return this.builtin.entries;
    const fingerprint = builtinTrackIds()
      .map((id) => `${id}:${layoutFingerprint(join(BUILTIN_TRACKS, id), findLayout(join(BUILTIN_TRACKS, id)))}`)
      .join(',');
    if (this.builtin?.fingerprint !== fingerprint) this.builtin = { at: now, fingerprint, entries: builtinCatalog() };
    else this.builtin.at = now;
    return this.builtin.entries;
  }
}

function listing(builtin: CatalogEntry[], followed: string[], states: Array<Snapshot | { error: unknown }>) {
  const byId = new Map(followed.map((id, i) => [id, states[i]!]));
  const tracks = builtin.map((entry) => ({ ...entry, ...followedState(byId.get(entry.id)) }));
  const listed = new Set(builtin.map((entry) => entry.id));
  // Followed workspaces of tracks that are not built in (imported ones, or the one served).
  for (const [id, state] of byId) {
    if (listed.has(id)) continue;
    const track = 'session' in state ? state.session.track : undefined;
    tracks.push({
      id,
      title: track?.title ?? id,
      summary: track?.summary ?? null,
      nodes: track?.nodes.length ?? 0,
      phases: track?.phases.length ?? 0,
      rules: track?.rules ?? [],
      hours: null,
      valid: track !== undefined,
      ...followedState(state),
    });
  }
  return tracks;
}

function followedState(state: Snapshot | { error: unknown } | undefined): {
  following: boolean;
  progress: Snapshot['session']['state']['progress'] | null;
  broken: Broken | null;
} {
  if (!state) return { following: false, progress: null, broken: null };
  if ('session' in state) return { following: true, progress: state.session.state.progress, broken: null };
  const error = httpErrorOf(state.error);
  return { following: true, progress: null, broken: { code: error.code, message: error.message, hint: error.hint ?? null } };
}
