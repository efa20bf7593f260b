import type { List, Nodes } from 'mdast';
import { parseDuration } from '../../core/duration.js';
import { groupOf, isTitleSection, sectionCandidates, underNoise, type Candidate, type Group } from './candidates.js';
import { checkboxGroups } from './group-units.js';
import { leadOf, listCandidate, unitLists } from './list-units.js';
import { textOf } from '../markdown/parse.js';
import type { Section } from './outline.js';
import { countedWord, isNoiseTitle, isOptionalTitle, isOptionTitle, LEARNING_WORDS, plainTitle, titleShape } from './patterns.js';
import { unitTables } from './table-units.js';

/** One way of reading the document's units: a heading level, a series of lists, tables of units, groups of boxes. */
export interface Layer {
  kind: 'headings' | 'list' | 'table' | 'groups';
  /** What `trail import --units` takes to choose this reading ("h3", "list@80", "table"). */
  selector: string;
  /** The reading for people: 'level-2 headings ("Week 1: Python", …)'. */
  label: string;
  items: LayerItem[];
  /** The layer's units with what they say; read only for the layer chosen. */
  candidates(): Candidate[];
}

/** A unit of a layer, before its text is read: enough to weigh the layer. */
export interface LayerItem {
  title: string;
  line: number;
  /** Its text in the document (offsets). */
  start: number;
  end: number;
  group: Group | null;
  /** The author numbered it: a unit word and a number, a numbered heading, a numbered row or list. */
  numbered: boolean;
  /** Its number, when its title does not carry it (a table row named by its topic). */
  number?: string;
  /** Its duration as written, when read with the item (a list item's "(2 weeks)", a row's duration cell). */
  duration?: string;
}

/** What is known of a document while its units are sought. */
export interface DocumentView {
  text: string;
  root: Section;
  sections: Section[];
  /** Sections not about the document (FAQ, License, …) and not the title. */
  live: Section[];
  title: string;
  /** The title or the text under it talks about learning, or its top list is a task list of things to learn. */
  learning: boolean;
}

// Siblings at one level counted by the same word ("Semana 1", "Semana 2") are a series of units in any language.
function seriesOf(live: Section[]): (s: Section) => boolean {
  const series = new Map<string, number>();
  const key = (s: Section) => {
    const word = countedWord(s.title);
    return word === undefined ? undefined : `${s.level} ${word}`;
  };
  // "Option A: …" among numbered steps is one of the steps, offered with another.
  const stepLevels = new Set<number>();
  for (const s of live) {
    const k = key(s);
    if (k !== undefined) series.set(k, (series.get(k) ?? 0) + 1);
    const shape = titleShape(s.title);
    if (shape === 'unit' || shape === 'numbered') stepLevels.add(s.level);
  }
  return (s) => {
    const shape = titleShape(s.title);
    if (shape === 'unit' || shape === 'numbered') return true;
    if (stepLevels.has(s.level) && isOptionTitle(s.title)) return true;
    const k = shape === 'plain' ? key(s) : undefined;
    return k !== undefined && (series.get(k) ?? 0) >= 2;
  };
}

/** True when a document says it is about learning: its title, the text under it, or a top task list of things to learn. */
export function talksAboutLearning(root: Section, sections: Section[], title: string): boolean {
  const top = [root, ...sections.filter((s) => isTitleSection(s, title))];
  const intro = top
    .flatMap((s) => s.blocks.filter((b) => b.type !== 'list'))
    .map((b) => textOf(b as Nodes))
    .join(' ')
    .slice(0, 2000);
  const list = topList(root, sections, title);
  const learningList =
    list !== undefined && list.children.length >= 3 && list.children.every((item) => typeof item.checked === 'boolean') && LEARNING_WORDS.test(textOf(list));
  return LEARNING_WORDS.test(title) || LEARNING_WORDS.test(intro) || learningList;
}

function topList(root: Section, sections: Section[], title: string): List | undefined {
  const top = [root, ...sections.filter((s) => isTitleSection(s, title))];
  return top.flatMap((s) => s.blocks.filter((b): b is List => b.type === 'list')).sort((a, b) => b.children.length - a.children.length)[0];
}

const itemOf = (s: Section, numbered: boolean, group: Group | null): LayerItem => ({
  title: s.title,
  line: s.line,
  start: s.start,
  end: s.end,
  group,
  numbered,
});

