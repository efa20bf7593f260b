import type { List, ListItem, Nodes, RootContent, Table, TableRow } from 'mdast';
import { TrailError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { emptyDetails, labelKind, readCell, readDetails, readParts, columnKind, type Details } from './details.js';
import { lineOf, linksOf, parseMarkdown, sourceOf, textOf } from './markdown.js';
import type { Found, Ignored, ImportedCriterion, ImportedPhase, ImportedTrack, ImportedUnit } from './model.js';
import { checkReadable } from './document-limits.js';
import { allSections, outline, type Section } from './outline.js';
import { cleanTitle, countedWord, isBareNumber, isNoiseTitle, isOptionalTitle, LEARNING_WORDS, plainTitle, slug, slugOf, titleShape, titleSpan, unitNumber } from './patterns.js';
import { readPrerequisites } from './prerequisites.js';
import { settleRules } from './rules.js';

/** A unit found in the document, before its details are read. */
interface Candidate {
  title: string;
  line: number;
  source: ImportedUnit['source'];
  /** Heading level of a unit made from a heading (0 otherwise). */
  level: number;
  phase: Section | { title: string; line: number; blocks: RootContent[] } | null;
  details: Details;
  body: string;
  checked: boolean | null;
}

/**
 * Reads a roadmap document into units, phases and rules; throws NO_CURRICULUM when it has none,
 * DOCUMENT_TOO_LARGE or DOCUMENT_TOO_DEEP when it will not read it (see document-limits.ts).
 */
export function inferTrack(text: string, options: { fileName?: string } = {}): ImportedTrack {
  checkReadable(text, options.fileName);
  try {
    return infer(text, options);
  } catch (error) {
    // Nesting the check did not foresee is still the author's document, not a crash of ours.
    if (error instanceof RangeError) throw new TrailError('DOCUMENT_TOO_DEEP', `${options.fileName ?? 'the document'} nests too deep to be read (${error.message})`, 'flatten its deepest lists, quotes or emphasis');
    throw error;
  }
}

function infer(text: string, options: { fileName?: string }): ImportedTrack {
  const tree = parseMarkdown(text);
  const { root, title } = outline(tree, text);
  const sections = allSections(root);
  const ignored: Ignored[] = [];
  const { units: found, level: unitLevel } = findUnits(text, root, sections, title?.text ?? '');
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

  const phaseOf = new Map<object, ImportedPhase>();
  const phases: ImportedPhase[] = [];
  for (const candidate of found) {
    const group = candidate.phase;
    if (!group || phaseOf.has(group)) continue;
    const details = readDetails(group.blocks);
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
  }
  // "✅ After this phase you can …" under the last unit of a phase is the phase's exit criterion.
  for (const candidate of found) {
    const phase = candidate.phase ? phaseOf.get(candidate.phase) : undefined;
    if (!phase) continue;
    const [about, own] = partition(candidate.details.exit, (e) => /\bthis (?:phase|part|month|quarter|stage|level)\b/i.test(e.text));
    phase.exitCriteria.push(...about.map((e) => e.text));
    candidate.details.exit = own;
  }
  // Titles in scripts a slug cannot keep ("第一阶段：基础") are numbered in order instead.
  phases.forEach((phase, i) => (phase.id = worded(slug(phase.title)) ?? `phase-${i + 1}`));
  uniqueIds(phases, (phase) => phase.id);

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
      number: unitNumber(candidate.title) ?? null,
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
  uniqueIds(units, (unit) => unit.id, (unit) => unit.phase);

  const warnings: ImportedTrack['warnings'] = [];
  const referable = units.map((unit, index) => ({ index, number: unit.number, title: unit.title, phase: unit.phase }));
  units.forEach((unit, index) => {
    if (!unit.prerequisiteText) return;
    const reading = readPrerequisites(unit.prerequisiteText.text, referable[index]!, referable);
    unit.anytime = reading.anytime;
    unit.prerequisitesOutside = reading.outside;
    if (reading.outside) warnings.push({ ...unit.prerequisiteText, reason: `the prerequisites of "${unit.id}" name no unit of this track; kept in its body as outside knowledge` });
    unit.requires = reading.refs.map((i) => units[i]!.id);
  });

  const trackTitle = plainTitle(title?.text ?? '') || (options.fileName ?? 'Imported roadmap').replace(/\.[^.]+$/, '');
  const { rules, rulesFrom } = settleRules(tree, units, phases, warnings);
  return {
    id: slugOf(plainTitle(trackTitle)) || 'imported-track',
    title: trackTitle,
    summary: summaryOf(root, sections),
    rules,
    rulesFrom,
    phases,
    units,
    ignored,
    notes: notesOf(text, root, found, unitLevel, ignored, title?.line),
    warnings,
  };
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
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
    used.add(candidate);
    item.id = candidate.slice(0, 80);
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
  const inParens = /[([][^)\]]*?(~?\s*\d+(?:\.\d+)?\s*(?:-|–|—|to)?\s*(?:\d+(?:\.\d+)?)?\s*(?:min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?))\b[^)\]]*[)\]]/i.exec(plainTitle(title));
  return inParens && parseDuration(inParens[1]!) ? inParens[1]!.trim() : null;
}

