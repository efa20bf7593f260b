import { TrailError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { closingOf, isTitleSection, underNoise, type Candidate, type Group } from './candidates.js';
import { attachKeyed } from './attach.js';
import { doubtsOf } from './doubts.js';
import { TextMeasure } from './measure.js';
import { findAlternatives, openAlternatives } from './alternatives.js';
import { criterionId, uniqueCriterionIds } from './criterion-ids.js';
import { readDetails, type Details } from './details.js';
import { checkReadable } from './document-limits.js';
import { layerFor, layersOf, talksAboutLearning, type DocumentView } from './layers.js';
import { parseMarkdown } from '../markdown/parse.js';
import type { Found, Ignored, ImportedCriterion, ImportedPhase, ImportedTrack, ImportedUnit, Reading, Structure } from './model.js';
import { notesOf, summaryOf } from './notes.js';
import { allSections, outline, type Section } from './outline.js';
import { cleanTitle, isOptionalTitle, plainTitle, slug, slugOf, titleShape, titleSpan, unitNumber } from './patterns.js';
import { readPrerequisites } from './prerequisites.js';
import { settleRules } from './rules.js';
import { weighLayers, type WeighedLayer } from './weigh.js';

/** How to read a document: its file name (for messages and the track's source), and which reading of its units to take. */
export interface InferOptions {
  fileName?: string;
  /** A reading the report lists ("h2", "list@80", "table") or /a pattern/ of heading titles: the units, instead of the best-scored reading. */
  units?: string;
}

/**
 * Reads a roadmap document into units, phases and rules; throws NO_CURRICULUM when it has none,
 * DOCUMENT_TOO_LARGE or DOCUMENT_TOO_DEEP when it will not read it (see document-limits.ts).
 */
export function inferTrack(text: string, options: InferOptions = {}): ImportedTrack {
  checkReadable(text, options.fileName);
  try {
    return infer(text, options);
  } catch (error) {
    // Nesting the check did not foresee is still the author's document, not a crash of ours.
    if (error instanceof RangeError)
      throw new TrailError(
        'DOCUMENT_TOO_DEEP',
        `${options.fileName ?? 'the document'} nests too deep to be read (${error.message})`,
        'flatten its deepest lists, quotes or emphasis',
      );
    throw error;
  }
}

function infer(text: string, options: InferOptions): ImportedTrack {
  const tree = parseMarkdown(text);
  const { root, title } = outline(tree, text);
  const sections = allSections(root);
  const ignored: Ignored[] = [];
  const measure = new TextMeasure(text, sections);
  const { units: found, level: unitLevel, structure, chosen, weighed } = findUnits(text, root, sections, title?.text ?? '', options.units, measure);
  if (found.length === 0) {
    throw new TrailError(
      'NO_CURRICULUM',
      `no curriculum found in ${options.fileName ?? 'the document'}: no headings, list items or table rows read as units (stages, weeks, modules, milestones, numbered sections)`,
      'a roadmap needs units, e.g. "## Week 1: …" headings, "- [ ] Lesson 1: …" items or a table with a Week/Module/Milestone column',
    );
  }

  // One section holding every unit ("## Roadmap", "## Schedule") is a wrapper, not a phase.
  const groups = new Set(found.map((c) => c.phase));
  const only = [...groups][0];
  if (groups.size === 1 && only && titleShape(only.title) !== 'group') for (const candidate of found) candidate.phase = null;

  const phaseOf = new Map<Group, ImportedPhase>();
  const phases: ImportedPhase[] = [];
  const phaseExits = new Map<ImportedPhase, Array<{ text: string; line: number }>>();
  for (const candidate of found) {
    const group = candidate.phase;
    if (!group || phaseOf.has(group)) continue;
    // The phase's own text, without the list or table of its units.
    const details = readDetails(
      group.blocks.filter((block) => !found.some((c) => c.start < (block.position?.end.offset ?? 0) && (block.position?.start.offset ?? 0) < c.end)),
    );
    const phase: ImportedPhase = {
      id: '',
      title: cleanTitle(group.title) || `Phase ${phases.length + 1}`,
      line: group.line,
      duration: durationOf(group.title, group.line, details),
      summary: details.description,
      objectives: details.objectives,
      exitCriteria: details.exit.map((e) => e.text),
    };
    phaseOf.set(group, phase);
    phases.push(phase);
    phaseExits.set(phase, [...details.exit]);
  }
  // "✅ After this phase you can …" under the last unit of a phase is the phase's exit criterion.
  for (const candidate of found) {
    const phase = candidate.phase ? phaseOf.get(candidate.phase) : undefined;
    if (!phase) continue;
    const [about, own] = partition(candidate.details.exit, (e) => /\bthis (?:phase|part|month|quarter|stage|level)\b/i.test(e.text));
    phase.exitCriteria.push(...about.map((e) => e.text));
    phaseExits.get(phase)!.push(...about);
    candidate.details.exit = own;
  }
  // Titles in scripts a slug cannot keep ("第一阶段：基础") are numbered in order instead.
  phases.forEach((phase, i) => (phase.id = worded(slug(phase.title)) ?? `phase-${i + 1}`));
  uniqueIds(phases, (phase) => phase.id);

  const closing = closingOf(text, found, sections);
  const units: ImportedUnit[] = found.map((candidate, index) => {
    const phase = candidate.phase ? phaseOf.get(candidate.phase)! : null;
    const d = candidate.details;
    return {
      id: '',
      title: cleanTitle(candidate.title) || `Unit ${index + 1}`,
      sourceTitle: plainTitle(candidate.title),
      line: candidate.line,
      source: candidate.source,
      phase: phase ? phase.id : null,
      number: unitNumber(candidate.title) ?? candidate.number ?? null,
      // A unit is optional when its title says so, or its phase's ("## Optional", "Phase 5: Optional extras").
      optional: isOptionalTitle(candidate.title) || (candidate.phase !== null && isOptionalTitle(candidate.phase.title)),
      anytime: false,
      duration: durationOf(candidate.title, candidate.line, d),
      description: d.description,
      objectives: d.objectives,
      mvu: d.mvu,
      exercise: d.exercises[0]?.text ?? null,
      tools: d.tools,
      resources: d.resources,
      requires: [],
      prerequisiteText: d.prerequisites[0] ? { line: d.prerequisites[0].line, text: d.prerequisites[0].text } : null,
      prerequisitesOutside: false,
      criteria: criteriaOf(candidate),
      body: candidate.body,
    };
  });
  units.forEach((unit, i) => (unit.id = worded(slug(unit.title)) ?? (unit.number ? `unit-${unit.number.replace(/\./g, '-')}` : `unit-${i + 1}`)));
  uniqueIds(
    units,
    (unit) => unit.id,
    (unit) => unit.phase,
  );
  // A phase's exit criteria are checked where the phase ends: at its last unit that is not optional.
  for (const [phase, exits] of phaseExits) {
    const members = units.filter((unit) => unit.phase === phase.id);
    const last = members.filter((unit) => !unit.optional).at(-1) ?? members.at(-1);
    if (!last || exits.length === 0) continue;
    last.criteria = last.criteria.filter((c) => !((c.from === 'objectives' || c.from === 'unit') && c.done === undefined));
    for (const exit of exits)
      for (const part of exit.text.split(/\s*;\s*/))
        if (part.trim()) last.criteria.push({ id: criterionId(part, 'exit'), kind: 'attest', text: part.trim(), from: 'exit', line: exit.line });
    uniqueCriterionIds(last.criteria);
  }

  const warnings: ImportedTrack['warnings'] = [];
  const groupOfPhase = new Map([...phaseOf].map(([group, phase]) => [phase.id, groupNumber(group.title)]));
  const referable = units.map((unit, index) => ({
    index,
    number: unit.number,
    title: unit.title,
    phase: unit.phase,
    group: unit.phase ? (groupOfPhase.get(unit.phase) ?? null) : null,
  }));
  units.forEach((unit, index) => {
    if (!unit.prerequisiteText) return;
    const reading = readPrerequisites(unit.prerequisiteText.text, referable[index]!, referable);
    unit.anytime = reading.anytime;
    unit.prerequisitesOutside = reading.outside;
    if (reading.outside)
      warnings.push({
        ...unit.prerequisiteText,
        reason: `the prerequisites of "${unit.id}" name no unit of this track; kept in its body as outside knowledge`,
        kind: 'prerequisite',
      });
    unit.requires = reading.refs.map((i) => units[i]!.id);
  });

  const attached = attachKeyed(sections, found, units, phaseOf);
  warnings.push(...attached.warnings);

  const notes = notesOf(text, root, found, unitLevel, ignored, title?.line, { closing, attached: attached.consumed });
  // When the reading was chosen by its score, say where it may be wrong; one named with --units is the author's.
  warnings.push(...doubtsOf({ chosen: chosen!, weighed, named: structure?.by === 'selector', found, ignored, sections, measure }));

  const trackTitle = plainTitle(title?.text ?? '') || (options.fileName ?? 'Imported roadmap').replace(/\.[^.]+$/, '');
  const settled = settleRules(tree, units, phases, warnings);
  const groupTitle = new Map([...phaseOf].map(([group, phase]) => [phase, group.title]));
  const alternatives = findAlternatives(tree, phases, units, (phase) => groupTitle.get(phase) ?? phase.title);
  const rules = openAlternatives(units, phases, alternatives, settled.rules);
  const rulesFrom = settled.rulesFrom;
  return {
    id: slugOf(plainTitle(trackTitle)) || 'imported-track',
    title: trackTitle,
    summary: summaryOf(root, sections),
    rules,
    rulesFrom,
    phases,
    units,
    ignored,
    notes,
    warnings,
    attached: attached.attachments,
    alternatives,
    structure: structure!,
  };
}

// The number or letter a phase is counted by: "Part B — …" → "b", "Phase 02" → "2".
function groupNumber(title: string): string | null {
  const match = /^\W*(?:\p{L}+)\s*#?(\d+|[A-Z])\b/u.exec(plainTitle(title));
  return match ? match[1]!.toLowerCase().replace(/^0+(?=\d)/, '') : null;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** A slug that says something: one with a letter in it ("1-python"), not a bare number ("2") or nothing. */
function worded(id: string): string | undefined {
  return /[a-z]/.test(id) ? id : undefined;
}

/** Gives each item a unique slug id; on a clash the group's id goes first, then a counter. */
function uniqueIds<T extends { id: string }>(items: T[], base: (item: T) => string, group?: (item: T) => string | null): void {
  const used = new Set<string>();
  const counts = new Map<string, number>();
  for (const item of items) counts.set(base(item), (counts.get(base(item)) ?? 0) + 1);
  for (const item of items) {
    let id = base(item);
    const prefix = group?.(item);
    if ((counts.get(id) ?? 0) > 1 && prefix) id = `${prefix}-${id}`;
    // Ids are cut to 80 characters before they are told apart, so that the cut cannot join two.
    id = id.slice(0, 76).replace(/-+$/, '');
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
    used.add(candidate);
    item.id = candidate;
  }
}

// A duration the author wrote (in the title's brackets, then in the unit's lines) comes before
// the one a title's numbering implies ("Month 1" is one month unless the unit says "*2 weeks*").
function durationOf(title: string, line: number, details: Details): Found | null {
  const written = bracketedDuration(title);
  if (written) return { line, text: written };
  for (const duration of details.durations) {
    if (parseDuration(duration.text)) return duration;
    const inner = /(\d+(?:\.\d+)?\s*(?:-|–|—|to)?\s*(?:\d+(?:\.\d+)?)?\s*(?:min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?))\b/i.exec(duration.text);
    if (inner && parseDuration(inner[1]!)) return { line: duration.line, text: inner[1]! };
  }
  const spanned = titleSpan(title);
  return spanned ? { line, text: spanned } : null;
}

/** A duration in a title's brackets: "(2–3 months)", "[45 min]". */
function bracketedDuration(title: string): string | null {
  const inParens =
    /[([][^)\]]*?(~?\s*\d+(?:\.\d+)?\s*(?:-|–|—|to)?\s*(?:\d+(?:\.\d+)?)?\s*(?:min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?))\b[^)\]]*[)\]]/i.exec(
      plainTitle(title),
    );
  return inParens && parseDuration(inParens[1]!) ? inParens[1]!.trim() : null;
}

