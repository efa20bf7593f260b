import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import type { ImportedTrack } from './model.js';

/** One unit of a fixture's intent: what a careful reader takes from the document. */
export interface IntentUnit {
  title: string;
  phase: string | null;
  optional: boolean;
  anytime: boolean;
  duration: string | null;
  /** Titles of the units it requires. */
  requires: string[];
  /** Task-list items read as its checklist, and how many of them are ticked. */
  checklist: number;
  done: number;
  /** Words each of some criterion of the unit holds (exit criteria, milestones, projects, …). */
  criteria?: string[];
  /** Words its outside-knowledge prerequisites hold. */
  prerequisites?: string;
  /** How many resources it lists. */
  resources?: number;
  /** Words its body keeps (labels the importer does not know are kept as written). */
  body?: string[];
}

/** A fixture's intent.json: the track a careful reader would make of input.md, and why. */
export interface Intent {
  /** What the document is like and what the reading must get right. */
  note?: string;
  curriculum: boolean;
  title?: string;
  phases?: string[];
  rules?: string[];
  units?: IntentUnit[];
  ignored?: string[];
  /** Words the track notes must hold (text that belongs to no unit). */
  notes?: string[];
  /** True when the document is ambiguous enough that the importer should warn. */
  unsure?: boolean;
}

/** How one fixture was read, against its intent. */
export interface FixtureScore {
  name: string;
  /** The units' titles, in order, are the intended ones (for a document that is not a roadmap: it was refused). */
  units: boolean;
  /** The phases' titles, and each unit's phase, are the intended ones. */
  phases: boolean;
  /** Each unit's optional and any-time flags, duration, prerequisites and ticked items are the intended ones. */
  details: boolean;
  /** Intended criteria (checklist items, keyed criteria, prerequisites, resources, kept words) found where they belong. */
  criteria: { kept: number; expected: number };
  /** Shares of the document's text (non-blank characters) in the units' bodies and in the track notes. */
  inUnits: number;
  inNotes: number;
  /** Warnings about the reading (the structure chosen, text left out, uneven units, sections not attached). */
  warnings: number;
  unsure: boolean;
  /** The rules read differ from the intended ones. */
  rules: boolean;
  error?: string;
}

/** The scorecard of the importer over its fixtures. */
export interface Scorecard {
  fixtures: FixtureScore[];
  total: {
    fixtures: number;
    units: number;
    phases: number;
    details: number;
    rules: number;
    criteriaKept: number;
    criteriaExpected: number;
    inUnits: number;
    inNotes: number;
    /** Fixtures marked unsure that raised a warning, of those marked unsure. */
    warnedWhenUnsure: number;
    unsure: number;
    /** Fixtures not marked unsure that raised a warning. */
    falseAlarms: number;
  };
}

/** Warnings about the reading itself, as opposed to dropped prerequisites. */
export const STRUCTURE_WARNINGS = new Set(['close-call', 'notes', 'uneven', 'unattached']);

/** The fixtures of a folder: one sub-folder each, with input.md and intent.json. */
export function readFixtures(dir: string): Array<{ name: string; input: string; intent: Intent }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'intent.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      input: readFileSync(join(dir, name, 'input.md'), 'utf8'),
      intent: JSON.parse(readFileSync(join(dir, name, 'intent.json'), 'utf8')) as Intent,
    }));
}

const solid = (text: string) => text.replace(/\s+/g, '').length;
const includes = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());

/** Scores one reading of a fixture against its intent. */
export function scoreFixture(name: string, input: string, intent: Intent, read: (input: string) => ImportedTrack): FixtureScore {
  const blank: FixtureScore = {
    name,
    units: false,
    phases: false,
    details: false,
    rules: false,
    criteria: { kept: 0, expected: 0 },
    inUnits: 0,
    inNotes: 0,
    warnings: 0,
    unsure: intent.unsure === true,
  };
  let track: ImportedTrack;
  try {
    track = read(input);
  } catch (error) {
    const refused = error instanceof TrailError && error.code === 'NO_CURRICULUM';
    if (!intent.curriculum && refused) return { ...blank, units: true, phases: true, details: true, rules: true };
    return { ...blank, error: (error as Error).message };
  }
  if (!intent.curriculum) return { ...blank, error: 'read as a roadmap, but it is not one' };
  const wanted = intent.units ?? [];
  const units = track.units.map((u) => u.title).join('\n') === wanted.map((u) => u.title).join('\n');
  const phaseTitle = new Map(track.phases.map((p) => [p.id, p.title]));
  const phases =
    units &&
    track.phases.map((p) => p.title).join('\n') === (intent.phases ?? []).join('\n') &&
    track.units.every((u, i) => (u.phase ? phaseTitle.get(u.phase)! : null) === wanted[i]!.phase);
  const idOf = new Map(track.units.map((u) => [u.title, u.id]));
  const details =
    units &&
    track.units.every((u, i) => {
      const want = wanted[i]!;
      const boxes = u.criteria.filter((c) => c.done !== undefined);
      const requires = want.requires.map((title) => idOf.get(title) ?? `(unknown: ${title})`).sort();
      return (
        u.optional === want.optional &&
        u.anytime === want.anytime &&
        (u.duration?.text ?? null) === want.duration &&
        [...u.requires].sort().join() === requires.join() &&
        boxes.length === want.checklist &&
        boxes.filter((c) => c.done).length === want.done
      );
    });
  const intendedRules = intent.rules && intent.rules.length > 0 ? intent.rules : track.phases.length > 1 ? ['sequential', 'phase-gate'] : ['sequential'];
  const rules = [...track.rules].sort().join() === [...intendedRules].sort().join();

  let kept = 0;
  let expected = 0;
  const byTitle = new Map(track.units.map((u) => [u.title, u]));
  for (const want of wanted) {
    const unit = byTitle.get(want.title);
    const texts = unit ? unit.criteria.map((c) => c.text) : [];
    expected += want.checklist;
    kept += Math.min(want.checklist, unit ? unit.criteria.filter((c) => c.done !== undefined).length : 0);
    for (const words of want.criteria ?? []) {
      expected++;
      if (texts.some((text) => includes(text, words))) kept++;
    }
    if (want.prerequisites !== undefined) {
      expected++;
      if (unit?.prerequisiteText && unit.prerequisitesOutside && includes(unit.prerequisiteText.text, want.prerequisites)) kept++;
    }
    if (want.resources !== undefined) {
      expected++;
      if (unit && unit.resources.length === want.resources) kept++;
    }
    for (const words of want.body ?? []) {
      expected++;
      if (unit && includes(unit.body, words)) kept++;
    }
  }
  for (const words of intent.notes ?? []) {
    expected++;
    if (includes(track.notes, words)) kept++;
  }
  const total = solid(input) || 1;
  return {
    name,
    units,
    phases,
    details,
    rules,
    criteria: { kept, expected },
    inUnits: Math.min(1, track.units.reduce((sum, u) => sum + solid(u.body), 0) / total),
    inNotes: Math.min(1, solid(track.notes) / total),
    warnings: track.warnings.filter((w) => STRUCTURE_WARNINGS.has((w as { kind?: string }).kind ?? '')).length,
    unsure: intent.unsure === true,
  };
}