// An id from the first words of a criterion's text, cut at a word boundary: stable when items are added or moved.
function criterionId(text: string, from: string): string {
  let id = '';
  for (const word of slug(text).split('-')) {
    if (id && id.length + word.length + 1 > 40) break;
    id = id ? `${id}-${word}` : word;
  }
  return id || from;
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
  const used = new Set<string>();
  for (const criterion of criteria) {
    const base = criterion.id.slice(0, 40).replace(/-+$/, '') || criterion.from;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    criterion.id = id;
  }
  return criteria;
}

// ——— Finding units: headings, list items or table rows, whichever the document uses most. ———

function underNoise(section: Section): boolean {
  for (let s: Section | undefined = section; s && s.level > 0; s = s.parent) if (isNoiseTitle(s.title)) return true;
  return false;
}

function isTitleSection(section: Section, title: string): boolean {
  return section.level === 1 && plainTitle(section.title) === plainTitle(title) && section.parent?.level === 0;
}

function findUnits(text: string, root: Section, sections: Section[], title: string): { units: Candidate[]; level: number } {
  const live = sections.filter((s) => !underNoise(s) && !isTitleSection(s, title));
  // Siblings-in-level counted by the same word ("Semana 1", "Semana 2") are units in any language.
  const series = new Map<string, number>();
  const seriesKey = (s: Section) => {
    const word = countedWord(s.title);
    return word === undefined ? undefined : `${s.level} ${word}`;
  };
  for (const s of live) {
    const key = seriesKey(s);
    if (key !== undefined) series.set(key, (series.get(key) ?? 0) + 1);
  }
  const shaped = (s: Section) => {
    const shape = titleShape(s.title);
    if (shape === 'unit' || shape === 'numbered') return true;
    const key = shape === 'plain' ? seriesKey(s) : undefined;
    return key !== undefined && (series.get(key) ?? 0) >= 2;
  };
  const byLevel = new Map<number, Section[]>();
  for (const s of live) if (shaped(s)) byLevel.set(s.level, [...(byLevel.get(s.level) ?? []), s]);
  let level = 0;
  let best = 0;
  for (const [l, list] of [...byLevel].sort((a, b) => a[0] - b[0])) {
    if (list.length > best) {
      best = list.length;
      level = l;
    }
  }
  const unitSections = best >= 2 || (best === 1 && live.filter((s) => s.level === level).length === 1) ? byLevel.get(level)! : [];

  const titled = sections.filter((s) => isTitleSection(s, title));
  const containers = [root, ...titled, ...live].filter((s) => !shaped(s) || s.level < level || unitSections.length === 0);
  const tableUnits = containers.flatMap((s) => tableCandidates(text, s, title));
  const listUnits = containers.flatMap((s) => listCandidates(text, s, title));

  let found: Candidate[];
  if (tableUnits.length >= 2 && tableUnits.length > unitSections.length) found = tableUnits;
  else if (listUnits.length >= 2 && listUnits.length > unitSections.length) found = listUnits;
  else if (unitSections.length > 0) found = sectionCandidates(text, unitSections, title, live);
  else found = fallbackCandidates(text, root, sections, live, title);

  return { units: unevenGroups(text, found, live, title), level: found[0]?.source === 'heading' ? found[0].level : 0 };
}

