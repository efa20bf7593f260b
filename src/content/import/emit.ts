import { stringify } from 'yaml';
import type { Track } from '../../core/track.js';
import type { ImportedTrack, ImportedUnit } from './model.js';
import { slug } from './patterns.js';

/** A file of the track to write, relative to the track folder. */
export interface PlannedFile {
  path: string;
  content: string;
}

/** How a re-import changes an existing track: ids kept, added, removed, retitled. */
export interface ImportChanges {
  added: string[];
  removed: string[];
  /** Units whose title changed while their id (and so the learner's progress) was kept. */
  renamed: Array<{ id: string; from: string; to: string }>;
}

/** The track an import writes: its files, where existing node folders move, and what changed. */
export interface TrackPlan {
  id: string;
  files: PlannedFile[];
  /** Existing node folders and where they go (re-import keeps their other files). */
  moves: Array<{ id: string; from: string; to: string }>;
  /** Node folders of units no longer in the document. */
  removed: Array<{ id: string; dir: string }>;
  changes: ImportChanges;
  /** Unit id → node id in the track (differs when a re-import keeps an older id). */
  ids: Map<string, string>;
}

const STOP = new Set(['and', 'the', 'for', 'with', 'from', 'into', 'your', 'you', 'how', 'what', 'why', 'its', 'are', 'was']);