/** The scorecard of a reader over fixtures. */
export function scorecard(fixtures: ReadonlyArray<{ name: string; input: string; intent: Intent }>, read: (input: string) => ImportedTrack): Scorecard {
  const scores = fixtures.map((f) => scoreFixture(f.name, f.input, f.intent, read));
  const count = (test: (s: FixtureScore) => boolean) => scores.filter(test).length;
  const mean = (value: (s: FixtureScore) => number) => (scores.length ? scores.reduce((sum, s) => sum + value(s), 0) / scores.length : 0);
  return {
    fixtures: scores,
    total: {
      fixtures: scores.length,
      units: count((s) => s.units),
      phases: count((s) => s.phases),
      details: count((s) => s.details),
      rules: count((s) => s.rules),
      criteriaKept: scores.reduce((sum, s) => sum + s.criteria.kept, 0),
      criteriaExpected: scores.reduce((sum, s) => sum + s.criteria.expected, 0),
      inUnits: round(mean((s) => s.inUnits)),
      inNotes: round(mean((s) => s.inNotes)),
      warnedWhenUnsure: count((s) => s.unsure && s.warnings > 0),
      unsure: count((s) => s.unsure),
      falseAlarms: count((s) => !s.unsure && s.warnings > 0),
    },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The scorecard as a table for people: one line a fixture, then the totals. */
export function formatScorecard(card: Scorecard): string {
  const mark = (ok: boolean) => (ok ? 'yes' : ' - ');
  const pct = (value: number) => `${Math.round(value * 100)}%`.padStart(4);
  const lines = [`${'fixture'.padEnd(40)} units phases details rules criteria  in units  in notes  warnings`];
  for (const s of card.fixtures) {
    const warned = `${s.warnings}${s.unsure ? ' (unsure)' : ''}`;
    lines.push(
      `${s.name.padEnd(40)} ${mark(s.units).padStart(5)} ${mark(s.phases).padStart(6)} ${mark(s.details).padStart(7)} ${mark(s.rules).padStart(5)} ${`${s.criteria.kept}/${s.criteria.expected}`.padStart(8)}  ${pct(s.inUnits).padStart(8)}  ${pct(s.inNotes).padStart(8)}  ${warned}${s.error ? `   error: ${s.error.slice(0, 80)}` : ''}`,
    );
  }
  const t = card.total;
  lines.push(
    '',
    `total: ${t.fixtures} fixtures · units exact ${t.units}/${t.fixtures} · phases exact ${t.phases}/${t.fixtures} · details exact ${t.details}/${t.fixtures} · rules ${t.rules}/${t.fixtures} · criteria kept ${t.criteriaKept}/${t.criteriaExpected} · text in units ${pct(t.inUnits).trim()}, in notes ${pct(t.inNotes).trim()} (mean) · warned on ${t.warnedWhenUnsure}/${t.unsure} unsure fixtures, ${t.falseAlarms} other fixtures warned`,
  );
  return lines.join('\n');
}

/** What got worse since a baseline: totals that went down, fixtures read exactly before and not now. */
export function regressions(card: Scorecard, baseline: Scorecard): string[] {
  const found: string[] = [];
  const keys = ['units', 'phases', 'details', 'rules', 'criteriaKept', 'warnedWhenUnsure'] as const;
  for (const key of keys) if (card.total[key] < baseline.total[key]) found.push(`total ${key}: ${card.total[key]} < ${baseline.total[key]}`);
  if (card.total.falseAlarms > baseline.total.falseAlarms) found.push(`total falseAlarms: ${card.total.falseAlarms} > ${baseline.total.falseAlarms}`);
  const now = new Map(card.fixtures.map((s) => [s.name, s]));
  for (const before of baseline.fixtures) {
    const after = now.get(before.name);
    if (!after) {
      found.push(`${before.name}: fixture gone`);
      continue;
    }
    for (const key of ['units', 'phases', 'details', 'rules'] as const)
      if (before[key] && !after[key]) found.push(`${before.name}: ${key} no longer as intended`);
    if (after.criteria.kept < before.criteria.kept) found.push(`${before.name}: criteria kept ${after.criteria.kept} < ${before.criteria.kept}`);
  }
  return found;
}
