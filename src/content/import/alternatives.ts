import type { Nodes, Root } from 'mdast';
import { lineOf, textOf } from '../markdown/parse.js';
import type { Found, ImportedPhase, ImportedTrack, ImportedUnit } from './model.js';
import { isOptionTitle, plainTitle } from './patterns.js';

/** Phases or units a learner chooses between, and why the importer reads them so. */
export interface Alternatives {
  /** The phases chosen between (empty when units are). */
  phases: string[];
  /** The units chosen between, siblings in one phase (empty when phases are). */
  units: string[];
  line: number;
  text: string;
}

// Sentences that offer a choice: "choose one of the two tracks", "you do not need both".
const CHOOSE =
  /\b(?:choose|pick|select)\s+(?:one|either|a single|1)\b|\beither\b[^.]{0,80}\bor\b|\bone of the (?:two|three|four|following)\b|\byou (?:do not|don't|won't) need (?:both|all)\b/i;
const PATH = /\b(?:track|path|option|specialization|specialisation|elective|route|stream)\b/i;
// "Part 2A", "Part 2B", "Stage 3a", "2b.": one number, several letters.
const LETTERED = /^\W*(?:\p{L}+\s*#?)?(\d+)([a-z])\b/iu;

function sentences(tree: Root): Found[] {
  const found: Found[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'paragraph' || node.type === 'tableCell') {
      found.push({ line: lineOf(node), text: textOf(node) });
      return;
    }
    if (node.type === 'code' || node.type === 'html') return;
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

/** A phase or a unit, as the search for alternatives sees it: siblings share a parent. */
interface Sibling {
  id: string;
  title: string;
  line: number;
  parent: string | null;
}

/**
 * Runs of siblings that are alternatives: labelled as options ("Option A", "Option B"); numbered
 * alike with different letters ("Part 2A", "Part 2B"; "Stage 3a", "Stage 3b") or titled as
 * tracks, paths or options, in a document that offers a choice or when a title of the run names
 * a track, a path or an option.
 */
function runsOf(siblings: readonly Sibling[], choices: readonly Found[]): Array<{ members: Sibling[]; why: Found }> {
  const found: Array<{ members: Sibling[]; why: Found }> = [];
  const lettered = siblings.map((s) => LETTERED.exec(plainTitle(s.title)));
  const option = siblings.map((s) => isOptionTitle(s.title));
  const path = siblings.map((s) => PATH.test(s.title));
  const offered = choices.length > 0;
  const joins = (a: number, b: number) => {
    if (siblings[a]!.parent !== siblings[b]!.parent) return false;
    if (option[a] && option[b]) return true;
    const [la, lb] = [lettered[a], lettered[b]];
    if (la && lb) return la[1] === lb[1] && la[2]!.toLowerCase() !== lb[2]!.toLowerCase() && (offered || path[a]! || path[b]!);
    return !la && !lb && offered && path[a]! && path[b]!;
  };
  let start = 0;
  for (let i = 1; i <= siblings.length; i++) {
    if (i < siblings.length && joins(i - 1, i)) continue;
    if (i - start >= 2) {
      const members = siblings.slice(start, i);
      // The sentence that offers the choice nearest before the run, else the first one, else the titles.
      const first = members[0]!.line;
      const why = choices.filter((c) => c.line <= first).at(-1) ?? choices[0] ?? { line: first, text: members.map((m) => m.title).join(' / ') };
      found.push({ members, why });
    }
    start = i;
  }
  return found;
}

/**
 * Phases, and sibling units of one phase, that are alternatives (see runsOf). Units of a phase
 * that is itself an alternative are not weighed again.
 */
export function findAlternatives(
  tree: Root,
  phases: readonly ImportedPhase[],
  units: readonly ImportedUnit[],
  sourceTitle: (phase: ImportedPhase) => string,
): Alternatives[] {
  const choices = sentences(tree).filter((s) => CHOOSE.test(s.text));
  const phaseRuns = runsOf(
    phases.map((phase) => ({ id: phase.id, title: sourceTitle(phase), line: phase.line, parent: null })),
    choices,
  );
  const parallel = new Set(phaseRuns.flatMap((run) => run.members.map((m) => m.id)));
  const unitRuns = runsOf(
    units
      .filter((unit) => !(unit.phase && parallel.has(unit.phase)) && !unit.anytime)
      .map((unit) => ({ id: unit.id, title: unit.sourceTitle, line: unit.line, parent: unit.phase })),
    choices,
  );
  const entry = (kind: 'phases' | 'units') => (run: { members: Sibling[]; why: Found }) => ({
    phases: kind === 'phases' ? run.members.map((m) => m.id) : [],
    units: kind === 'units' ? run.members.map((m) => m.id) : [],
    line: run.why.line,
    text: run.why.text,
  });
  return [...phaseRuns.map(entry('phases')), ...unitRuns.map(entry('units'))].sort((a, b) => a.line - b.line);
}

/**
 * Alternatives are open side by side and optional: the learner takes one. A unit that named an
 * alternative unit as its prerequisite waits for the unit before the alternatives instead. Under
 * a phase gate, alternative phases (or a phase left with alternative units only) would wait for
 * each other or for nothing, so the gate becomes prerequisites: each phase's first units require
 * the last unit of the phase before that is not an alternative; alternatives require the phase
 * before them; a phase of optional units only (reference, bonus) waits for nothing.
 */
export function openAlternatives(
  units: ImportedUnit[],
  phases: readonly ImportedPhase[],
  alternatives: readonly Alternatives[],
  rules: ImportedTrack['rules'],
): ImportedTrack['rules'] {
  const parallel = new Set(alternatives.flatMap((a) => a.phases));
  for (const unit of units) if (unit.phase && parallel.has(unit.phase)) unit.optional = true;
  // One pass gives each run of alternative units its anchor, the last required unit before it;
  // a second sends what required a member of a run to that anchor.
  const runOf = new Map<string, Set<string>>();
  for (const alternative of alternatives) {
    const members = new Set(alternative.units);
    for (const id of alternative.units) runOf.set(id, members);
  }
  const chosen = new Set(runOf.keys());
  const anchorOf = new Map<Set<string>, ImportedUnit | undefined>();
  let lastRequired: ImportedUnit | undefined;
  for (const unit of units) {
    const run = runOf.get(unit.id);
    if (run) {
      if (!anchorOf.has(run)) anchorOf.set(run, lastRequired);
      unit.optional = true;
      unit.requires = unit.requires.filter((id) => !run.has(id));
    } else if (!unit.optional && !unit.anytime) lastRequired = unit;
  }
  for (const unit of units) {
    if (chosen.has(unit.id) || !unit.requires.some((id) => chosen.has(id))) continue;
    const requires = unit.requires.map((id) => (chosen.has(id) ? anchorOf.get(runOf.get(id)!)?.id : id));
    unit.requires = [...new Set(requires.filter((id): id is string => id !== undefined && id !== unit.id))];
  }
  const byPhase = new Map<string, ImportedUnit[]>(phases.map((phase) => [phase.id, []]));
  for (const unit of units) if (unit.phase) byPhase.get(unit.phase)?.push(unit);
  const leftWithChoices = [...byPhase.values()].some((members) => members.some((unit) => chosen.has(unit.id)) && members.every((unit) => unit.optional));
  if ((parallel.size === 0 && !leftWithChoices) || !rules.includes('phase-gate')) return rules;
  const sequential = rules.includes('sequential');
  let anchor: ImportedUnit | undefined;
  for (const phase of phases) {
    const members = byPhase.get(phase.id) ?? [];
    const require = (unit: ImportedUnit) => {
      if (anchor && !unit.anytime && !unit.requires.includes(anchor.id)) unit.requires.push(anchor.id);
    };
    if (parallel.has(phase.id)) {
      members.forEach(require);
      continue;
    }
    if (members.every((unit) => unit.optional)) {
      members.filter((unit) => chosen.has(unit.id)).forEach(require);
      continue;
    }
    const firstRequired = members.findIndex((unit) => !unit.optional);
    (sequential ? members.slice(0, firstRequired + 1) : members).forEach(require);
    anchor = members.filter((unit) => !unit.optional).at(-1);
  }
  return ['prerequisites', ...rules.filter((rule) => rule !== 'phase-gate' && rule !== 'prerequisites')];
}
