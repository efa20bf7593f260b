import type { List, ListItem, Nodes, RootContent, Table } from 'mdast';
import { parseDuration } from '../../core/duration.js';
import { lineOf, linksOf, plainText, textOf } from '../markdown/parse.js';
import { stripEmoji } from './patterns.js';

/** What the blocks of a unit (or phase) say, by kind. */
export interface Details {
  description: string | null;
  objectives: string[];
  mvu: string | null;
  exercises: Array<{ text: string; line: number }>;
  milestones: Array<{ text: string; line: number }>;
  projects: Array<{ text: string; line: number }>;
  deliverables: Array<{ text: string; line: number }>;
  exit: Array<{ text: string; line: number }>;
  checklist: Array<{ text: string; line: number; done: boolean }>;
  tools: string[];
  resources: Array<{ title: string; url: string }>;
  durations: Array<{ text: string; line: number }>;
  prerequisites: Array<{ text: string; line: number }>;
}

type Label =
  | 'description'
  | 'objectives'
  | 'mvu'
  | 'exercise'
  | 'milestone'
  | 'project'
  | 'deliverable'
  | 'exit'
  | 'tools'
  | 'resources'
  | 'duration'
  | 'prerequisites'
  | 'checklist';

const LABELS: Array<[RegExp, Label]> = [
  [/^(?:goal|goals|aim|description|summary|overview|why|focus|high[- ]level description|about)$/i, 'description'],
  [
    /^(?:objectives?|learning objectives?|learning goals?|topics?|key topics|concepts?|you(?:'|’)?ll learn|you will learn|what you(?:'|’)?ll learn|what to (?:learn|study|read)|skills|covers?|syllabus|contents?)$/i,
    'objectives',
  ],
  [/^(?:mvu|minimum viable understanding)$/i, 'mvu'],
  [/^(?:exercises?|hands[- ]on|practice|assignments?|labs?|tasks?|homework|challenge)$/i, 'exercise'],
  [/^(?:milestones?|checkpoints?)$/i, 'milestone'],
  [/^(?:projects?|mini[- ]projects?|simple projects?|capstone|build|what to build)$/i, 'project'],
  [/^(?:deliverables?|outputs?|artifacts?)$/i, 'deliverable'],
  [/^(?:exit criteria|done when|definition of done|success criteria|completion criteria|you(?:'|’)?re done when|acceptance criteria)$/i, 'exit'],
  [/^(?:tools?|tech|tech ?\/ ?tools|tech stack|stack|libraries|frameworks|technologies)$/i, 'tools'],
  [/^(?:resources?|articles?|reading|readings|links?|materials?|references?|further reading|videos?|books?|courses?)$/i, 'resources'],
  [/^(?:duration|time|estimated time|estimated duration|estimate|timeline|timeframe|time ?box|effort|length)$/i, 'duration'],
  [/^(?:prereqs?|prerequisites?|requires|required|depends on|dependencies|before this)$/i, 'prerequisites'],
  [/^(?:checklist|to ?do|todo)$/i, 'checklist'],
];

// A label not in the list above is read by the role its words name, in the order of this list:
// "Milestone Project" is a project, "Must deliver" a deliverable, "Builds on" prerequisites,
// "Where to learn it" resources, "Weekly goal" the description.
const ROLES: Array<[RegExp, Label]> = [
  [/\b(?:exit|done when|definition of done|success criteria|completion|acceptance|ready when|pass(?:ing)? criteria)\b/i, 'exit'],
  [/\b(?:deliver(?:able)?s?|hand in|submit|submission|outputs?|artifacts?)\b/i, 'deliverable'],
  [/\b(?:projects?|capstone|build|portfolio)\b/i, 'project'],
  [/\b(?:milestones?|checkpoints?|check-?ins?|assessments?|quiz(?:zes)?|exams?|tests?)\b/i, 'milestone'],
  [/\b(?:exercises?|homework|assignments?|practice|hands[- ]on|labs?|tasks?|challenges?|drills?)\b/i, 'exercise'],
  [/\b(?:prereqs?|prerequisites?|requires|required|depends on|dependencies|builds on|before this)\b/i, 'prerequisites'],
  [/\b(?:duration|time|timeline|timeframe|effort|hours|length|estimate)\b/i, 'duration'],
  [/\b(?:tools?|tech|stack|libraries|frameworks|technologies)\b/i, 'tools'],
  [/\b(?:resources?|readings?|links?|materials?|references?|videos?|books?|courses?|where to learn|sources?)\b/i, 'resources'],
  [/\b(?:checklist|to ?do)\b/i, 'checklist'],
  [/\b(?:goals?|aims?|focus|why|purpose|overview|description|summary)\b/i, 'description'],
  [/\b(?:learn|topics?|concepts?|skills|covers?|syllabus|contents?|outcomes?|objectives?)\b/i, 'objectives'],
];

/**
 * The kind of a label such as "Prereqs", "**Goal**" or "Exercise", if it is one; with `roles`,
 * also of a label of up to four words by the role its words name ("Milestone Project").
 */
export function labelKind(label: string, roles = false): Label | undefined {
  // "Checkpoint 1", "Project #2": a numbered label is still that label.
  const text = label
    .replace(/[*_`]/g, '')
    .trim()
    .replace(/\s*#?\d+[a-z]?$/i, '');
  const exact = LABELS.find(([pattern]) => pattern.test(text))?.[1];
  if (exact || !roles || text.split(/\s+/).length > 4) return exact;
  return ROLES.find(([pattern]) => pattern.test(text))?.[1];
}

/** Details with nothing in them. */
export function emptyDetails(): Details {
  return {
    description: null,
    objectives: [],
    mvu: null,
    exercises: [],
    milestones: [],
    projects: [],
    deliverables: [],
    exit: [],
    checklist: [],
    tools: [],
    resources: [],
    durations: [],
    prerequisites: [],
  };
}

// "Label: value" at the start of a paragraph; the label is short and may be bold.
const LABELLED = /^([\p{L}][\p{L}\p{N} /&'’()-]{0,40}?)\s*[:：]\s*([\s\S]*)$/u;
const EXIT_LINE = /^(?:✅|✔️?|☑️?)\s*(.+)$/u;
// A box written without a list marker: "[ ] set up SSH keys", "[x] a workflow that runs the tests".
const BOX_LINE = /^\[( |x|X)\]\s+(.+)$/;
const ABOUT = /^(?:about|around|roughly|approximately|approx\.?|~)\s*/i;

function itemText(item: ListItem): string {
  return textOf({ type: 'root', children: item.children.filter((child) => child.type !== 'list') } as Nodes);
}

// Labels whose values are kept as found, in order, with their line.
const FOUND_LISTS = {
  exercise: 'exercises',
  milestone: 'milestones',
  project: 'projects',
  deliverable: 'deliverables',
  exit: 'exit',
  duration: 'durations',
  prerequisites: 'prerequisites',
} as const satisfies Partial<Record<Label, keyof Details>>;

function add(details: Details, label: Label, text: string, line: number, done?: boolean): void {
  const value = text.trim();
  if (!value) return;
  if (label in FOUND_LISTS) {
    details[FOUND_LISTS[label as keyof typeof FOUND_LISTS]].push({ text: value, line });
    return;
  }
  if (label === 'description') details.description ??= value;
  else if (label === 'mvu') details.mvu ??= value;
  else if (label === 'objectives') details.objectives.push(value);
  else if (label === 'checklist') details.checklist.push({ text: value, line, done: done ?? false });
  else if (label === 'tools') details.tools.push(...splitTools(value));
}

/** Splits "Python, NumPy / Pandas or Polars" into tools. */
export function splitTools(text: string): string[] {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s*(?:,|;|\/|\bor\b|\band\b|\+|·|•)\s*/i)
    .map((tool) => tool.replace(/[*_`]/g, '').trim())
    .filter((tool) => tool.length > 0 && tool.length <= 40);
}

function readList(details: Details, list: List, label: Label | undefined): void {
  for (const item of list.children) {
    const text = itemText(item);
    const line = lineOf(item);
    const own = labelled(text, startsBold(item));
    // "Resources:" above a sub-list names what the sub-list holds; "Resource: [link]" is one.
    const inner = own && (own.value === '' || own.label === 'resources') ? own.label : (label ?? 'objectives');
    if (label === 'resources' || own?.label === 'resources') {
      const links = linksOf({ type: 'root', children: item.children.filter((child) => child.type !== 'list') } as Nodes);
      const value = own ? own.value : text;
      details.resources.push(...(links.length > 0 ? links : value ? [{ title: value, url: '' }] : []));
    } else if (item.checked !== null && item.checked !== undefined) add(details, label === 'exit' ? 'exit' : 'checklist', text, line, item.checked);
    else if (own && (!label || label === 'objectives' || label === 'description')) add(details, own.label, own.value, line);
    else if (label && label !== 'description') add(details, label, text, line);
    else add(details, 'objectives', text, line);
    for (const child of item.children) if (child.type === 'list') readList(details, child, inner);
  }
}

// A bold label ("- **Must deliver:** …") may be read by its role; a plain "topic: details" bullet is not.
function startsBold(item: ListItem): boolean {
  const first = item.children[0];
  return first?.type === 'paragraph' && first.children[0]?.type === 'strong';
}

// "Label: value" with a known label.
function labelled(text: string, roles = false): { label: Label; value: string } | undefined {
  const match = LABELLED.exec(text);
  const label = match ? labelKind(match[1]!, roles) : undefined;
  return label ? { label, value: match![2]!.trim() } : undefined;
}

/** Column kinds of a table inside a unit: topics, projects, tools, durations, checklists, resources. */
export function columnKind(header: string): Label | 'title' | 'number' | undefined {
  const text = header.replace(/[*_`]/g, '').trim().toLowerCase();
  if (/^(?:#|no\.?|number|id|milestone|week|day|module|stage|step|unit|lesson|session|sprint|lecture|class|chapter|month|quarter|level)s?$/.test(text))
    return 'number';
  if (/^(?:title|name|topic|topics?|key topics|subject|focus|module name|lesson name|theme|area)$/.test(text)) return 'title';
  if (/(?:level|difficulty|priority|category|type)$/.test(text)) return undefined;
  return (
    labelKind(text) ??
    (/(?:project|exercise|assignment|task|build)/.test(text)
      ? 'project'
      : /(?:tool|tech|stack|librar)/.test(text)
        ? 'tools'
        : /(?:duration|time|hours|estimate)/.test(text)
          ? 'duration'
          : /(?:check|todo|progress|status)/.test(text)
            ? 'checklist'
            : /(?:resource|link|reading|material)/.test(text)
              ? 'resources'
              : /(?:exit|criteria|done when|outcome)/.test(text)
                ? 'exit'
                : /(?:topic|concept|content|what)/.test(text)
                  ? 'objectives'
                  : labelKind(text, true))
  );
}

/** Reads a table cell by its column's kind into details (checklists inside cells included). */
export function readCell(details: Details, kind: Label, cell: Table['children'][number]['children'][number], line: number): void {
  const text = textOf(cell);
  // Boxes start the cell, follow a <br>, a bullet or ";", or follow one another ("- [ ] A. - [x] B.").
  const found = [
    ...cellSource(cell)
      .trim()
      .matchAll(/(?:^|<br\s*\/?>|\n|•|;|\s(?=[-*]\s*\[[ xX]\]))\s*[-*]?\s*\[( |x|X)\]\s*((?:(?!\s[-*]\s*\[[ xX]\])[^<\n•;])+)/g),
  ];
  const boxes = found[0] && (found[0].index === 0 || /^(?:<|\n|•|;)/.test(found[0][0])) ? found : [];
  if (boxes.length > 0) {
    for (const box of boxes) add(details, kind === 'exit' ? 'exit' : 'checklist', box[2]!.trim(), line, box[1] !== ' ');
    return;
  }
  if (kind === 'objectives' || kind === 'project' || kind === 'deliverable' || kind === 'exit' || kind === 'exercise' || kind === 'milestone') {
    const parts = kind === 'objectives' ? text.split(/\s*(?:<br\s*\/?>|;)\s*/) : [text];
    for (const part of parts) add(details, kind, part, line);
    return;
  }
  if (kind !== 'resources') add(details, kind, text, line);
  const links = linksOf(cell);
  details.resources.push(...links);
  // A resources column may name its resources without links ("Tokenizer docs").
  if (kind === 'resources' && links.length === 0 && text) details.resources.push(...namedResources(text).map((title) => ({ title, url: '' })));
}

// Resources named in a cell without links: "Goodrich ch. 4; Sedgewick 1.4" is two, and so is
// "SQLBolt, Mode SQL Tutorial"; "The Linux Command Line, ch. 1–10" is one book and its chapters.
function namedResources(text: string): string[] {
  return text
    .split(/\s*(?:<br\s*\/?>|;)\s*/)
    .flatMap((part) => {
      const pieces = part.split(/\s*,\s*/);
      return pieces.some((piece, i) => i > 0 && /^(?:ch|chap|chapters?|pp?|pages?|§|sec|sections?|parts?|vol|lectures?)?\.?\s*\d/i.test(piece))
        ? [part]
        : pieces;
    })
    .filter(Boolean);
}

// A cell's inline content as Markdown-ish text, keeping <br> and "[ ]" markers for checklists.
function cellSource(cell: Table['children'][number]['children'][number]): string {
  return cell.children.map((child) => (child.type === 'html' ? child.value : child.type === 'text' ? child.value : textOf(child))).join('');
}

/** Reads the blocks of a unit or phase: labelled lines, lists, task lists, tables and links. */
export function readDetails(blocks: readonly RootContent[]): Details {
  return readParts([{ blocks }]);
}

// Labels whose value a plain paragraph under a heading of that name is: "### Project" then its text.
const PARAGRAPH_VALUES = new Set<Label>(['mvu', 'exercise', 'milestone', 'project', 'deliverable', 'exit']);

/**
 * Reads a unit's parts: its own blocks, then those of each sub-heading. A sub-heading named
 * like a label ("### Project", "### ✅ Checklist", "### What you'll learn") labels its blocks.
 */
export function readParts(parts: ReadonlyArray<{ heading?: string; line?: number; blocks: readonly RootContent[] }>): Details {
  const details = emptyDetails();
  for (const part of parts) {
    const heading = part.heading === undefined ? undefined : stripEmoji(part.heading);
    // A sub-heading that is a labelled line ("#### Goal: be at home on a remote machine") says
    // its value; what stands under it is read as it is.
    const said = heading === undefined ? undefined : LABELLED.exec(heading);
    const saidLabel = said && said[2]!.trim() ? labelKind(said[1]!, true) : undefined;
    if (saidLabel) add(details, saidLabel, said![2]!, part.line ?? 0);
    readBlocks(details, part.blocks, heading === undefined || saidLabel ? undefined : labelKind(heading.replace(/[:：]\s*$/, ''), true));
  }
  details.resources = dedupe(details.resources);
  details.tools = [...new Set(details.tools)];
  return details;
}

function readBlocks(details: Details, blocks: readonly RootContent[], heading: Label | undefined): void {
  let pending: Label | undefined = heading;
  for (const block of blocks) {
    const line = lineOf(block);
    if (block.type === 'paragraph') {
      const lines = plainText(block, true).split('\n');
      if (heading && PARAGRAPH_VALUES.has(heading) && !lines.some((text) => labelOf(text)))
        add(details, heading, lines.join(' ').replace(/\s+/g, ' ').trim(), line);
      else
        lines.forEach((text, i) => {
          pending = readLine(details, text.replace(/\s+/g, ' ').trim(), line + i) ?? pending;
        });
      details.resources.push(...linksOf(block));
    } else if (block.type === 'list') {
      readList(details, block, pending);
      if (pending !== 'resources') details.resources.push(...linksOf(block));
      pending = heading;
    } else if (block.type === 'table') {
      readTable(details, block);
      pending = heading;
    } else if (block.type === 'blockquote') {
      details.resources.push(...linksOf(block));
    }
  }
}

// The known label a line starts with ("Duration: …"), if any.
function labelOf(text: string): Label | undefined {
  const match = LABELLED.exec(stripEmoji(text).replace(/^[*_\s]+/, ''));
  return match ? labelKind(match[1]!, true) : undefined;
}

// One line of a paragraph: "Label: value" parts (also several, "⏱ 2 weeks · Prereqs: none"),
// an exit line ("✅ After this phase …"), a bare duration ("*1 week*"), or description text.
// Returns the label whose list may follow ("Articles:" then a list), or undefined.
function readLine(details: Details, text: string, line: number): Label | undefined {
  if (!text) return undefined;
  const exitLine = EXIT_LINE.exec(text);
  if (exitLine) {
    add(details, 'exit', exitLine[1]!, line);
    return undefined;
  }
  const box = BOX_LINE.exec(text);
  if (box) {
    add(details, 'checklist', box[2]!, line, box[1] !== ' ');
    return undefined;
  }
  let pending: Label | undefined;
  const segments = text.split(/\s+[·•|]\s+/);
  segments.forEach((raw, i) => {
    const segment = stripEmoji(raw).replace(/^[*_\s]+|[*_\s]+$/g, '');
    const match = LABELLED.exec(segment);
    const label = match ? labelKind(match[1]!, true) : undefined;
    if (label && match) {
      if (match[2]!.trim() === '') pending = label;
      else {
        add(details, label, match[2]!, line);
        pending = label === 'resources' || label === 'objectives' ? label : undefined;
      }
    } else if (segments.length === 1 && labelKind(segment)) pending = labelKind(segment);
    else if (match && match[2]!.trim() === '') return;
    else if (parseDuration(segment)) add(details, 'duration', segment, line);
    // "About 2 months." on a line of its own is a duration too.
    else if (ABOUT.test(segment) && parseDuration(segment.replace(ABOUT, '').replace(/\.$/, '')))
      add(details, 'duration', segment.replace(ABOUT, '').replace(/\.$/, ''), line);
    else if (i === 0 && !details.description) details.description = segments.length > 1 ? segment : text;
  });
  return pending;
}

function readTable(details: Details, table: Table): void {
  const [header, ...rows] = table.children;
  if (!header) return;
  const kinds = header.children.map((cell) => columnKind(textOf(cell)));
  // One time in the column is the unit's ("2-4 Weeks" on the first row); one per row is each
  // row's own (a day plan), not the unit's.
  const timed = kinds.map((kind, i) => kind === 'duration' && rows.filter((row) => textOf(row.children[i]) !== '').length > 1);
  for (const row of rows) {
    row.children.forEach((cell, i) => {
      const kind = kinds[i];
      if (!kind || kind === 'number' || timed[i]) return;
      readCell(details, kind === 'title' ? 'objectives' : kind, cell, lineOf(row));
    });
  }
}

function dedupe(links: Array<{ title: string; url: string }>): Array<{ title: string; url: string }> {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = link.url || link.title;
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
