import type { Nodes } from 'mdast';
import { expectedHours, parseDuration } from '../../core/duration.js';
import { isTitleSection, underNoise } from './candidates.js';
import { labelKind, readParts } from './details.js';
import type { DocumentView, Layer, LayerItem } from './layers.js';
import type { TextMeasure } from './measure.js';
import { textOf } from '../markdown/parse.js';
import type { Section } from './outline.js';
import { cleanTitle, countedWord, isBareNumber, plainTitle, titleShape, titleSpan, unitNumber } from './patterns.js';
import { readPrerequisites } from './prerequisites.js';

/** What a layer is weighed on, each between 0 and 1. */
export interface Features {
  /** Share of the curriculum's text (headings left out) inside its units, the text of the phases grouping them at half weight. */
  coverage: number;
  /** How much its titles read like the names of steps (numbered, shaped like units, distinct) rather than labels, sentences or a template. */
  titles: number;
  /** Share of the document's criteria (task items, exercises, projects, exit criteria, …) inside its units. */
  criteria: number;
  /** Share of its units that do not hold the units of another reading whose titles read as well: those are groups of steps, not steps. */
  nesting: number;
  /** Numbering in sequence (restarting in each group counts as in sequence) and units of even size. */
  regularity: number;
  /** Share of its units in the body of the document, not in a sample schedule, tips, skills, an appendix or a summary. */
  position: number;
  /** Agreement with what the document states: a count or a total time ("12 weeks", "6 phases"), its groups' durations, the prerequisites naming its units. */
  agreement: number;
  /** More units read finer (log scale, full at twelve). */
  granularity: number;
}

/** How much each feature weighs in a layer's score (they add up to 1). */
export const WEIGHTS: Readonly<Features> = {
  coverage: 0.2,
  titles: 0.25,
  criteria: 0.15,
  nesting: 0.1,
  regularity: 0.1,
  position: 0.05,
  agreement: 0.1,
  granularity: 0.05,
};

/** A layer, its score and what the score is made of. */
export interface WeighedLayer {
  layer: Layer;
  score: number;
  features: Features;
}

// Sections whose units are examples or summaries of the curriculum rather than its steps.
const SECONDARY =
  /\b(?:sample|example|suggested|typical|template|tips?|habits?|advice|skills?|outcomes?|appendix|glance|overview|summary|cheat ?sheet|glossary|mileage|log|progress|resources?|reading list|further|extras?|portfolio)\b/i;

// Titles that name a part of a course document, not a step of it.
const PARTS_OF_A_COURSE =
  /^(?:(?:course|class|module) )?(?:description|overview|schedule|syllabus|outline|calendar|timeline|roadmap|curriculum|plan|program(?:me)?|assessments?|grading|evaluation|exams?|deliverables|milestones|exit criteria|requirements|logistics|policies|materials|textbooks?|readings?)$|^the (?:plan|roadmap|curriculum|schedule)$/i;

const STATED =
  /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)[\s-]+(weeks?|months?|days?|phases?|stages?|modules?|steps?|parts?|levels?|units?|lessons?|chapters?|sessions?|sprints?|milestones?|sections?)\b/gi;
const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};
const HOURS: Record<string, number> = { week: 10, month: (10 * 52) / 12, day: 10 / 7 };

interface Mark {
  line: number;
  text: string;
}

/** The evidence of a document, gathered once and shared by every layer weighed. */
class Evidence {
  readonly total: number;
  readonly criteria: number[];
  readonly durations: Mark[];
  readonly prerequisites: Mark[];
  readonly stated: Array<{ count: number; word: string }>;

