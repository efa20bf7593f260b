import type { ListItem, Nodes, RootContent, Table } from 'mdast';
import { parseDuration } from '../../core/duration.js';
import type { Candidate, Group } from './candidates.js';
import { criterionId, uniqueCriterionIds } from './criterion-ids.js';
import { columnKind, labelKind } from './details.js';
import { lineOf, linksOf, plainText, textOf } from '../markdown/parse.js';
import type { ImportedCriterion, ImportedPhase, ImportedUnit, ImportWarning } from './model.js';
import { allSections, type Section } from './outline.js';
import { countedWord, plainTitle } from './patterns.js';

/** Something of the document that joined a unit: a criterion, a duration, the course's prerequisites. */
export interface Attachment {
  line: number;
  text: string;
  /** The id of the unit it joined. */
  unit: string;
  as: ImportedCriterion['from'] | 'duration' | 'prerequisites';
}

/** What attaching gave: the attachments, the sections read whole (left out of the notes), and what could not be placed. */
export interface Attached {
  attachments: Attachment[];
  /** Sections whose every keyed item joined a unit, and the prose of each that stays in the notes. */
  consumed: Map<Section, string>;
  warnings: ImportWarning[];
}

/** A unit or group as a key can name it: "week 3", "month 2", "phase 1". */
interface Key {
  word: string | undefined;
  numbers: number[];
}

const COUNTED =
  /^(?:after|by the end of|at the end of|end of|before|for|in|during)?\s*(?:the\s+)?([a-z]+?)s?\s*#?(\d+)(?:\s*(?:-|–|—|to|&|and)\s*(\d+))?\b\s*(.*)$/i;
const KEY_WORDS = new Set([
  'week',
  'month',
  'day',
  'phase',
  'stage',
  'module',
  'unit',
  'lesson',
  'part',
  'session',
  'sprint',
  'level',
  'milestone',
  'step',
  'chapter',
  'section',
  'quarter',
  'term',
  'class',
  'lecture',
  'topic',
  'block',
  'semester',
  'year',
]);
const CRITERIA = new Set(['exit', 'milestone', 'deliverable', 'project', 'exercise', 'checklist']);
const COURSE_PREREQUISITES =
  /^(?:prerequisites?|requirements|before you (?:start|begin)|what you need(?: to know)?|you should know|assumed knowledge|background)$/i;

// "After Week 4: …", "Month 2 milestone: …", "Weeks 1–4 — …": the key and the rest.
function keyOf(text: string): { key: Key; rest: string } | undefined {
  const match = COUNTED.exec(text.trim());
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  if (!KEY_WORDS.has(word)) return undefined;
  const low = Number(match[2]);
  const high = match[3] ? Number(match[3]) : low;
  if (high < low || high - low > 52) return undefined;
  return { key: { word, numbers: Array.from({ length: high - low + 1 }, (_, i) => low + i) }, rest: match[4]!.replace(/^[\s:：—–-]+/, '').trim() };
}