function words(title: string): Set<string> {
  return new Set(
    slug(title)
      .split('-')
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

// Shared words over the smaller title, held back when the titles share little overall:
// "Traits" ~ "Traits and Generics" (1.0), "Intro to Rust" ≁ "Rust Macros" (0).
function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  const jaccard = common / (x.size + y.size - common);
  return jaccard >= 0.3 ? common / Math.min(x.size, y.size) : 0;
}

/**
 * Matches units to the nodes of an earlier version of the track so that ids stay stable:
 * the same id, then the same title, then the most similar title (most of the shorter title's words).
 */
export function matchIds(units: readonly ImportedUnit[], previous: Track | undefined): { ids: Map<string, string>; changes: ImportChanges } {
  const ids = new Map<string, string>();
  const changes: ImportChanges = { added: [], removed: [], renamed: [] };
  if (!previous) {
    for (const unit of units) ids.set(unit.id, unit.id);
    return { ids, changes };
  }
  const free = new Map(previous.nodes.map((node) => [node.id, node]));
  const take = (unit: ImportedUnit, id: string) => {
    ids.set(unit.id, id);
    const old = free.get(id)!;
    free.delete(id);
    if (old.title !== unit.title) changes.renamed.push({ id, from: old.title, to: unit.title });
  };
  for (const unit of units) if (free.has(unit.id)) take(unit, unit.id);
  for (const unit of units) {
    if (ids.has(unit.id)) continue;
    const same = [...free.values()].find((node) => node.title.toLowerCase() === unit.title.toLowerCase());
    if (same) take(unit, same.id);
  }
  const pairs: Array<{ unit: ImportedUnit; id: string; score: number }> = [];
  for (const unit of units) {
    if (ids.has(unit.id)) continue;
    for (const node of free.values()) {
      const score = similarity(unit.title, node.title);
      if (score >= 0.6) pairs.push({ unit, id: node.id, score });
    }
  }
  for (const pair of pairs.sort((a, b) => b.score - a.score)) {
    if (!ids.has(pair.unit.id) && free.has(pair.id)) take(pair.unit, pair.id);
  }
  const used = new Set(ids.values());
  for (const unit of units) {
    if (ids.has(unit.id)) continue;
    let id = unit.id;
    for (let n = 2; used.has(id) || free.has(id); n++) id = `${unit.id}-${n}`;
    ids.set(unit.id, id);
    used.add(id);
    changes.added.push(id);
  }
  changes.removed = [...free.keys()];
  return { ids, changes };
}

const KIND_BY_WORD: Array<[RegExp, string]> = [
  [/^(?:stage|step|level)\b/i, 'stage'],
  [/^(?:milestone|m\d)/i, 'milestone'],
  [/^(?:project|capstone)\b/i, 'project'],
  [/^(?:section|module|lesson|chapter|week|day|unit|session|lecture|class|lab|sprint|part)\b/i, 'section'],
];

function kindOf(unit: ImportedUnit, sourceTitle: string): string {
  if (/\b(?:project|capstone)\b/i.test(unit.title) && unit.source !== 'table-row') return 'project';
  return KIND_BY_WORD.find(([pattern]) => pattern.test(sourceTitle))?.[1] ?? 'topic';
}

function resourceType(url: string): string {
  if (/youtube\.com|youtu\.be|vimeo\.com/i.test(url)) return 'video';
  if (/arxiv\.org|\.pdf($|\?)|openreview\.net|aclanthology/i.test(url)) return 'paper';
  if (/github\.com|gitlab\.com/i.test(url)) return 'repo';
  if (/coursera|udemy|edx\.org|fast\.ai|deeplearning\.ai/i.test(url)) return 'course';
  if (/docs\.|\/docs\/|readthedocs/i.test(url)) return 'docs';
  return 'article';
}

/** The front matter and body of a unit's overview.md. */
export function overviewOf(unit: ImportedUnit, id: string, ids: Map<string, string>, extraCriteria: unknown[] = []): string {
  const front: Record<string, unknown> = { id, title: unit.title, kind: kindOf(unit, unit.sourceTitle) };
  if (unit.phase) front.phase = unit.phase;
  const requires = unit.requires.map((r) => ids.get(r) ?? r);
  if (requires.length > 0) front.requires = requires;
  if (unit.optional) front.optional = true;
  if (unit.anytime) front.anytime = true;
  if (unit.duration) front.duration = unit.duration.text;
  if (unit.objectives.length > 0) front.objectives = unit.objectives;
  if (unit.mvu) front.mvu = unit.mvu;
  const resources = unit.resources
    .filter((r) => r.title)
    .map((r) => (r.url ? { title: r.title, url: r.url, type: resourceType(r.url) } : { title: r.title, type: 'other' }));
  if (resources.length > 0) front.resources = resources;
  if (unit.tools.length > 0) front.tools = unit.tools;
  if (unit.exercise) front.exercise = { text: unit.exercise };
  front.criteria = [...unit.criteria.map((c) => ({ kind: c.kind, id: c.id, text: c.text, minLength: 20 })), ...extraCriteria];
  const body = [
    `# ${unit.title}`,
    unit.prerequisiteText && unit.prerequisitesOutside ? `Prerequisites (outside this track): ${unit.prerequisiteText.text}` : '',
    unit.body,
  ]
    .filter(Boolean)
    .join('\n\n');
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}

/** The track.yaml of an imported track. */
export function trackYamlOf(
  imported: ImportedTrack,
  options: { id: string; version: string; fileName: string | undefined; pace?: { hoursPerWeek: number } },
): string {
  const track: Record<string, unknown> = { id: options.id, title: imported.title };
  if (imported.summary) track.summary = imported.summary;
  track.version = options.version;
  track.rules = imported.rules;
  if (options.pace) track.pace = options.pace;
  if (imported.phases.length > 0) {
    track.phases = imported.phases.map((phase) => {
      const entry: Record<string, unknown> = { id: phase.id, title: phase.title };
      if (phase.summary) entry.summary = phase.summary;
      if (phase.duration) entry.duration = phase.duration.text;
      if (phase.objectives.length > 0) entry.objectives = phase.objectives;
      return entry;
    });
  }
  track.source = { title: imported.title, ...(options.fileName ? { file: options.fileName } : {}) };
  if (imported.notes) track.notes = imported.notes;
  return `# Imported from ${options.fileName ?? 'a roadmap document'} by \`trail import\`; re-import with --into to update.\n${stringify(track, { lineWidth: 0 })}`;
}

/** Where a unit's folder goes: "03-name", or "02-phase/03-name" in a track with phases. */
function folderOf(imported: ImportedTrack, unit: ImportedUnit, id: string, index: number): string {
  const width = Math.max(2, String(imported.units.length).length);
  const own = `${String(index + 1).padStart(width, '0')}-${id}`;
  if (!unit.phase) return own;
  const phaseIndex = imported.phases.findIndex((phase) => phase.id === unit.phase);
  return `${String(phaseIndex + 1).padStart(2, '0')}-${unit.phase}/${own}`;
}

/** Plans the files of the track for an import, keeping ids (and node folders) of an earlier version. */
export function planTrack(imported: ImportedTrack, options: { fileName?: string; previous?: Track; idOverride?: string }): TrackPlan {
  const { ids, changes } = matchIds(imported.units, options.previous);
  const previousNodes = new Map((options.previous?.nodes ?? []).map((node) => [node.id, node]));
  const id = options.idOverride ?? options.previous?.id ?? imported.id;
  const changed = changes.added.length + changes.removed.length + changes.renamed.length > 0;
  const version = options.previous
    ? String(changed && /^\d+$/.test(options.previous.version) ? Number(options.previous.version) + 1 : options.previous.version)
    : '1';
  const files: PlannedFile[] = [
    { path: 'track.yaml', content: trackYamlOf(imported, { id, version, fileName: options.fileName, pace: options.previous?.pace }) },
  ];
  const moves: TrackPlan['moves'] = [];
  imported.units.forEach((unit, index) => {
    const nodeId = ids.get(unit.id)!;
    const dir = folderOf(imported, unit, nodeId, index);
    const before = previousNodes.get(nodeId);
    // Criteria an author added by hand (anything but the attests the importer writes) are kept.
    const kept = (before?.criteria ?? []).filter((c) => c.kind !== 'attest').map(({ id: criterionId, ...rest }) => ({ id: criterionId, ...rest }));
    if (before && before.dir !== dir) moves.push({ id: nodeId, from: before.dir, to: dir });
    files.push({ path: `${dir}/overview.md`, content: overviewOf(unit, nodeId, ids, kept) });
  });
  const removed = changes.removed.map((nodeId) => ({ id: nodeId, dir: previousNodes.get(nodeId)!.dir }));
  return { id, files, moves, removed, changes, ids };
}