function criteriaOf(candidate: Candidate): ImportedCriterion[] {
  const d = candidate.details;
  const criteria: ImportedCriterion[] = [];
  const push = (from: ImportedCriterion['from'], text: string, line: number, id?: string, done?: boolean) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    criteria.push({ id: id ?? criterionId(clean, from), kind: 'attest', text: clean, from, line, ...(done === undefined ? {} : { done }) });
  };
  if (candidate.checked !== null) push('unit', `Completed: ${cleanTitle(candidate.title)}`, candidate.line, 'done', candidate.checked);
  if (d.mvu) push('mvu', d.mvu, candidate.line, 'mvu');
  d.exercises.forEach((e, i) => push('exercise', e.text, e.line, i === 0 ? 'exercise' : `exercise-${i + 1}`));
  d.milestones.forEach((m, i) => push('milestone', m.text, m.line, i === 0 ? 'milestone' : `milestone-${i + 1}`));
  d.projects.forEach((p) => push('project', p.text, p.line));
  d.deliverables.forEach((p) => push('deliverable', p.text, p.line));
  d.exit.forEach((e) => e.text.split(/\s*;\s*/).forEach((part) => push('exit', part, e.line)));
  d.checklist.forEach((c) => push('checklist', c.text, c.line, undefined, c.done));
  if (criteria.length === 0) {
    if (d.objectives.length > 0) push('objectives', `Covered: ${d.objectives.join('; ')}`, candidate.line, 'covered');
    else push('unit', `Worked through ${cleanTitle(candidate.title)}`, candidate.line, 'done');
  }
  // A unit ticked as a whole ("- [x] **Module 1**", ✅ in its row) is done: what it asks for
  // without a box of its own counts as ticked; its own boxes keep their state.
  if (candidate.checked === true) for (const criterion of criteria) criterion.done ??= true;
  uniqueCriterionIds(criteria);
  return criteria;
}