// Groups of the same series as the phases found that hold no unit themselves ("### Phase 2:
// Async" with a checklist only, after a "### Phase 1" holding lessons) are units of their own,
// each in its own phase: a reader would not drop them. When most groups of a series hold no
// unit ("Month 1" with a list of sprints, "Month 2" … "Month 12" without), the groups are the
// units, and what the few held is their text.
function unevenGroups(text: string, found: Candidate[], live: Section[], title: string): Candidate[] {
  const phases = [...new Set(found.map((c) => c.phase).filter((phase): phase is Section => phase !== null && 'children' in phase))];
  const key = (s: Section) => `${s.level} ${countedWord(s.title)?.replace(/s$/, '')}`;
  const within = (s: Section, phase: Section | null) => {
    for (let p: Section | null | undefined = phase; p; p = p.parent) if (p === s) return true;
    return false;
  };
  let units = found;
  const added: Candidate[] = [];
  for (const series of new Set(phases.map(key))) {
    const holding = phases.filter((phase) => key(phase) === series);
    const empty = live
      .filter((s) => !holding.includes(s) && countedWord(s.title) !== undefined && key(s) === series)
      .filter((s) => !found.some((c) => c.line === s.line || (c.phase && 'children' in c.phase && within(s, c.phase))));
    if (empty.length > holding.length) {
      units = units.filter((c) => !(c.phase && holding.includes(c.phase as Section)));
      added.push(...sectionCandidates(text, [...holding, ...empty], title));
    } else added.push(...empty.map((s) => ({ ...sectionCandidates(text, [s], title)[0]!, phase: s })));
  }
  return [...units, ...added].sort((a, b) => a.line - b.line);
}

// The section a list or table of units stands in is their phase, unless it is a labelled part
// of one ("### Goal: …" under "## Phase 1: …"): then it is the section above.
function groupOf(s: Section, title: string): Section | null {
  let group: Section | undefined = s;
  while (group && group.level > 0 && labelKind(plainTitle(group.title).split(/[:：]/)[0]!)) group = group.parent;
  return group && group.level > 0 && !isTitleSection(group, title) ? group : null;
}

function phaseFor(section: Section, title: string): Section | null {
  const parent = section.parent;
  return !parent || parent.level === 0 || isTitleSection(parent, title) ? null : parent;
}

function sectionCandidates(text: string, units: Section[], title: string, live: Section[] = []): Candidate[] {
  // Group headings at the units' own level ("## Part 1: Weeks 1-2" between "## Week …"
  // headings) open the phase of the units after them.
  const markers = live.filter((s) => s.level === units[0]?.level && !units.includes(s) && titleShape(s.title) === 'group');
  return units.map((s) => {
    const marker = markers.filter((m) => m.parent === s.parent && m.line < s.line).at(-1);
    const details = readParts([{ blocks: s.blocks }, ...allSections(s).map((child) => ({ heading: child.title, blocks: child.blocks }))]);
    for (const child of allSections(s)) details.objectives.push(...(child.blocks.length === 0 ? [cleanTitle(child.title)] : []));
    return { title: s.title, line: s.line, source: 'heading' as const, level: s.level, phase: phaseFor(s, title) ?? marker ?? null, details, body: bodyOf(text, s), checked: null };
  });
}

function bodyOf(text: string, s: Section): string {
  return text.slice(Math.min(s.bodyStart, s.end), s.end).trim();
}

// ——— List items as units: "- [x] **Section 1: Value Objects** - …", "- Week 3: …" ———

