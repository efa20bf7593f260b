import type { List, ListItem } from 'mdast';
import { parseDuration } from '../../core/duration.js';
import { groupOf, type Candidate } from './candidates.js';
import { readDetails, type Details } from './details.js';
import { lineOf, sourceOf, textOf } from '../markdown/parse.js';
import type { Section } from './outline.js';
import { isBareNumber, titleShape } from './patterns.js';

// ——— List items as units: "- [x] **Section 1: Value Objects** - …", "- Week 3: …" ———

/**
 * The unit name at the start of a list item and the text after it: "**Section 1: Values** - …",
 * "*Optional:* **Lesson 3: …**", "**Week 1:** Name — description", "Week 3: Name - …".
 */
export function leadOf(item: ListItem): { lead: string; rest: string; bold: boolean } {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return { lead: '', rest: '', bold: false };
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
    rest = whole
      .slice(whole.indexOf(lead) + lead.length)
      .replace(/^\s*[-–—:|]\s*/, '')
      .trim();
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

/** A list whose items are units, and those units. */
export interface UnitList {
  block: List;
  /** An ordered list of bold names: its markers number the units. */
  numberedByMarkers: boolean;
  candidates: Candidate[];
}

/** The lists of a section that are lists of units: "- **Week 1:** …", "1. **Backprop** (2 weeks)". */
export function unitLists(text: string, s: Section, title: string): UnitList[] {
  const found: UnitList[] = [];
  for (const block of s.blocks) {
    if (block.type !== 'list') continue;
    const items = block.children.map((item) => ({ item, ...leadOf(item) }));
    // An ordered list whose items start with a bold name numbers its units by its markers:
    // "1. **Linear algebra** (2 weeks)".
    const bold = items.filter((entry) => entry.bold);
    const numberedByMarkers = block.ordered === true && bold.length >= 2 && bold.length >= items.length / 2;
    const unitItems = numberedByMarkers
      ? bold.filter(({ lead }) => lead.length < 80 && !NO_SESSION.test(lead))
      : items.filter(
          ({ lead }) =>
            (titleShape(lead.replace(/^Optional: /, '')) === 'unit' || (titleShape(lead) === 'numbered' && lead.length < 80)) && !NO_SESSION.test(lead),
        );
    if (unitItems.length < 2 || unitItems.length < items.length / 2) continue;
    found.push({ block, numberedByMarkers, candidates: unitItems.map(({ item, lead, rest }) => listCandidate(text, item, lead, rest, groupOf(s, title))) });
  }
  return found;
}

/** A list item as a unit: its name, and what follows it as its details. */
export function listCandidate(text: string, item: ListItem, name: string, after: string, phase: Section | null): Candidate {
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
  return {
    title: lead,
    line: lineOf(item),
    source: 'list-item',
    level: 0,
    phase,
    details,
    body: sourceOf(text, [item]).replace(/^[-*+]\s+(?:\[[ xX]\]\s+)?/, ''),
    checked: item.checked ?? null,
    start: item.position?.start.offset ?? 0,
    end: item.position?.end.offset ?? 0,
  };
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