function findUnits(
  text: string,
  root: Section,
  sections: Section[],
  title: string,
  selector: string | undefined,
  measure: TextMeasure,
): { units: Candidate[]; level: number; structure: Structure | undefined; chosen: WeighedLayer | undefined; weighed: WeighedLayer[] } {
  const live = sections.filter((s) => !underNoise(s) && !isTitleSection(s, title));
  const view: DocumentView = { text, root, sections, live, title, learning: talksAboutLearning(root, sections, title) };
  const weighed = weighLayers(view, layersOf(view), measure);
  let chosen = weighed[0];
  if (selector !== undefined) {
    const named = weighed.find((w) => w.layer.selector === selector) ?? weighed.find((w) => w.layer.selector.split('@')[0] === selector);
    const layer =
      named?.layer ??
      layerFor(
        view,
        weighed.map((w) => w.layer),
        selector,
      );
    if (!layer)
      throw new TrailError(
        'USAGE',
        `--units ${selector} names no units in the document`,
        `use one of the readings the report lists (${weighed.map((w) => w.layer.selector).join(', ') || 'h2, h3, list, table'}), /a pattern/ of heading titles, or list@<line> for the items of a list`,
      );
    chosen = named ?? weighLayers(view, [layer], measure)[0]!;
  }
  if (!chosen) return { units: [], level: 0, structure: undefined, chosen: undefined, weighed };
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const reading = (w: WeighedLayer): Reading => ({
    selector: w.layer.selector,
    label: w.layer.label,
    score: w.score,
    features: Object.fromEntries(Object.entries(w.features).map(([k, v]) => [k, round(v)])),
    lines: w.layer.items.map((item) => item.line),
  });
  const structure: Structure = {
    chosen: reading(chosen),
    by: selector === undefined ? 'score' : 'selector',
    others: weighed.filter((w) => w !== chosen).map(reading),
  };
  const found = chosen.layer.candidates();
  return { units: found, level: found[0]?.source === 'heading' ? found[0].level : 0, structure, chosen, weighed };
}