  constructor(
    readonly view: DocumentView,
    readonly measure: TextMeasure,
  ) {
    const { root, sections } = view;
    this.total = measure.curriculum;
    const details = readParts([{ blocks: root.blocks }, ...sections.filter((s) => !underNoise(s)).map((s) => ({ heading: s.title, blocks: s.blocks }))]);
    // What a sample schedule, a skills list or a portfolio asks for is not the curriculum's to
    // hold: a reading is not weighed on it.
    const aside = mergedRanges(
      sections
        .filter((s) => !isTitleSection(s, view.title) && SECONDARY.test(cleanTitle(s.title)))
        .map((s): [number, number] => [measure.lineAt(s.start), measure.lineAt(Math.max(s.start, s.end - 1))]),
    );
    this.criteria = outside(
      [...details.exercises, ...details.milestones, ...details.projects, ...details.deliverables, ...details.exit, ...details.checklist]
        .map((c) => c.line)
        .sort((a, b) => a - b),
      aside,
    );
    this.durations = details.durations;
    this.prerequisites = details.prerequisites;
    const intro = [root, ...sections.filter((s) => isTitleSection(s, view.title))]
      .flatMap((s) => s.blocks.filter((b) => b.type === 'paragraph'))
      .map((b) => textOf(b as Nodes))
      .join(' ')
      .slice(0, 2000);
    this.stated = [...`${view.title} ${intro}`.matchAll(STATED)].map((m) => ({
      count: WORDS[m[1]!.toLowerCase()] ?? Number(m[1]),
      word: m[2]!.toLowerCase().replace(/s$/, ''),
    }));
  }

  chars(start: number, end: number): number {
    return this.measure.chars(start, end);
  }

  lineAt(offset: number): number {
    return this.measure.lineAt(offset);
  }
}

// Line ranges sorted and joined where they overlap (a section and the sections inside it).
function mergedRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [first, last] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const top = merged.at(-1);
    if (top && first <= top[1]) top[1] = Math.max(top[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

// The sorted lines that fall in none of the sorted ranges, in one pass over both.
function outside(lines: number[], ranges: Array<[number, number]>): number[] {
  let r = 0;
  return lines.filter((line) => {
    while (r < ranges.length && ranges[r]![1] < line) r++;
    return !(r < ranges.length && ranges[r]![0] <= line);
  });
}

const clamp = (value: number) => Math.max(0, Math.min(1, value));
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

// How much a title reads like the name of a step.
function titleQuality(item: LayerItem): number {
  const shape = titleShape(item.title);
  if (item.numbered && shape !== 'group') return 1;
  if (shape === 'unit' || shape === 'numbered') return 1;
  if (shape === 'group') return 0.7;
  const plain = cleanTitle(item.title);
  if (labelKind(plain.replace(/[:：].*$/, '')) || PARTS_OF_A_COURSE.test(plain)) return 0.1;
  if (/[.!?]$/.test(plain) || plain.split(/\s+/).length > 10) return 0.2;
  return 0.6;
}

const numberOf = (item: LayerItem) => unitNumber(item.title) ?? item.number;

/**
 * True when a layer's units are numbers only ("| 3 | Quiz 1 |", "| 6 | Midterm |") that another
 * reading numbers and names (the weeks of the schedule): it is a list keyed to those units.
 */
function keyedTo(layer: Layer, layers: Layer[]): boolean {
  if (!layer.items.every((item) => isBareNumber(item.title))) return false;
  return layers.some((other) => {
    if (other === layer || other.items.length <= layer.items.length) return false;
    const named = new Set(other.items.filter((item) => !isBareNumber(item.title)).map(numberOf));
    return layer.items.every((item) => named.has(numberOf(item)));
  });
}

function titles(items: LayerItem[]): number {
  // Titles that repeat from group to group ("Grammar", "Tuesday — …", "What to learn") are a
  // template for the parts of a step, not steps: plain titles are told apart by their first word.
  const keys = items.map((item) => {
    const shape = titleShape(item.title);
    const plain = cleanTitle(item.title).toLowerCase();
    return shape === 'plain' && !item.numbered && countedWord(item.title) === undefined ? plain.split(/[\s—–:-]+/)[0]! : plainTitle(item.title).toLowerCase();
  });
  const distinct = new Set(keys).size / items.length;
  return mean(items.map(titleQuality)) * (0.4 + 0.6 * distinct);
}

function numberParts(title: string): number[] | undefined {
  const number = unitNumber(title);
  return number ? number.split('.').map(Number) : undefined;
}

function regularity(items: LayerItem[], evidence: Evidence): number {
  const numbers = items.map((item) => numberParts(item.title));
  let numbering = 0.75;
  const numbered = numbers.filter((n) => n !== undefined).length;
  if (numbered >= 2) {
    let inOrder = 0;
    for (let i = 1; i < items.length; i++) {
      const [before, after] = [numbers[i - 1], numbers[i]];
      if (!before || !after) continue;
      const spanEnd = /^(?:\p{L}+\s*)?#?(\d+)\s*(?:-|–|—|to|&|and)\s*(\d+)/u.exec(plainTitle(items[i - 1]!.title));
      const last = before.length === 1 && spanEnd ? Number(spanEnd[2]) : before.at(-1)!;
      const next = after.length === before.length && after.slice(0, -1).join('.') === before.slice(0, -1).join('.') && after.at(-1) === last + 1;
      const deeper = after.length === before.length && after.length > 1 && after[0] === before[0]! + 1 && after.at(-1) === 1;
      // Numbering that starts again in a new group ("Lesson 1" of Part B) is in sequence too.
      const restart = items[i]!.group !== items[i - 1]!.group && after.at(-1)! <= 1;
      if (next || deeper || restart) inOrder++;
    }
    numbering = (numbered / items.length) * (inOrder / Math.max(1, numbers.slice(1).filter((n, i) => n && numbers[i]).length));
  }
  const sizes = items.map((item) => evidence.chars(item.start, item.end));
  const average = mean(sizes);
  const spread = average > 0 ? Math.sqrt(mean(sizes.map((size) => (size - average) ** 2))) / average : 0;
  return (numbering + 1 / (1 + spread)) / 2;
}

function position(items: LayerItem[], view: DocumentView): number {
  const secondary = (item: LayerItem) => {
    const own = view.sections.find((s) => s.start === item.start && s.line === item.line);
    for (let s = own ? own.parent : sectionAt(view, item.start); s && s.level > 0; s = s.parent)
      if (!isTitleSection(s, view.title) && SECONDARY.test(cleanTitle(s.title))) return true;
    return false;
  };
  return 1 - items.filter(secondary).length / items.length;
}

// The innermost section holding an offset.
function sectionAt(view: DocumentView, offset: number): Section | undefined {
  let found: Section | undefined;
  for (const s of view.sections) if (s.start <= offset && offset < s.end && (!found || s.level >= found.level)) found = s;
  return found;
}

function hoursOf(item: LayerItem, evidence: Evidence, ownLines: [number, number]): number | undefined {
  const fromTitle = titleSpan(item.title) ?? /[([]([^)\]]*?\d[^)\]]*)[)\]]/.exec(plainTitle(item.title))?.[1];
  const written =
    fromTitle && parseDuration(fromTitle) ? fromTitle : (item.duration ?? evidence.durations.find((d) => d.line >= ownLines[0] && d.line <= ownLines[1])?.text);
  const effort = written ? parseDuration(written.replace(/^(?:about|around|roughly|approx\.?)\s+/i, '')) : undefined;
  return effort ? expectedHours(effort) : undefined;
}

