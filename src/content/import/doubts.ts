import type { Candidate } from './candidates.js';
import type { TextMeasure } from './measure.js';
import type { Ignored, ImportWarning } from './model.js';
import type { Section } from './outline.js';
import type { WeighedLayer } from './weigh.js';

/** How close a second reading may score before the importer says it is unsure. */
export const CLOSE_CALL = 0.05;
/** The share of the curriculum's text that may stay out of the units before the importer says so. */
export const LEFT_OUT = 1 / 3;

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * What the author should look at before trusting the reading: another reading of the units that
 * scored nearly as well, much of the text in no unit, one unit holding most of the text.
 */
export function doubtsOf(input: {
  chosen: WeighedLayer;
  /** The readings to compare with for a close call. */
  weighed: readonly WeighedLayer[];
  /** The author named the reading with --units: neither a close call nor the text left out is a doubt then. */
  named: boolean;
  found: readonly Candidate[];
  ignored: readonly Ignored[];
  sections: readonly Section[];
  measure: TextMeasure;
}): ImportWarning[] {
  const { chosen, weighed, named, found, ignored, sections, measure } = input;
  const warnings: ImportWarning[] = [];
  const starts = new Set(chosen.layer.items.map((item) => item.start));
  const rival = named
    ? undefined
    : weighed.find((w) => w !== chosen && w.layer.items.some((item) => !starts.has(item.start)) && chosen.score - w.score < CLOSE_CALL);
  if (rival) {
    const first = rival.layer.items[0]!;
    warnings.push({
      line: first.line,
      text: rival.layer.label,
      reason: `the units could also be ${rival.layer.label}: it scores ${rival.score.toFixed(2)} against ${chosen.score.toFixed(2)}; to take it, import with --units ${rival.layer.selector}`,
      kind: 'close-call',
    });
  }
  // Sections kept in the notes because they hold no unit (not those about the document).
  const out = ignored
    .filter((entry) => /^(?:holds no unit|not numbered like)/.test(entry.reason))
    .map((entry) => sections.find((s) => s.line === entry.line))
    .filter((s): s is Section => s !== undefined);
  const leftOut = out.reduce((sum, s) => sum + measure.chars(s.start, s.end), 0) / measure.curriculum;
  if (!named && leftOut > LEFT_OUT) {
    const largest = [...out].sort((a, b) => measure.chars(b.start, b.end) - measure.chars(a.start, a.end)).slice(0, 3);
    // A reading whose units are in the largest section left out is the one to try.
    const within = (w: WeighedLayer) => w.layer.items.filter((item) => item.start > largest[0]!.start && item.start < largest[0]!.end).length;
    const inside = weighed.filter((w) => w !== chosen && within(w) > 0).sort((a, b) => within(b) - within(a))[0];
    const hint = inside
      ? `to take ${inside.layer.label} instead, import with --units ${inside.layer.selector}`
      : 'check the reading of the units, or name another with --units';
    warnings.push({
      line: largest[0]!.line,
      text: largest[0]!.title,
      reason: `${pct(leftOut)} of the document's text is in no unit (${largest.map((s) => `"${s.title}", line ${s.line}`).join('; ')}): ${hint}`,
      kind: 'notes',
    });
  }
  const sizes = found.map((c) => measure.chars(c.start, c.end));
  const total = sizes.reduce((a, b) => a + b, 0);
  const largest = sizes.indexOf(Math.max(...sizes));
  if (found.length >= 3 && total > 0 && sizes[largest]! > 0.6 * total) {
    const unit = found[largest]!;
    warnings.push({
      line: unit.line,
      text: unit.title,
      reason: `one unit holds ${pct(sizes[largest]! / total)} of the units' text ("${unit.title}", line ${unit.line}): it may hold steps of its own`,
      kind: 'uneven',
    });
  }
  return warnings;
}