/**
 * The unit name at the start of a list item and the text after it: "**Section 1: Values** - …",
 * "*Optional:* **Lesson 3: …**", "**Week 1:** Name — description", "Week 3: Name - …".
 */
function leadOf(item: ListItem): { lead: string; rest: string; bold: boolean } {
  const first = item.children[0];
  if (!first || first.type !== 'paragraph') return { lead: '', rest: '', bold: false };
  const children = [...first.children];
  let optional = false;
  const marker = children[0];
  if (marker && /^\W*optional\W*$/i.test(textOf(marker)) && children.length > 1) {
    optional = true;
    children.shift();
    if (children[0]?.type === 'text' && children[0].value.trim() === '') children.shift();
  }
  const head = children[0];
  const whole = textOf({ type: 'paragraph', children });
  let lead: string;
  let rest: string;
  if (head && (head.type === 'strong' || head.type === 'emphasis')) {
    lead = textOf(head);
    rest = whole.slice(whole.indexOf(lead) + lead.length).replace(/^\s*[-–—:|]\s*/, '').trim();
  } else {
    const split = /^(.{2,80}?)(?:\s+[-–—]\s+|:\s+)(.*)$/.exec(whole);
    [lead, rest] = split ? [split[1]!, split[2]!] : [whole, ''];
  }
  // A bare label ("Week 1:") takes its name from the text after it.
  if (isBareNumber(lead)) {
    const named = /^(.{1,80}?)(?:\s+[-–—]\s+|:\s+|$)(.*)$/.exec(rest);
    if (named) {
      lead = `${lead.replace(/[:\s]+$/, '')}: ${named[1]!.replace(/^[*_]+|[*_]+$/g, '')}`;
      rest = named[2]!.trim();
    }
  }
  return { lead: optional ? `Optional: ${lead}` : lead, rest, bold: head?.type === 'strong' };
}

// A week with no session ("Week 7: Spring break — no meetup") is in the schedule but is not a unit.
const NO_SESSION = /\b(?:break|holidays?|vacation|no (?:meetup|class|session|lesson|lecture)s?|off week|day off)\b/i;

function listCandidates(text: string, s: Section, title: string): Candidate[] {
  const found: Candidate[] = [];
  for (const block of s.blocks) {
    if (block.type !== 'list') continue;
    const items = block.children.map((item) => ({ item, ...leadOf(item) }));
    // An ordered list whose items start with a bold name numbers its units by its markers:
    // "1. **Linear algebra** (2 weeks)".
    const bold = items.filter((entry) => entry.bold);
    const numberedByMarkers = block.ordered === true && bold.length >= 2 && bold.length >= items.length / 2;
    const unitItems = numberedByMarkers
      ? bold.filter(({ lead }) => lead.length < 80 && !NO_SESSION.test(lead))
      : items.filter(({ lead }) => (titleShape(lead.replace(/^Optional: /, '')) === 'unit' || (titleShape(lead) === 'numbered' && lead.length < 80)) && !NO_SESSION.test(lead));
    if (unitItems.length < 2 || unitItems.length < items.length / 2) continue;
    for (const { item, lead, rest } of unitItems) found.push(listCandidate(text, item, lead, rest, groupOf(s, title)));
  }
  return found;
}

function listCandidate(text: string, item: ListItem, name: string, after: string, phase: Section | null): Candidate {
  let lead = name;
  let rest = after;
  // What follows the name and belongs to the title: "(2 weeks)", "— *optional*".
  const bracket = /^[([]\s*([^)\]]*?)\s*[)\]]\s*(?:[-–—:|]\s*)?(.*)$/.exec(rest);
  if (bracket && (parseDuration(bracket[1]!) || /^optional\b/i.test(bracket[1]!))) {
    lead = `${lead} (${bracket[1]})`;
    rest = bracket[2]!.trim();
  }
  if (/^\W*optional\W*$/i.test(rest)) {
    lead = `${lead} (optional)`;
    rest = '';
  }
  const nested = item.children.filter((child): child is List => child.type === 'list');
  const details = readDetails(nested);
  if (rest) {
    if (!readLabelledRest(details, rest)) details.objectives.unshift(rest);
    details.description ??= rest;
  }
  return { title: lead, line: lineOf(item), source: 'list-item', level: 0, phase, details, body: sourceOf(text, [item as unknown as RootContent]).replace(/^[-*+]\s+(?:\[[ xX]\]\s+)?/, ''), checked: item.checked ?? null };
}