// The first "lecture 4", "week 3" in a text, if any.
function keyWithin(text: string): Key | undefined {
  for (const match of text.matchAll(/\b([a-z]+?)s?\s*#?(\d+)\b/gi)) {
    const word = match[1]!.toLowerCase();
    if (KEY_WORDS.has(word)) return { word, numbers: [Number(match[2])] };
  }
  return undefined;
}

// The role a keyed item's own words give it ("milestone: …", "quiz"), else its section's.
function roleOf(text: string, fallback: ImportedCriterion['from'] | undefined): ImportedCriterion['from'] | undefined {
  const label = /^([\p{L} ]{2,30}?)\s*[:：]/u.exec(text);
  const own = label ? labelKind(label[1]!, true) : undefined;
  const kind = own && CRITERIA.has(own) ? own : fallback;
  return kind === 'checklist' ? 'exit' : (kind as ImportedCriterion['from'] | undefined);
}

// The numbers a title spans besides its own: "Phase 1: Base (Weeks 1–4)" spans weeks 1 to 4.
function spansOf(title: string): Key[] {
  const found: Key[] = [];
  for (const match of plainTitle(title).matchAll(/\b(weeks?|months?|days?)\s*(\d+)\s*(?:-|–|—|to)\s*(\d+)/gi)) {
    const [low, high] = [Number(match[2]), Number(match[3])];
    if (high >= low && high - low <= 52)
      found.push({ word: match[1]!.toLowerCase().replace(/s$/, ''), numbers: Array.from({ length: high - low + 1 }, (_, i) => low + i) });
  }
  return found;
}

function ownKey(title: string, number: string | null, counter: string | undefined): Key | undefined {
  const counted = keyOf(plainTitle(title));
  if (counted) return counted.key;
  const n = number !== null ? Number(number.split('.')[0]) : NaN;
  return Number.isInteger(n) ? { word: counter ?? countedWord(title)?.replace(/s$/, ''), numbers: [n] } : undefined;
}

/** What the text of a keyed item says, one entry per item: a list item, a line, a table row. */
interface Entry {
  line: number;
  text: string;
  key: Key | undefined;
  role: ImportedCriterion['from'] | undefined;
  /** For a table row: its cells by column kind. */
  cells?: Array<{ kind: ReturnType<typeof columnKind>; header: string; node: Table['children'][number]['children'][number] }>;
}

function entriesOf(blocks: readonly RootContent[], inherited: Key | undefined, role: ImportedCriterion['from'] | undefined): Entry[] {
  const entries: Entry[] = [];
  const push = (line: number, raw: string) => {
    const text = raw.replace(/\s+/g, ' ').trim();
    if (!text) return;
    const keyed = keyOf(text);
    // "Midterm: after lecture 4, in class.": a key inside a short item with a role keys it whole.
    const inside = !keyed && text.length <= 160 ? keyWithin(text) : undefined;
    if (inside) {
      const ownRole = roleOf(text, role);
      if (ownRole) entries.push({ line, text, key: inside, role: ownRole });
      return;
    }
    const rest = keyed ? keyed.rest : text;
    const itemRole = roleOf(rest, role);
    // "Month 1 milestone: read …": the label after the key says the role; the criterion is what follows it.
    const label = /^([\p{L} ]{2,30}?)\s*[:：]\s*(.+)$/u.exec(rest);
    const said = (label && labelKind(label[1]!, true) ? label[2]! : rest).trim();
    // A key alone ("Milestone 1", a table of contents' link) says nothing to attach.
    if (!said) return;
    entries.push({ line, text: said, key: keyed?.key ?? inherited, role: itemRole });
  };
  for (const block of blocks) {
    if (block.type === 'list') {
      for (const item of block.children as ListItem[])
        push(lineOf(item), textOf({ type: 'root', children: item.children.filter((child) => child.type !== 'list') } as Nodes));
    } else if (block.type === 'paragraph') {
      plainText(block)
        .split('\n')
        .forEach((line, i) => push(lineOf(block) + i, line));
    } else if (block.type === 'table') {
      const [header, ...rows] = block.children;
      if (!header) continue;
      const headers = header.children.map((cell) => textOf(cell));
      const first = headers[0]!.toLowerCase().replace(/s$/, '');
      for (const row of rows) {
        const firstCell = textOf(row.children[0]);
        // A bare number keys the row only under a column that names what it counts ("Week", "Module"):
        // under "#" it is the table's own numbering.
        const key = keyOf(firstCell)?.key ?? (/^\d+$/.test(firstCell) && KEY_WORDS.has(first) ? { word: first, numbers: [Number(firstCell)] } : undefined);
        const cells = row.children
          .slice(1)
          .map((node, i) => ({ kind: columnKind(headers[i + 1] ?? ''), header: headers[i + 1] ?? '', node }))
          .filter((cell) => attachable(cell.kind, cell.header));
        // A row joins its unit only through columns a unit has: criteria, a duration, resources.
        if (cells.length === 0) continue;
        entries.push({
          line: lineOf(row),
          text: row.children
            .slice(1)
            .map((cell) => textOf(cell))
            .join(' · '),
          key,
          role,
          cells,
        });
      }
    }
  }
  return entries;
}

const TIME_COLUMN = /^(weeks?|days?|hours?|months?)$/i;
const attachable = (kind: ReturnType<typeof columnKind>, header: string) =>
  (kind !== undefined && (CRITERIA.has(kind) || kind === 'duration' || kind === 'resources')) || TIME_COLUMN.test(header);

interface Target {
  unit: number;
  keys: Key[];
}

/**
 * Joins to their units what the document keeps in sections of its own but keys by unit, phase
 * or period: exit criteria "After Week 4: …", "Month 2 milestone: …", a table of weekly quizzes,
 * a summary table of modules with their weeks and deliverables; and the course's prerequisites
 * to its first unit, as knowledge from outside the track.
 */
export function attachKeyed(
  sections: readonly Section[],
  found: readonly Candidate[],
  units: ImportedUnit[],
  phases: ReadonlyMap<Group, ImportedPhase>,
): Attached {
  const attachments: Attachment[] = [];
  const consumed = new Map<Section, string>();
  const warnings: ImportWarning[] = [];
  const unitStarts = found.map((c) => c.start);
  const holdsUnit = (s: Section) => unitStarts.some((start) => start >= s.start && start < s.end) || [...phases.keys()].includes(s);
  const insideUnit = (s: Section) => found.some((c) => c.source === 'heading' && c.level > 0 && c.start <= s.start && s.start < c.end);
  const targets: Target[] = units.map((unit, i) => {
    const own = ownKey(found[i]!.title, unit.number, found[i]!.counter);
    return { unit: i, keys: [...(own ? [own] : []), ...spansOf(found[i]!.title)] };
  });
  // A phase's key names its last unit that is not optional: where the phase ends.
  for (const [group, phase] of phases) {
    const members = units.map((unit, i) => ({ unit, i })).filter(({ unit }) => unit.phase === phase.id);
    const last = members.filter(({ unit }) => !unit.optional).at(-1) ?? members.at(-1);
    if (!last) continue;
    const own =
      ownKey(group.title, null, undefined) ??
      (() => {
        const n = /^\W*\p{L}+\s*#?(\d+)\b/u.exec(plainTitle(group.title));
        return n ? { word: countedWord(group.title)?.replace(/s$/, ''), numbers: [Number(n[1])] } : undefined;
      })();
    targets.push({ unit: last.i, keys: [...(own ? [own] : []), ...spansOf(group.title)] });
  }
  const resolve = (key: Key): number | undefined => {
    const end = key.numbers.at(-1)!;
    const named = targets.filter((t) => t.keys.some((k) => k.word === key.word && k.numbers.includes(end)));
    // Units numbered without a word ("## 3. Databases") answer to any word.
    const anyWord =
      named.length > 0 ? named : targets.filter((t) => t.keys.some((k) => (k.word === undefined || key.word === undefined) && k.numbers.includes(end)));
    return anyWord.at(-1)?.unit ?? anyWord[0]?.unit;
  };
  const addCriterion = (i: number, from: ImportedCriterion['from'], text: string, line: number) => {
    const unit = units[i]!;
    // A criterion of its own makes the stand-in one ("Covered: …", "Worked through …") unneeded.
    unit.criteria = unit.criteria.filter(
      (c) => !((c.from === 'objectives' || c.from === 'unit') && c.done === undefined && (c.id === 'covered' || c.id === 'done')),
    );
    unit.criteria.push({ id: criterionId(text, from), kind: 'attest', text, from, line });
    uniqueCriterionIds(unit.criteria);
    attachments.push({ line, text, unit: unit.id, as: from });
  };

  const candidates = sections.filter(
    (s) => !holdsUnit(s) && !insideUnit(s) && !(s.parent && sections.includes(s.parent) && !holdsUnit(s.parent) && !insideUnit(s.parent)),
  );
  for (const s of candidates) {
    const title = plainTitle(s.title);
    if (COURSE_PREREQUISITES.test(title.replace(/[^\p{L}\p{N}' ]+/gu, ' ').trim())) {
      const first = units[0];
      const text = prose(s);
      if (first && !first.prerequisiteText && text) {
        first.prerequisiteText = { line: s.line, text };
        first.prerequisitesOutside = true;
        attachments.push({ line: s.line, text, unit: first.id, as: 'prerequisites' });
        consumed.set(s, '');
      }
      continue;
    }
    const sectionRole = roleOf(`${title}:`, undefined);
    const entries = [
      ...entriesOf(s.blocks, keyOf(title)?.key, sectionRole),
      ...allSections(s).flatMap((child) =>
        entriesOf(child.blocks, keyOf(plainTitle(child.title))?.key, roleOf(`${plainTitle(child.title)}:`, sectionRole) ?? sectionRole),
      ),
    ];
    const keyed = entries.filter((entry) => entry.key !== undefined && (entry.role !== undefined || entry.cells !== undefined));
    if (keyed.length === 0) continue;
    const placed = keyed.map((entry) => ({ entry, unit: resolve(entry.key!) }));
    const missing = placed.filter((p) => p.unit === undefined);
    for (const { entry } of missing)
      warnings.push({
        line: entry.line,
        text: entry.text,
        reason: `"${entry.text.slice(0, 60)}" is keyed to ${entry.key!.word ?? 'number'} ${entry.key!.numbers.join('–')}, which no unit or phase is; kept in the track notes`,
        kind: 'unattached',
      });
    if (missing.length > 0) continue;
    for (const { entry, unit } of placed) {
      if (!entry.cells) {
        addCriterion(unit!, entry.role!, entry.text, entry.line);
        continue;
      }
      for (const cell of entry.cells) {
        const text = textOf(cell.node);
        if (!text) continue;
        const timeUnit = TIME_COLUMN.exec(cell.header);
        if (cell.kind === 'duration' || timeUnit) {
          const duration =
            timeUnit && /^\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?$/.test(text)
              ? `${text} ${timeUnit[1]!.toLowerCase().replace(/s$/, '')}${text === '1' ? '' : 's'}`
              : text;
          if (!units[unit!]!.duration && parseDuration(duration)) {
            units[unit!]!.duration = { line: entry.line, text: duration };
            attachments.push({ line: entry.line, text: duration, unit: units[unit!]!.id, as: 'duration' });
          }
        } else if (cell.kind && CRITERIA.has(cell.kind))
          addCriterion(unit!, cell.kind === 'checklist' ? 'exit' : (cell.kind as ImportedCriterion['from']), text, entry.line);
        else if (cell.kind === 'resources') units[unit!]!.resources.push(...linksOf(cell.node));
      }
    }
    consumed.set(
      s,
      prose(s, (line) => entries.some((entry) => entry.line === line && keyed.includes(entry))),
    );
  }
  return { attachments, consumed, warnings };
}

// The text of a section as one line: its paragraphs and list items, without the keyed items.
function prose(s: Section, skip: (line: number) => boolean = () => false): string {
  const parts: string[] = [];
  for (const block of s.blocks) {
    if (block.type === 'paragraph') {
      const lines = plainText(block)
        .split('\n')
        .filter((_, i) => !skip(lineOf(block) + i));
      if (lines.length) parts.push(lines.join(' ').replace(/\s+/g, ' ').trim());
    } else if (block.type === 'list') {
      const items = block.children.filter((item) => !skip(lineOf(item))).map((item) => textOf(item));
      if (items.length) parts.push(items.join('; '));
    }
  }
  const kept = parts.filter(Boolean);
  return kept.map((part, i) => (i < kept.length - 1 && !/[.:;!?]$/.test(part) ? `${part}.` : part)).join(' ');
}
