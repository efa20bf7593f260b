import type { Table, TableRow } from 'mdast';
import { groupOf, type Candidate, type Group } from './candidates.js';
import { columnKind, emptyDetails, readCell } from './details.js';
import { lineOf, linksOf, textOf } from '../markdown/parse.js';
import type { Section } from './outline.js';
import { isBareNumber, titleShape, titleSpan, unitNumber } from './patterns.js';

// ——— Table rows as units: a Milestone/Week/Module column, or bold group rows in one big table ———

/** A table whose rows are units, and those units. */
export interface UnitTable {
  block: Table;
  /** Its first column numbers the rows ("#", "Week", "M1"). */
  numbered: boolean;
  candidates: Candidate[];
}

/** The tables of a section that are tables of units: a number column, a title column with projects or durations, or group rows. */
export function unitTables(s: Section, title: string): UnitTable[] {
  const found: UnitTable[] = [];
  for (const block of s.blocks) {
    if (block.type !== 'table') continue;
    const [header, ...rows] = block.children;
    if (!header || rows.length === 0) continue;
    const kinds = header.children.map((cell) => columnKind(textOf(cell)));
    const firstCells = rows.map((row) => textOf(row.children[0]));
    const numberColumn = kinds[0] === 'number' || firstCells.filter((cell) => titleShape(cell) === 'unit').length >= 2;
    const groupRows = rows.filter((row) =>
      isGroupRow(
        row,
        row.children.map((cell) => textOf(cell)),
      ),
    ).length;
    const describesUnits =
      kinds[0] === 'title' &&
      rows.length - groupRows >= 2 &&
      kinds.some((kind) => kind === 'project' || kind === 'duration' || kind === 'checklist' || kind === 'exit');
    if (!numberColumn && !describesUnits && !(groupRows > 0 && rows.length - groupRows >= 2)) continue;
    // Without a title column, a course or book column names the rows ("| C1 | [Intro to CS](…) |").
    const named = kinds.findIndex((kind, i) => i > 0 && kind === 'title');
    const titleColumn =
      named > 0
        ? named
        : header.children.findIndex((cell, i) => i > 0 && /^(?:course|course name|book|class|project|project name|projects)$/i.test(textOf(cell)));
    const boxColumn = progressColumn(rows);
    let group: Group | null = groupOf(s, title);
    const candidates: Candidate[] = [];
    for (const row of rows) {
      const cells = row.children.map((cell) => textOf(cell));
      if (isGroupRow(row, cells)) {
        group = { title: cells[0]!, line: lineOf(row), blocks: [] };
        continue;
      }
      if (!cells[0]) continue;
      candidates.push(rowCandidate(block, row, kinds, titleColumn, boxColumn, group));
    }
    found.push({ block, numbered: numberColumn, candidates });
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
const NOT_DONE =
  /^(?:\[ \]|(?:⬜️?|❌|☐|🚧|⏳|🔄)(?:\s*[\p{L} ]{0,20})?|not (?:yet )?started|to ?do|pending|planned|in progress|started|ongoing|wip|upcoming)$/iu;
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

function rowCandidate(
  table: Table,
  row: TableRow,
  kinds: ReturnType<typeof columnKind>[],
  titleColumn: number,
  boxColumn: number,
  phase: Group | null,
): Candidate {
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
  // A bare number under a column that says what it counts is that: "| 3 |" under "Week" is "Week 3".
  const counted =
    !named &&
    /^\d+$/.test(number) &&
    /^(?:week|day|module|stage|step|unit|lesson|session|sprint|lecture|class|chapter|month|quarter|level)s?$/i.test(textOf(header.children[0]));
  const unitTitle = named
    ? titleShape(number) === 'unit'
      ? `${number}: ${named}`
      : named
    : counted
      ? `${textOf(header.children[0]).replace(/s$/i, '')} ${number}`
      : number;
  // A bare number under a "Day" / "Week" / "Month" column spans that much time ("Week 3-4": 2 weeks).
  const spanned = isBareNumber(number) && /^\d/.test(number) ? titleSpan(`${textOf(header.children[0])} ${number}`) : undefined;
  if (spanned && details.durations.length === 0) details.durations.push({ text: spanned, line: lineOf(row) });
  const checked = boxColumn > 0 ? DONE.test(textOf(row.children[boxColumn])) : null;
  return {
    title: unitTitle,
    line: lineOf(row),
    source: 'table-row',
    level: 0,
    phase,
    details,
    body: lines.join('\n\n'),
    checked,
    start: row.position?.start.offset ?? 0,
    end: row.position?.end.offset ?? 0,
    ...(named ? { number: unitNumber(number) ?? number, counter: textOf(header.children[0]).toLowerCase().replace(/s$/, '') } : {}),
  };
}
