/** A unit as prerequisite text can name it: by number ("Stage 05") or by title. */
export interface Referable {
  index: number;
  number: string | null;
  title: string;
  phase: string | null;
  /** The number or letter of its phase ("2", "b" for "Part B"), when the phase has one. */
  group?: string | null;
}

/** What a "Prereqs:" line says: the units it names, and whether the unit may be read at any time. */
export interface PrerequisiteReading {
  refs: number[];
  anytime: boolean;
  /** True when the text names nothing in the track (e.g. "high-school algebra"). */
  outside: boolean;
}

// Clauses that soften a prerequisite ("useful from Stage 04") are advice, not a requirement.
const ADVICE = /^\s*(?:but\s+)?(?:useful|recommended|helpful|optional|nice to have|ideally|bonus|also useful|suggested|see also)\b/i;

/**
 * Reads prerequisite text such as "Stages 03–05", "Stages 05, 08", "Stage 06 (mechanically);
 * useful from Stage 04", "Sections 2 and 4", "Python Basics", "None — read at any time".
 */
export function readPrerequisites(text: string, self: Referable, units: readonly Referable[]): PrerequisiteReading {
  const anytime = /\bany ?time\b|\bwhenever\b|\bat any point\b|\bin any order\b/i.test(text);
  if (/^\s*(?:none|no prerequisites?|nothing|n\/a|—|-)\b/i.test(text) || anytime) return { refs: [], anytime, outside: false };
  const clauses = text.split(/;|\.\s+(?=[A-Z])/).filter((clause) => !ADVICE.test(clause));
  const refs = new Set<number>();
  for (const clause of clauses) {
    // Titles are matched with and without their parentheses; numbers only outside them ("(backprop 2)").
    const lower = clause.toLowerCase();
    for (const unit of units) {
      if (unit.index === self.index) continue;
      if (namesOf(unit).some((name) => containsWord(lower, name))) refs.add(unit.index);
    }
    for (const index of byNumber(clause.replace(/\([^)]*\)/g, ' '), self, units)) refs.add(index);
  }
  refs.delete(self.index);
  return { refs: [...refs].sort((a, b) => a - b), anytime: false, outside: refs.size === 0 };
}

const names = new WeakMap<Referable, string[]>();

function namesOf(unit: Referable): string[] {
  let found = names.get(unit);
  if (!found) {
    const title = unit.title.toLowerCase();
    found = [...new Set([title, title.replace(/\s*\([^)]*\)\s*/g, ' ').trim()])].filter((name) => name.length >= 3);
    names.set(unit, found);
  }
  return found;
}

const WORD = /[\p{L}\p{N}]/u;

// `name` occurs in `text` as whole words (not inside a longer word).
function containsWord(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text[at + name.length] ?? ' ';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}

// Numbers and ranges: "03–05", "1, 3", "2 and 4", "3.1"; each is matched against unit numbers,
// preferring units of the same phase when numbering restarts per phase.
// A part named before the unit's number: "Part A, Lesson 3", "Phase 2 — Step 1".
const QUALIFIED = /\b(?:part|phase|month|quarter|term|track|level|block|semester|year)\s*#?([a-z]|\d+)\b[\s,:–—-]*(?=\D*\d)/i;

function byNumber(text: string, self: Referable, units: readonly Referable[]): number[] {
  const found: number[] = [];
  const numbered = units.filter((unit) => unit.number !== null);
  if (numbered.length === 0) return found;
  const qualified = QUALIFIED.exec(text);
  const group = qualified ? qualified[1]!.toLowerCase().replace(/^0+(?=\d)/, '') : undefined;
  const clause = qualified ? text.replace(qualified[0], ' ') : text;
  const pick = (number: string) => {
    const matches = numbered.filter((unit) => unit.number === number);
    const named = group === undefined ? [] : matches.filter((unit) => unit.group === group);
    const local = matches.filter((unit) => unit.phase === self.phase);
    const chosen = group !== undefined ? named[0] : (local[0] ?? matches[0]);
    if (chosen) found.push(chosen.index);
  };
  const tokens = /(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?/g;
  for (const match of clause.matchAll(tokens)) {
    const low = normalise(match[1]!);
    const high = match[2] ? normalise(match[2]) : undefined;
    if (high !== undefined && /^\d+$/.test(low) && /^\d+$/.test(high) && Number(high) >= Number(low) && Number(high) - Number(low) < 100) {
      for (let n = Number(low); n <= Number(high); n++) pick(String(n));
    } else pick(low);
  }
  return found;
}

function normalise(number: string): string {
  return number.replace(/^0+(?=\d)/, '').replace(/\.0+(?=\d)/g, '.');
}
