import { z } from 'zod';
import type { ImportedTrack } from './model.js';
import { cleanTitle } from './patterns.js';

/** The structure a model is asked for: the units (where each starts), their phases, what is optional. */
export const AssistedStructure = z.object({
  title: z.string().optional(),
  units: z
    .array(
      z.object({
        line: z.number().int().positive(),
        title: z.string().min(1),
        phase: z.string().nullable().optional(),
        optional: z.boolean().optional(),
      }),
    )
    .min(1),
  phases: z.array(z.object({ line: z.number().int().positive(), title: z.string().min(1) })).optional(),
  why: z.string().optional(),
});
export type AssistedStructure = z.infer<typeof AssistedStructure>;

/** How the model's reading differs from the importer's, and the `--units` that takes it. */
export interface AssistComparison {
  agrees: boolean;
  /** Units the model reads that the importer does not (by the line they start at). */
  added: Array<{ line: number; title: string }>;
  /** Units the importer reads that the model does not. */
  removed: Array<{ line: number; title: string }>;
  /** Units both read, that one of them calls optional. */
  optional: Array<{ line: number; title: string; model: boolean }>;
  /** How the model's phases differ from the importer's, by the line they start at (all empty when the model gave no phases). */
  phases: PhaseDifferences;
  /** The reading that gives the model's units: a selector of the readings weighed, or "lines:…". */
  selector: string;
}

/** Phases only the model reads, phases only the importer reads, and phases both read under other titles. */
export interface PhaseDifferences {
  added: Array<{ line: number; title: string }>;
  removed: Array<{ line: number; title: string }>;
  renamed: Array<{ line: number; from: string; to: string }>;
}

// A document of more characters than this is sent cut, with a note: a model reads the start as well.
const SENT = 60_000;

/** The request for a model: what to answer, with the schema, and the document with its line numbers. */
export function assistRequest(text: string, imported: ImportedTrack): { system: string; prompt: string } {
  const system = [
    'You read learning roadmaps, syllabi and study plans written in Markdown and say how they are structured.',
    'A unit is one step the learner completes (a week, a module, a lesson, a stage, a phase when its parts are not steps); a phase groups units.',
    'Sections about the document (how to use it, tips, FAQ, resources, credits, a sample schedule, a summary table) are not units.',
    'Answer with one JSON object and nothing else, of this shape:',
    '{"title": string, "units": [{"line": number, "title": string, "phase": string | null, "optional": boolean}], "phases": [{"line": number, "title": string}], "why": string}',
    '"line" is the number of the line where the unit\'s heading, list item or table row starts, as numbered in the document; never a line that does not start one.',
  ].join('\n');
  const lines = text
    .slice(0, SENT)
    .replace(/\r?\n$/, '')
    .split('\n');
  const numbered = lines.map((line, i) => `${String(i + 1).padStart(4)}| ${line}`).join('\n');
  const readings = [imported.structure.chosen, ...imported.structure.others]
    .slice(0, 6)
    .map((r) => `- ${r.label}: units at lines ${r.lines.slice(0, 12).join(', ')}${r.lines.length > 12 ? ', …' : ''}`);
  const prompt = [
    "Readings of this roadmap's units found by a program (it may be wrong):",
    ...readings,
    '',
    `Document${text.length > SENT ? ` (its first ${SENT} characters)` : ''}, with line numbers:`,
    numbered,
  ].join('\n');
  return { system, prompt };
}

/** The structure in a model's reply (JSON, possibly in a code fence), checked against the schema and the document; or what is wrong with it. */
export function readAssistReply(reply: string, text: string): { structure: AssistedStructure } | { error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(reply);
  const body = fenced ? fenced[1]! : reply;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end < start) return { error: 'the answer holds no JSON object' };
  let json: unknown;
  try {
    json = JSON.parse(body.slice(start, end + 1));
  } catch (error) {
    return { error: `the answer is not valid JSON (${(error as Error).message})` };
  }
  const parsed = AssistedStructure.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `the answer does not fit the schema: ${issue.path.join('.') || '(top level)'}: ${issue.message}` };
  }
  const lineCount = text.replace(/\r?\n$/, '').split('\n').length;
  const outside = parsed.data.units.filter((unit) => unit.line > lineCount);
  if (outside.length > 0) return { error: `the answer names line ${outside[0]!.line}, past the end of the document (${lineCount} lines)` };
  const lines = parsed.data.units.map((unit) => unit.line);
  if (new Set(lines).size !== lines.length) return { error: 'the answer names the same line for two units' };
  return { structure: { ...parsed.data, units: [...parsed.data.units].sort((a, b) => a.line - b.line) } };
}

/** How the model's structure differs from the importer's reading. */
export function compareAssisted(imported: ImportedTrack, structure: AssistedStructure): AssistComparison {
  const mine = new Map(imported.units.map((unit) => [unit.line, unit]));
  const theirs = new Map(structure.units.map((unit) => [unit.line, unit]));
  const added = structure.units.filter((unit) => !mine.has(unit.line)).map(({ line, title }) => ({ line, title }));
  const removed = imported.units.filter((unit) => !theirs.has(unit.line)).map(({ line, title }) => ({ line, title }));
  const optional = structure.units
    .filter((unit) => mine.has(unit.line) && unit.optional !== undefined && unit.optional !== mine.get(unit.line)!.optional)
    .map((unit) => ({ line: unit.line, title: mine.get(unit.line)!.title, model: unit.optional! }));
  const lines = structure.units.map((unit) => unit.line).join(',');
  const reading = [imported.structure.chosen, ...imported.structure.others].find((r) => [...r.lines].sort((a, b) => a - b).join(',') === lines);
  return {
    agrees: added.length === 0 && removed.length === 0,
    added,
    removed,
    optional,
    phases: comparePhases(imported, structure),
    selector: reading?.selector ?? `lines:${lines}`,
  };
}

// A model that gives no phases says nothing about them; one that gives an empty list reads none.
function comparePhases(imported: ImportedTrack, structure: AssistedStructure): PhaseDifferences {
  if (!structure.phases) return { added: [], removed: [], renamed: [] };
  const mine = new Map(imported.phases.map((phase) => [phase.line, phase]));
  const theirs = new Map(structure.phases.map((phase) => [phase.line, phase]));
  // "Phase 1: Foundations" and "Foundations" name the same phase: titles are compared as the importer cleans them.
  const same = (a: string, b: string) => cleanTitle(a).toLowerCase() === cleanTitle(b).toLowerCase();
  return {
    added: structure.phases.filter((phase) => !mine.has(phase.line)).map(({ line, title }) => ({ line, title })),
    removed: imported.phases.filter((phase) => !theirs.has(phase.line)).map(({ line, title }) => ({ line, title })),
    renamed: structure.phases
      .filter((phase) => mine.has(phase.line) && !same(phase.title, mine.get(phase.line)!.title))
      .map((phase) => ({ line: phase.line, from: mine.get(phase.line)!.title, to: phase.title })),
  };
}