const shown = (titles: string[]) =>
  `${titles
    .slice(0, 2)
    .map((t) => `"${plainTitle(t).slice(0, 40)}"`)
    .join(', ')}${titles.length > 2 ? `, … ${titles.length} in all` : ''}`;

/**
 * Every reading of the document's units worth weighing: the headings of each level (those
 * numbered like units, else those shaped like groups, else all of them in a document about
 * learning), each series of unit lists, each kind of unit table, groups of boxes under bold
 * lines, and the top list of a document about learning.
 */
export function layersOf(view: DocumentView): Layer[] {
  const { text, root, sections, live, title } = view;
  const shaped = seriesOf(live);
  const layers: Layer[] = [];
  const add = (layer: Layer) => layers.push(completed(view, layer));
  const levels = [...new Set(live.map((s) => s.level))].sort((a, b) => a - b);
  let mostShaped = 0;
  let mostShapedCount = 0;
  for (const level of levels) {
    const atLevel = live.filter((s) => s.level === level);
    const units = atLevel.filter(shaped);
    const groups = atLevel.filter((s) => titleShape(s.title) === 'group');
    const plain = atLevel.filter((s) => !isNoiseTitle(s.title));
    let chosen: Section[] | undefined;
    let numbered = true;
    if (units.length >= 2 || (units.length === 1 && atLevel.length === 1)) {
      chosen = units;
      if (units.length > mostShapedCount) [mostShaped, mostShapedCount] = [level, units.length];
    } else if (groups.length >= 2) chosen = groups;
    else if (view.learning && plain.length >= 2) [chosen, numbered] = [plain, false];
    if (!chosen) continue;
    const sectionsOfLayer = chosen;
    add({
      kind: 'headings',
      selector: `h${level}`,
      label: `level-${level} headings (${shown(chosen.map((s) => s.title))})`,
      items: chosen.map((s) => itemOf(s, numbered, parentOf(view, s))),
      candidates: () => sectionCandidates(text, sectionsOfLayer, title, live),
    });
  }

  // Lists and tables of units are looked for outside the sections numbered like units: a list
  // inside a week is that week's list.
  const titled = sections.filter((s) => isTitleSection(s, title));
  const containers = [root, ...titled, ...live].filter((s) => !shaped(s) || s.level < mostShaped || mostShapedCount === 0);
  const lists = new Map<string, Candidate[]>();
  const listNumbered = new Map<string, boolean>();
  for (const s of containers) {
    for (const found of unitLists(text, s, title)) {
      const first = found.candidates[0]!;
      const key = found.numberedByMarkers ? 'ordered' : (countedWord(first.title.replace(/^Optional: /, ''))?.replace(/s$/, '') ?? 'numbered');
      lists.set(key, [...(lists.get(key) ?? []), ...found.candidates]);
      listNumbered.set(key, true);
    }
  }
  const tables = new Map<string, Candidate[]>();
  const tableNumbered = new Map<string, boolean>();
  for (const s of containers) {
    for (const found of unitTables(s, title)) {
      const key = textOf(found.block.children[0] as Nodes).toLowerCase();
      tables.set(key, [...(tables.get(key) ?? []), ...found.candidates]);
      tableNumbered.set(key, found.numbered);
    }
  }
  const fixed = (kind: Layer['kind'], name: string, candidates: Candidate[], numbered: boolean): Layer => ({
    kind,
    selector: kind,
    label: `${name} at line ${candidates[0]!.line} (${shown(candidates.map((c) => c.title))})`,
    items: candidates.map((c) => ({
      title: c.title,
      line: c.line,
      start: c.start,
      end: c.end,
      group: c.phase,
      numbered,
      ...(c.number ? { number: c.number } : {}),
      ...(c.details.durations[0] ? { duration: c.details.durations[0].text } : {}),
    })),
    candidates: () => candidates,
  });
  for (const [key, candidates] of tables) if (candidates.length > 0) layers.push(fixed('table', 'the rows of the table', candidates, tableNumbered.get(key)!));
  for (const [key, candidates] of lists) add(fixed('list', 'the list items', candidates, listNumbered.get(key)!));
  const groups = containers.flatMap((s) => checkboxGroups(text, s, title));
  if (groups.length >= 2) layers.push(fixed('groups', 'the bold lines over lists of boxes', groups, false));

  // A document about learning may simply be one list: its items are the units.
  const list = view.learning ? topList(root, sections, title) : undefined;
  if (
    list &&
    list.children.length >= 2 &&
    !layers.some((layer) => layer.kind === 'list' && layer.items.some((item) => item.start === list.children[0]!.position?.start.offset))
  ) {
    layers.push(fixed('list', 'the list items', itemsAsUnits(text, list, null), list.ordered === true));
  }
  // Several readings of one kind are told apart by the line of their first unit: "list@34".
  for (const kind of ['list', 'table'] as const) {
    const same = layers.filter((layer) => layer.kind === kind);
    if (same.length > 1) for (const layer of same) layer.selector = `${kind}@${layer.items[0]!.line}`;
  }
  return layers;
}

