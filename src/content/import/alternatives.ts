import type { Nodes, Root } from 'mdast';
import { lineOf, textOf } from '../markdown/parse.js';
import type { ImportedPhase, ImportedTrack, ImportedUnit } from './model.js';
import { plainTitle } from './patterns.js';

/** Phases a learner chooses between, and why the importer reads them so. */
export interface Alternatives {
  phases: string[];
  line: number;
  text: string;
}

// Sentences that offer a choice: "choose one of the two tracks", "you do not need both".
const CHOOSE =
  /\b(?:choose|pick|select)\s+(?:one|either|a single|1)\b|\beither\b[^.]{0,80}\bor\b|\bone of the (?:two|three|four|following)\b|\byou (?:do not|don't|won't) need (?:both|all)\b/i;
const PATH = /\b(?:track|path|option|specialization|specialisation|elective|route|stream)\b/i;
// "Part 2A", "Part 2B": one number, several letters.
const LETTERED = /^\W*\p{L}+\s*#?(\d+)([a-z])\b/iu;

function sentences(tree: Root): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = [];
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

/**
 * Runs of phases that are alternatives: numbered alike with different letters ("Part 2A",
 * "Part 2B"), or titled as tracks, paths or options in a document that tells the learner to
 * choose one.
 */
export function findAlternatives(tree: Root, phases: readonly ImportedPhase[], sourceTitle: (phase: ImportedPhase) => string): Alternatives[] {
  const found: Alternatives[] = [];
  const choice = sentences(tree).find((s) => CHOOSE.test(s.text));
  let run: ImportedPhase[] = [];
  const flush = (why: { line: number; text: string }) => {
    if (run.length >= 2) found.push({ phases: run.map((p) => p.id), line: why.line, text: why.text });
    run = [];
  };
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i]!;
    const lettered = LETTERED.exec(plainTitle(sourceTitle(phase)));
    const previous = run.at(-1);
    const previousLettered = previous ? LETTERED.exec(plainTitle(sourceTitle(previous))) : null;
    if (lettered && previousLettered && lettered[1] === previousLettered[1]) {
      run.push(phase);
      continue;
    }
    if (!lettered && choice && PATH.test(sourceTitle(phase)) && previous && PATH.test(sourceTitle(previous)) && !previousLettered) {
      run.push(phase);
      continue;
    }
    flush(choice ?? { line: run[0]?.line ?? 0, text: run.map((p) => sourceTitle(p)).join(' / ') });
    if (lettered || (choice && PATH.test(sourceTitle(phase)))) run = [phase];
  }
  flush(choice ?? { line: run[0]?.line ?? 0, text: run.map((p) => sourceTitle(p)).join(' / ') });
  return found;
}

/**
 * Alternatives are open side by side and optional: the learner takes one. Under a phase gate
 * they would wait for each other, so the gate becomes prerequisites: each phase's first units
 * require the last unit of the phase before that is not an alternative; alternatives require the
 * phase before them; a phase of optional units only (reference, bonus) waits for nothing.
 */
export function openAlternatives(
  units: ImportedUnit[],
  phases: readonly ImportedPhase[],
  alternatives: readonly Alternatives[],
  rules: ImportedTrack['rules'],
): ImportedTrack['rules'] {
  const parallel = new Set(alternatives.flatMap((a) => a.phases));
  for (const unit of units) if (unit.phase && parallel.has(unit.phase)) unit.optional = true;
  if (parallel.size === 0 || !rules.includes('phase-gate')) return rules;
  const sequential = rules.includes('sequential');
  let anchor: ImportedUnit | undefined;
  for (const phase of phases) {
    const members = units.filter((unit) => unit.phase === phase.id);
    const require = (unit: ImportedUnit) => {
      if (anchor && !unit.anytime && !unit.requires.includes(anchor.id)) unit.requires.push(anchor.id);
    };
    if (parallel.has(phase.id)) {
      members.forEach(require);
      continue;
    }
    if (members.every((unit) => unit.optional)) continue;
    const firstRequired = members.findIndex((unit) => !unit.optional);
    (sequential ? members.slice(0, firstRequired + 1) : members).forEach(require);
    anchor = members.filter((unit) => !unit.optional).at(-1);
  }
  return ['prerequisites', ...rules.filter((rule) => rule !== 'phase-gate' && rule !== 'prerequisites')];
}