function agreement(layer: Layer, evidence: Evidence, lines: Array<[number, number]>): number {
  const items = layer.items;
  const signals: number[] = [];
  const hours = items.map((item, i) => hoursOf(item, evidence, lines[i]!));
  const groups = [...new Set(items.map((item) => item.group).filter((g): g is Section => g !== null && 'children' in g))];
  if (evidence.stated.length > 0) {
    const known = hours.filter((h): h is number => h !== undefined);
    const sum = known.reduce((a, b) => a + b, 0);
    const counted = (word: string) => items.filter((item) => countedWord(item.title)?.replace(/s$/, '') === word).length;
    const match = evidence.stated.some(({ count, word }) => {
      if (items.length === count) return true;
      // "Five weeks" and five "Week N" groups of the layer's units: the units are the weeks' steps.
      if (groups.length === count && count > 1 && groups.every((g) => countedWord(g.title)?.replace(/s$/, '') === word)) return true;
      if (HOURS[word] && known.length === items.length && Math.abs(sum - count * HOURS[word]) <= 0.2 * count * HOURS[word]) return true;
      return HOURS[word] !== undefined && counted(word) === items.length && items.length > 1 && Math.abs(items.length - count) <= count * 0.2;
    });
    signals.push(match ? 1 : 0);
  }
  // The durations of the units of a group add up to the group's own ("Phase 1 (2–3 months)").
  const groupHours = groups.map((g) => {
    const effort = parseDuration(/[([]([^)\]]*?\d[^)\]]*)[)\]]/.exec(plainTitle(g.title))?.[1] ?? titleSpan(g.title) ?? '');
    return effort ? expectedHours(effort) : undefined;
  });
  const compared = groups.map((g, k) => {
    const own = items.map((item, i) => (item.group === g ? hours[i] : undefined)).filter((h): h is number => h !== undefined);
    const total = groupHours[k];
    return total === undefined || own.length === 0 ? undefined : own.reduce((a, b) => a + b, 0) / total;
  });
  const ratios = compared.filter((r): r is number => r !== undefined);
  if (ratios.length > 0) signals.push(ratios.filter((r) => r >= 0.4 && r <= 2.5).length / ratios.length);
  // Prerequisites that name the layer's own units.
  const referable = items.map((item, index) => ({ index, number: unitNumber(item.title) ?? null, title: cleanTitle(item.title), phase: null }));
  const naming = items.map((_, i) => evidence.prerequisites.filter((p) => p.line >= lines[i]![0] && p.line <= lines[i]![1]));
  const withPrerequisites = naming.filter((found) => found.length > 0).length;
  if (withPrerequisites > 0) {
    const named = naming.filter((found, i) =>
      found.some((p) => readPrerequisites(p.text, referable[i]!, referable).refs.length > 0 || /^\s*(?:none|no prerequisites?|nothing|n\/a)\b/i.test(p.text)),
    ).length;
    signals.push(named / withPrerequisites);
  }
  return signals.length ? mean(signals) : 0.5;
}