function readLabelledRest(details: Details, rest: string): boolean {
  const parsed = readDetails([{ type: 'paragraph', children: [{ type: 'text', value: rest }] }]);
  if (parsed.durations.length || parsed.prerequisites.length || parsed.exercises.length || parsed.projects.length) {
    details.durations.push(...parsed.durations);
    details.prerequisites.push(...parsed.prerequisites);
    details.exercises.push(...parsed.exercises);
    details.projects.push(...parsed.projects);
    return true;
  }
  return false;
}

// ——— Table rows as units: a Milestone/Week/Module column, or bold group rows in one big table ———

function tableCandidates(text: string, s: Section, title: string): Candidate[] {
  const found: Candidate[] = [];
  for (const block of s.blocks) {
    if (block.type !== 'table') continue;
    const [header, ...rows] = block.children;
    if (!header || rows.length === 0) continue;
    const kinds = header.children.map((cell) => columnKind(textOf(cell)));
    const firstCells = rows.map((row) => textOf(row.children[0]));
    const numberColumn = kinds[0] === 'number' || firstCells.filter((cell) => titleShape(cell) === 'unit').length >= 2;
    const groupRows = rows.filter((row) => isGroupRow(row, row.children.map((cell) => textOf(cell)))).length;
    const describesUnits = kinds[0] === 'title' && rows.length - groupRows >= 2 && kinds.some((kind) => kind === 'project' || kind === 'duration' || kind === 'checklist' || kind === 'exit');
    if (!numberColumn && !describesUnits && !(groupRows > 0 && rows.length - groupRows >= 2)) continue;
    // Without a title column, a course or book column names the rows ("| C1 | [Intro to CS](…) |").
    const named = kinds.findIndex((kind, i) => i > 0 && kind === 'title');
    const titleColumn = named > 0 ? named : header.children.findIndex((cell, i) => i > 0 && /^(?:course|course name|book|class)$/i.test(textOf(cell)));
    const boxColumn = progressColumn(rows);
    let group: { title: string; line: number; blocks: RootContent[] } | Section | null = groupOf(s, title);
    for (const row of rows) {
      const cells = row.children.map((cell) => textOf(cell));
      if (isGroupRow(row, cells)) {
        group = { title: cells[0]!, line: lineOf(row), blocks: [] };
        continue;
      }
      if (!cells[0]) continue;
      found.push(rowCandidate(block, row, kinds, titleColumn, boxColumn, group));
    }
  }
  return found;
}

function isGroupRow(row: TableRow, cells: string[]): boolean {
  const first = row.children[0];
  const bold = first?.children.length === 1 && first.children[0]!.type === 'strong';
  return cells.slice(1).every((cell) => cell === '') && (bold || titleShape(cells[0] ?? '') === 'group');
}

// A bare checkbox, check mark or status word in a cell: the learner's progress on that row's
// unit. In-progress marks and words (🚧, ⏳, "In progress", "Started") count as not done yet.
const DONE = /^(?:\[[xX]\]|(?:✅|✔️?|☑️?|✓)(?:\s*(?:done|completed?|finished))?|done|completed?|finished)$/iu;
const NOT_DONE = /^(?:\[ \]|(?:⬜️?|❌|☐|🚧|⏳|🔄)(?:\s*[\p{L} ]{0,20})?|not (?:yet )?started|to ?do|pending|planned|in progress|started|ongoing|wip|upcoming)$/iu;
const isProgress = (cell: string) => DONE.test(cell) || NOT_DONE.test(cell);