// Every item of a list as a unit, whatever its shape: "Linear algebra (2 weeks) — vectors, …".
function itemsAsUnits(text: string, list: List, phase: Section | null): Candidate[] {
  return list.children.map((item) => {
    const { lead, rest } = leadOf(item);
    const parsed = /^(.*?)\s*[([]([^)\]]*)[)\]]\s*$/.exec(lead);
    const candidate = listCandidate(text, item, parsed ? parsed[1]! : lead, rest, phase);
    if (parsed && parseDuration(parsed[2]!)) candidate.details.durations.push({ text: parsed[2]!, line: candidate.line });
    return candidate;
  });
}

// Groups of the same series as the layer's phases that hold none of its units ("# Module 0 —
// Prerequisites" with a checklist only, before modules made of numbered sections) are units of
// their own, each in a phase of its own: a reader would not drop a step the author listed. So is
// a part the author marks optional ("## Bonus: …") that has something to do but no unit.
function completed(view: DocumentView, layer: Layer): Layer {
  const groups = [...new Set(layer.items.map((item) => item.group).filter((g): g is Section => g !== null && 'children' in g))];
  const key = (s: Section) => `${s.level} ${countedWord(s.title)?.replace(/s$/, '')}`;
  const series = new Set(groups.filter((g) => countedWord(g.title) !== undefined).map(key));
  const holdsNone = (s: Section) => !layer.items.some((item) => item.line === s.line || (item.start >= s.start && item.start < s.end));
  let empty = view.live.filter((s) => series.has(key(s)) && !groups.includes(s) && holdsNone(s));
  // When most of the series hold none ("Phase 1" lists lessons, "Phase 2" and "Phase 3" do not),
  // the groups themselves read as the units: that is a layer of its own.
  if (empty.length > groups.length) empty = [];
  const itemSections = view.sections.filter((s) => layer.items.some((item) => item.start === s.start && item.line === s.line));
  const level = groups.length >= 2 ? groups[0]!.level : itemSections[0]?.level;
  const bonus =
    level === undefined
      ? []
      : view.live.filter(
          (s) =>
            s.level === level &&
            !groups.includes(s) &&
            !empty.includes(s) &&
            !itemSections.includes(s) &&
            isOptionalTitle(s.title) &&
            s.blocks.some((b) => b.type === 'list' || b.type === 'table') &&
            holdsNone(s),
        );
  const added = [...empty.map((s) => ({ s, group: s })), ...bonus.map((s) => ({ s, group: groups.length >= 2 ? s : null }))];
  if (added.length === 0) return layer;
  return {
    ...layer,
    items: [...layer.items, ...added.map(({ s, group }) => itemOf(s, true, group))].sort((a, b) => a.line - b.line),
    candidates: () =>
      [...layer.candidates(), ...added.map(({ s, group }) => ({ ...sectionCandidates(view.text, [s], view.title)[0]!, phase: group }))].sort(
        (a, b) => a.line - b.line,
      ),
  };
}

/**
 * The reading `--units` names: a layer's selector ("list@80", "table"), a heading level ("h2"),
 * /a pattern/ of heading titles, or "lines:12,30,45", the units starting at those lines.
 */
