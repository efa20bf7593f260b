import type { Nodes, Root } from 'mdast';
import { buildGraph, cycleComponents, findCycle, topologicalOrder } from '../../core/graph.js';
import type { Track } from '../../core/track.js';
import { lineOf, textOf } from '../markdown/parse.js';
import type { Found, ImportedPhase, ImportedTrack, ImportedUnit } from './model.js';

const UNIT = '(?:milestones?|units?|lessons?|steps?|stages?|modules?|weeks?|sections?|chapters?|tasks?|topics?|items?|levels?)';
const BLOCK = "(?:cannot|can't|can ?not|must not|mustn't|do not|don't|may not|should not|shouldn't|never|only|no)";
const SEQUENTIAL = [
  new RegExp(
    `${BLOCK}\\b[^.]{0,60}\\b(?:start|begin|move on|proceed|advance|unlock|skip|attempt|work on)\\b[^.]{0,80}\\b(?:until|before|unless|after|once)\\b[^.]{0,80}\\b(?:previous|prior|preceding|earlier|all (?:the )?(?:previous|prior|earlier))\\b[^.]{0,40}\\b${UNIT}`,
    'i',
  ),
  new RegExp(
    `\\b${UNIT}\\b[^.]{0,40}\\b(?:are|is|must be)\\b[^.]{0,20}\\b(?:strictly |completed |done |taken |followed )?(?:sequential|in order|one after (?:the )?other|in sequence)`,
    'i',
  ),
  /\bsequential advancement\b/i,
  new RegExp(`\\b(?:one|a single) ${UNIT} at a time\\b`, 'i'),
  new RegExp(`\\b${UNIT}\\b[^.]{0,30}\\bstays? locked until\\b`, 'i'),
  new RegExp(`\\b(?:work|go|move|proceed) through (?:the |all )?${UNIT}\\b[^.]{0,20}\\bin order\\b`, 'i'),
  /\bno skipping(?: ahead)?\b/i,
  /\b(?:don't|do not|never|no) skip(?:ping)? ahead\b/i,
  new RegExp(`\\b(?:complete|do|finish|take|follow|work through)\\b (?:the |all |these |all the )?${UNIT}\\b[^.;]{0,20}\\bin (?:order|sequence)\\b`, 'i'),
  /\b(?:strictly|must be done|must be completed|work through them|follow them)\b[^.]{0,20}\b(?:in order|sequentially|in sequence)\b/i,
];
const PHASE_GATE = [
  new RegExp(
    `${BLOCK}\\b[^.]{0,40}\\b(?:enter|start|begin|move to|move on to|unlock|open)\\b[^.]{0,40}\\b(?:a |the |any |next )?(?:new |next )?phase\\b[^.]{0,80}\\b(?:until|before|unless|after|once|when)\\b[^.]{0,80}\\b(?:previous|prior|preceding|earlier|last|current)\\b`,
    'i',
  ),
  /\bphases?\b[^.]{0,60}\b(?:can|may) only\b[^.]{0,30}\b(?:begin|start|open)\b[^.]{0,60}\b(?:after|once|when)\b[^.]{0,60}\b(?:previous|prior|preceding|earlier|last)\b/i,
  /\bphase completion\b/i,
  /\bphases? (?:are|act as|work as) (?:hard )?gates?\b/i,
  /\b(?:don't|do not|never|won't|cannot|can't)\b[^.]{0,30}\b(?:begin|start|enter)\b[^.]{0,40}\bphase\b[^.]{0,20}\buntil\b[^.]{0,30}\bphase before\b/i,
  /\b(?:each|every) phase\b[^.]{0,60}\b(?:must be|has to be|needs to be)\b[^.]{0,20}\b(?:complete|completed|finished|done)\b[^.]{0,40}\bbefore\b/i,
];

function prose(tree: Root): Found[] {
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

/**
 * Decides the track's rules: what its prose says ("You cannot start a milestone until all
 * previous milestones are completed" → sequential; "cannot enter a phase until…" → phase gate),
 * prerequisites when units name them, and otherwise the document's order. Prerequisites that
 * would close a cycle are dropped, with a warning.
 */
export function settleRules(
  tree: Root,
  units: ImportedUnit[],
  phases: ImportedPhase[],
  warnings: ImportedTrack['warnings'],
): { rules: ImportedTrack['rules']; rulesFrom: Found[] } {
  const rulesFrom: Found[] = [];
  let sequential = false;
  let gate = false;
  for (const paragraph of prose(tree)) {
    if (!sequential && SEQUENTIAL.some((pattern) => pattern.test(paragraph.text))) {
      sequential = true;
      rulesFrom.push(paragraph);
    }
    if (!gate && phases.length > 1 && PHASE_GATE.some((pattern) => pattern.test(paragraph.text))) {
      gate = true;
      rulesFrom.push(paragraph);
    }
  }
  const explicit = units.some((unit) => unit.requires.length > 0 || unit.anytime);
  const rules: ImportedTrack['rules'] = [];
  if (explicit) rules.push('prerequisites');
  if (sequential) rules.push('sequential');
  if (gate) rules.push('phase-gate');
  if (rules.length === 0) {
    rules.push('sequential');
    if (phases.length > 1) rules.push('phase-gate');
  }
  breakCycles(units, phases, rules, warnings);
  return { rules, rulesFrom };
}

// Drops the prerequisite that points furthest forward in each cycle until none is left.
function breakCycles(units: ImportedUnit[], phases: ImportedPhase[], rules: ImportedTrack['rules'], warnings: ImportedTrack['warnings']): void {
  for (let guard = 0; guard < units.length * 4 + 4; guard++) {
    const graph = buildGraph(skeleton(units, phases, rules));
    const { stuck } = topologicalOrder(graph);
    if (stuck.length === 0) return;
    const component = cycleComponents(graph, stuck)[0];
    const cycle = component ? findCycle(graph, component) : undefined;
    let dropped = false;
    if (cycle) {
      // Edges u → v of the cycle that are explicit requires (v requires u); drop the one whose u is latest.
      const candidates: Array<{ from: number; to: number }> = [];
      for (let i = 0; i + 1 < cycle.length; i++) {
        const from = cycle[i]!;
        const to = cycle[i + 1]!;
        if (from < units.length && to < units.length && units[to]!.requires.includes(units[from]!.id)) candidates.push({ from, to });
      }
      const worst = candidates.sort((a, b) => b.from - a.from)[0];
      if (worst) {
        const unit = units[worst.to]!;
        unit.requires = unit.requires.filter((id) => id !== units[worst.from]!.id);
        warnings.push({
          line: unit.prerequisiteText?.line ?? unit.line,
          text: unit.prerequisiteText?.text ?? unit.title,
          reason: `dropped "${units[worst.from]!.id}" from the prerequisites of "${unit.id}": it would close a cycle`,
          kind: 'prerequisite',
        });
        dropped = true;
      }
    }
    if (!dropped) {
      for (const unit of units) unit.requires = [];
      warnings.push({ line: 1, text: '', reason: 'prerequisites conflict with the order rules; they were dropped', kind: 'prerequisite' });
      return;
    }
  }
}

function skeleton(units: ImportedUnit[], phases: ImportedPhase[], rules: ImportedTrack['rules']): Track {
  return {
    id: 'import',
    title: 'import',
    version: '1',
    rules,
    pace: { hoursPerWeek: 10 },
    phases: phases.map((phase) => ({ id: phase.id, title: phase.title, objectives: [] })),
    nodes: units.map((unit) => ({
      id: unit.id,
      title: unit.title,
      kind: 'topic',
      phase: unit.phase ?? undefined,
      requires: unit.requires,
      optional: unit.optional,
      anytime: unit.anytime,
      objectives: [],
      resources: [],
      tools: [],
      criteria: [],
      renamedFrom: [],
      dir: unit.id,
      effort: undefined,
    })),
  };
}