/** The column whose cells are only checkboxes, check marks or status words (or empty): a progress column; -1 if none. */
function progressColumn(rows: TableRow[]): number {
  const width = Math.max(0, ...rows.map((row) => row.children.length));
  for (let i = 1; i < width; i++) {
    const cells = rows.map((row) => textOf(row.children[i]));
    if (cells.some(isProgress) && cells.every((cell) => cell === '' || isProgress(cell))) return i;
  }
  return -1;
}

function rowCandidate(table: Table, row: TableRow, kinds: ReturnType<typeof columnKind>[], titleColumn: number, boxColumn: number, phase: Candidate['phase']): Candidate {
  const details = emptyDetails();
  const header = table.children[0]!;
  const number = textOf(row.children[0]);
  const named = titleColumn > 0 && isBareNumber(number) ? textOf(row.children[titleColumn]) : '';
  const lines: string[] = [];
  row.children.forEach((cell, i) => {
    const kind = kinds[i];
    const value = textOf(cell);
    if (value) lines.push(`**${textOf(header.children[i])}:** ${value}`);
    // A linked name ("[Linear Algebra](…)") is the unit's first resource.
    if (i === 0 || i === titleColumn) details.resources.push(...linksOf(cell));
    if (i === 0 || i === titleColumn || i === boxColumn || !kind || kind === 'number' || kind === 'title') return;
    readCell(details, kind, cell, lineOf(row));
  });
  const unitTitle = named ? (titleShape(number) === 'unit' ? `${number}: ${named}` : named) : number;
  // A bare number under a "Day" / "Week" / "Month" column spans that much time ("Week 3-4": 2 weeks).
  const spanned = isBareNumber(number) && /^\d/.test(number) ? titleSpan(`${textOf(header.children[0])} ${number}`) : undefined;
  if (spanned && details.durations.length === 0) details.durations.push({ text: spanned, line: lineOf(row) });
  const checked = boxColumn > 0 ? DONE.test(textOf(row.children[boxColumn])) : null;
  return { title: unitTitle, line: lineOf(row), source: 'table-row', level: 0, phase, details, body: lines.join('\n\n'), checked };
}

// ——— Documents without numbered units: sections under phases, plain sections, or one list ———

function fallbackCandidates(text: string, root: Section, sections: Section[], live: Section[], title: string): Candidate[] {
  const groups = live.filter((s) => titleShape(s.title) === 'group' && s.children.some((c) => !isNoiseTitle(c.title)));
  if (groups.length > 0) {
    const children = groups.flatMap((g) => g.children.filter((c) => !isNoiseTitle(c.title)));
    return sectionCandidates(text, children, title);
  }
  // The text before the first section under the title: what the document says it is.
  const top = [root, ...sections.filter((s) => isTitleSection(s, title))];
  const intro = top.flatMap((s) => s.blocks.filter((b) => b.type !== 'list')).map((b) => textOf(b as Nodes)).join(' ').slice(0, 2000);
  const lists = top.flatMap((s) => s.blocks.filter((b): b is List => b.type === 'list'));
  const list = lists.sort((a, b) => b.children.length - a.children.length)[0];
  // A task list of things to learn ("- [ ] Learn NumPy and pandas") says it too.
  const learningList = list !== undefined && list.children.length >= 3 && list.children.every((item) => typeof item.checked === 'boolean') && LEARNING_WORDS.test(textOf(list));
  if (!LEARNING_WORDS.test(title) && !LEARNING_WORDS.test(intro) && !learningList) return [];
  const counts = new Map<number, Section[]>();
  for (const s of live) if (!isNoiseTitle(s.title)) counts.set(s.level, [...(counts.get(s.level) ?? []), s]);
  const common = [...counts.values()].sort((a, b) => b.length - a.length || a[0]!.level - b[0]!.level)[0];
  if (common && common.length >= 2) return sectionCandidates(text, common, title);
  if (!list || list.children.length < 2) return [];
  return list.children.map((item) => {
    const { lead, rest } = leadOf(item);
    const parsed = /^(.*?)\s*[([]([^)\]]*)[)\]]\s*$/.exec(lead);
    const candidate = listCandidate(text, item, parsed ? parsed[1]! : lead, rest, null);
    if (parsed && parseDuration(parsed[2]!)) candidate.details.durations.push({ text: parsed[2]!, line: candidate.line });
    return candidate;
  });
}