/** Weighs each layer on its features; the best first. */
export function weighLayers(view: DocumentView, layers: Layer[], measure: TextMeasure): WeighedLayer[] {
  const evidence = new Evidence(view, measure);
  // A list keyed to another reading's units names nothing of its own.
  const named = layers.map((layer) => (keyedTo(layer, layers) ? 0.1 : titles(layer.items)));
  // Which layers hold which: an item holds another layer's item that starts inside it.
  const nesting = layers.map((layer, a) => {
    let worst = 0;
    layers.forEach((other, b) => {
      if (b === a || named[b]! < named[a]! - 0.1) return;
      const holding = layer.items.filter((item) =>
        other.items.some((inner) => inner.start > item.start && inner.start < item.end && inner.end <= item.end),
      ).length;
      worst = Math.max(worst, holding / layer.items.length);
    });
    return 1 - worst;
  });
  const weighed = layers.map((layer, index) => {
    const items = layer.items;
    const lines = items.map((item): [number, number] => [evidence.lineAt(item.start), evidence.lineAt(Math.max(item.start, item.end - 1))]);
    const covered = items.reduce((sum, item) => sum + evidence.chars(item.start, item.end), 0);
    const groups = [...new Set(items.map((item) => item.group).filter((g): g is Section => g !== null && 'children' in g))];
    const phaseText =
      groups.length < 2
        ? 0
        : groups.reduce((sum, g) => {
            const ownEnd = g.children[0]?.start ?? g.end;
            const inside = items
              .filter((item) => item.start >= g.start && item.start < ownEnd)
              .reduce((s, item) => s + evidence.chars(item.start, Math.min(item.end, ownEnd)), 0);
            return sum + Math.max(0, evidence.chars(g.start, ownEnd) - inside);
          }, 0);
    // A phase's own criteria (its exit criteria) go to its last unit: they are not lost either.
    const phaseLines = (groups.length >= 2 ? groups : []).map((g): [number, number] => [
      evidence.lineAt(g.start),
      evidence.lineAt(Math.max(g.start, (g.children[0]?.start ?? g.end) - 1)),
    ]);
    const inside = evidence.criteria.filter((line) => [...lines, ...phaseLines].some(([first, last]) => line >= first && line <= last)).length;
    const features: Features = {
      coverage: clamp((covered + phaseText / 2) / evidence.total),
      titles: named[index]!,
      criteria: evidence.criteria.length ? inside / evidence.criteria.length : 1,
      nesting: nesting[index]!,
      regularity: regularity(items, evidence),
      position: position(items, view),
      agreement: agreement(layer, evidence, lines),
      granularity: clamp(Math.log2(items.length) / Math.log2(12)),
    };
    const sum = (Object.keys(WEIGHTS) as Array<keyof Features>).reduce((total, key) => total + WEIGHTS[key] * features[key], 0);
    // One unit is not a reading of a roadmap's steps unless nothing else is.
    const score = items.length === 1 ? sum * 0.6 : sum;
    return { layer, score: Math.round(score * 1000) / 1000, features };
  });
  return weighed.sort((a, b) => b.score - a.score);
}