export function layerFor(view: DocumentView, layers: Layer[], selector: string): Layer | undefined {
  const exact = layers.find((layer) => layer.selector === selector) ?? layers.find((layer) => layer.selector.split('@')[0] === selector);
  if (exact) return exact;
  const lines = /^lines:\s*(\d+(?:\s*,\s*\d+)*)$/.exec(selector);
  if (lines) return atLines(view, layers, selector, lines[1]!.split(',').map(Number));
  const list = /^list(?:@(\d+))?$/.exec(selector);
  if (list) return anyList(view, selector, list[1] === undefined ? undefined : Number(list[1]));
  const level = /^h([1-6])$/i.exec(selector);
  const pattern = /^\/(.+)\/([a-z]*)$/.exec(selector);
  let chosen: Section[] = [];
  if (level) chosen = view.live.filter((s) => s.level === Number(level[1]) && !isNoiseTitle(s.title));
  else if (pattern) {
    let test: RegExp;
    try {
      test = new RegExp(pattern[1]!, pattern[2]!.includes('i') ? 'i' : '');
    } catch {
      return undefined;
    }
    chosen = view.sections.filter((s) => !underNoise(s) && test.test(plainTitle(s.title)));
  }
  if (chosen.length === 0) return undefined;
  return {
    kind: 'headings',
    selector,
    label: `${level ? `level-${level[1]} headings` : `headings matching ${selector}`} (${shown(chosen.map((s) => s.title))})`,
    items: chosen.map((s) => itemOf(s, titleShape(s.title) !== 'plain', parentOf(view, s))),
    candidates: () => sectionCandidates(view.text, chosen, view.title, view.live),
  };
}

const parentOf = (view: DocumentView, s: Section) => (s.parent && s.parent.level > 0 && !isTitleSection(s.parent, view.title) ? s.parent : null);

// The units starting at the lines given: headings (or lines acting as headings), list items and
// table rows of the readings weighed; undefined when a line starts none of them.
function atLines(view: DocumentView, layers: Layer[], selector: string, lines: number[]): Layer | undefined {
  const fromLayers = new Map<number, Candidate>();
  for (const layer of layers)
    if (layer.kind !== 'headings' && layer.items.some((item) => lines.includes(item.line)))
      for (const c of layer.candidates()) if (lines.includes(c.line)) fromLayers.set(c.line, c);
  const sectionAt = new Map(view.sections.filter((s) => !underNoise(s) && lines.includes(s.line)).map((s) => [s.line, s]));
  if (!lines.every((line) => fromLayers.has(line) || sectionAt.has(line))) return undefined;
  const headings = lines.filter((line) => !fromLayers.has(line)).map((line) => sectionAt.get(line)!);
  const items: LayerItem[] = lines.map((line) => {
    const c = fromLayers.get(line);
    return c
      ? { title: c.title, line, start: c.start, end: c.end, group: c.phase, numbered: false }
      : itemOf(sectionAt.get(line)!, false, parentOf(view, sectionAt.get(line)!));
  });
  return {
    kind: 'headings',
    selector,
    label: `the units at lines ${lines.join(', ')}`,
    items: items.sort((a, b) => a.line - b.line),
    candidates: () => [...sectionCandidates(view.text, headings, view.title, view.live), ...fromLayers.values()].sort((a, b) => a.line - b.line),
  };
}

/**
 * A list the author names that no reading weighed (plain items, "1. Probability"): with a line,
 * the list that holds it; without, the longest list of the document with the lists of its kind
 * (numbered or not) in the sections of the same level, such as one list in each week. Each item
 * is a unit.
 */
function anyList(view: DocumentView, selector: string, line: number | undefined): Layer | undefined {
  const titled = view.sections.filter((s) => isTitleSection(s, view.title));
  const placed = [view.root, ...titled, ...view.live].flatMap((s) =>
    s.blocks.filter((block): block is List => block.type === 'list' && block.children.length > 0).map((block) => ({ s, block })),
  );
  let chosen: typeof placed;
  if (line !== undefined) {
    const holding = placed.find(({ block }) => (block.position?.start.line ?? 0) <= line && line <= (block.position?.end.line ?? 0));
    chosen = holding ? [holding] : [];
  } else {
    const longest = placed.reduce<(typeof placed)[number] | undefined>(
      (best, p) => (!best || p.block.children.length > best.block.children.length ? p : best),
      undefined,
    );
    chosen = longest ? placed.filter(({ s, block }) => s.level === longest.s.level && Boolean(block.ordered) === Boolean(longest.block.ordered)) : [];
  }
  const candidates = chosen.flatMap(({ s, block }) => itemsAsUnits(view.text, block, groupOf(s, view.title)));
  if (candidates.length === 0) return undefined;
  return {
    kind: 'list',
    selector,
    label: `the list items at line ${candidates[0]!.line} (${shown(candidates.map((c) => c.title))})`,
    items: candidates.map((c) => ({ title: c.title, line: c.line, start: c.start, end: c.end, group: c.phase, numbered: chosen[0]!.block.ordered === true })),
    candidates: () => candidates,
  };
}