// ——— Track summary and notes ———

// The first paragraph that says something: not a row of badges or links.
function summaryOf(root: Section, sections: Section[]): string | null {
  const says = (b: RootContent) => b.type === 'paragraph' && b.children.some((child) => child.type === 'text' && /\p{L}{3}/u.test(child.value));
  const intro = [root, ...sections.filter((s) => s.level === 1)].flatMap((s) => s.blocks).find(says);
  if (intro) return textOf(intro);
  const about = sections.find((s) => /^(?:purpose|goals?|overview|executive summary|summary|introduction|about)\b/i.test(cleanTitle(s.title)));
  const paragraph = about?.blocks.find(says);
  return paragraph ? textOf(paragraph) : null;
}

/**
 * What is not part of the graph, kept word for word as the track's notes: the text before and
 * under the title, and every section that holds no unit (tips, FAQ, appendices, …), each
 * reported with why it was left out. Sections inside a unit stay in that unit's body.
 */
function notesOf(text: string, root: Section, found: Candidate[], unitLevel: number, ignored: Ignored[], titleLine?: number): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const unitLines = found.map((c) => c.line);
  const headingUnits = new Set(found.filter((c) => c.source === 'heading').map((c) => c.line));
  const holds = (s: Section) => unitLines.some((line) => line >= s.line && line < lineAt(s.end)) || found.some((c) => c.phase === s);
  const parts: string[] = [];
  // Blocks are kept in runs of neighbours: a section's blocks may have units between them
  // (a `<details>` unit closes and the text goes on), which stay out of the notes.
  const keep = (blocks: RootContent[]) => {
    let run: RootContent[] = [];
    const flush = () => {
      const source = sourceOf(text, run);
      if (source) parts.push(source);
      run = [];
    };
    for (const block of blocks) {
      const last = run.at(-1)?.position?.end.offset;
      const start = block.position?.start.offset;
      if (last !== undefined && start !== undefined && text.slice(last, start).trim() !== '') flush();
      run.push(block);
    }
    flush();
  };
  // Fenced blocks (templates, sample code) are kept word for word; the report says where.
  const fenced = (block: RootContent, where: string) => {
    if (block.type === 'code') ignored.push({ line: lineOf(block), title: `fenced block${block.lang ? ` (${block.lang})` : ''}`, reason: `not a unit; kept in ${where}` });
  };
  const fencedIn = (s: Section, where: string): void => {
    for (const block of s.blocks) fenced(block, where);
    for (const child of s.children) fencedIn(child, where);
  };
  const visit = (s: Section) => {
    for (const child of s.children) {
      if (headingUnits.has(child.line)) {
        fencedIn(child, `the body of the unit at line ${child.line}`);
        continue;
      }
      if (holds(child)) {
        if (child.level === 1 && !found.some((c) => c.phase === child)) keep(child.blocks);
        else for (const block of child.blocks) if (block.type === 'code') keep([block]);
        for (const block of child.blocks) fenced(block, 'the track notes');
        visit(child);
        continue;
      }
      // The title's own heading, with nothing under it, is not something left out.
      if (child.level === 1 && child.line === titleLine && child.blocks.length === 0 && child.children.length === 0) continue;
      const reason = isNoiseTitle(child.title)
        ? 'not a unit: about the document (tips, FAQ, notes, how to use, …)'
        : child.level === unitLevel && headingUnits.size > 0
          ? 'not numbered like the units around it'
          : 'holds no unit';
      ignored.push({ line: child.line, title: plainTitle(child.title), reason: `${reason}; kept in the track notes` });
      parts.push(text.slice(child.start, child.end).trim());
    }
  };
  keep(root.blocks);
  for (const block of root.blocks) fenced(block, 'the track notes');
  visit(root);
  ignored.sort((a, b) => a.line - b.line);
  return parts.join('\n\n');
}
