import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNodeBody } from '../content/front-matter.js';
import { parseQuiz } from '../content/quiz.js';
import type { Track } from '../core/track.js';

/** What part of a node a passage comes from. */
/** The learner's own records are passages too: journal entries, paper notes, experiment runs. */
export type PassageKind = 'overview' | 'mvu' | 'objectives' | 'exercise' | 'resources' | 'hint' | 'quiz' | 'explanation' | 'journal' | 'paper' | 'run';

/**
 * A piece of the track the tutor can cite: a section of an overview, the MVU, the exercise, …
 * Solution files and quiz answers are never passages; a hint or a quiz explanation is one, but
 * only shown to a learner who revealed that hint or answered that question.
 */
export interface Passage {
  id: string;
  node: string;
  nodeTitle: string;
  kind: PassageKind;
  /** The heading of an overview section, or what the passage is. */
  heading: string;
  text: string;
  /** For a hint: its number, from 1. */
  hint?: number;
  /** For a quiz question or explanation: `<criterion>#<question id>`. */
  question?: string;
}

// Overview sections are cut at "##" headings; a long section is cut again at paragraph breaks
// so that a passage stays about one idea.
const MAX_CHARS = 1800;

function sections(body: string): Array<{ heading: string; text: string }> {
  const out: Array<{ heading: string; text: string }> = [];
  let heading = 'Overview';
  let lines: string[] = [];
  let fence = false;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text) for (const piece of pieces(text)) out.push({ heading, text: piece });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    if (/^\s{0,3}(```|~~~)/.test(line)) fence = !fence;
    const title = fence ? undefined : /^#{1,3}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (title) {
      flush();
      heading = title;
    } else lines.push(line);
  }
  flush();
  return out;
}

function pieces(text: string): string[] {
  if (text.length <= MAX_CHARS) return [text];
  const out: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n{2,}/)) {
    if (current && current.length + paragraph.length > MAX_CHARS) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) out.push(current);
  return out;
}

/** Every passage of a track, in document order. */
export function trackPassages(trackDir: string, track: Track): Passage[] {
  const passages: Passage[] = [];
  for (const node of track.nodes) {
    const add = (kind: PassageKind, heading: string, text: string, extra: Partial<Passage> = {}) => {
      if (text.trim()) passages.push({ id: `${node.id}#${passages.length}`, node: node.id, nodeTitle: node.title, kind, heading, text: text.trim(), ...extra });
    };
    if (node.mvu) add('mvu', 'Minimum viable understanding', node.mvu);
    if (node.objectives.length > 0) add('objectives', 'Objectives', node.objectives.map((o) => `- ${o}`).join('\n'));
    if (node.exercise) add('exercise', node.exercise.title ?? 'Exercise', [node.exercise.text, ...node.exercise.files.map((f) => `File: ${f}`)].join('\n'));
    node.exercise?.hints.forEach((hint, i) => add('hint', `Hint ${i + 1}`, hint, { hint: i + 1 }));
    if (node.resources.length > 0) add('resources', 'Resources', node.resources.map((r) => `- ${r.title}${r.url ? ` <${r.url}>` : ''} (${r.type})`).join('\n'));
    for (const section of sections(readNodeBody(trackDir, node))) add('overview', section.heading, section.text);
    for (const criterion of node.criteria) {
      if (criterion.kind !== 'quiz') continue;
      const path = join(trackDir, node.dir, criterion.file);
      const quiz = existsSync(path) ? parseQuiz(readFileSync(path, 'utf8'), criterion.file).quiz : undefined;
      for (const question of quiz?.questions ?? []) {
        const key = `${criterion.id}#${question.id}`;
        // The question itself (never its answer) helps the quiz mode; its explanation tells the answer.
        add('quiz', 'Quiz question', [question.prompt, question.details ?? ''].join('\n\n'), { question: key });
        if (question.explanation) add('explanation', `Explanation: ${question.prompt}`, question.explanation, { question: key });
      }
    }
  }
  return passages;
}

/** The learner's records as passages: journal entries, paper notes and runs (objective, provenance, final metrics). */
export function recordPassages(input: {
  journal: ReadonlyArray<{ path: string; node: string | undefined; title: string | undefined; date: string; body: string }>;
  papers: ReadonlyArray<{ path: string; title: string; nodes: string[]; status: string; text: string }>;
  runs: ReadonlyArray<{ id: string; node: string; objective: string | null; provenance: string; metrics: Record<string, number> }>;
}): Passage[] {
  const passages: Passage[] = [];
  const add = (kind: PassageKind, node: string, nodeTitle: string, heading: string, text: string) => {
    if (text.trim()) passages.push({ id: `record#${passages.length}`, node, nodeTitle, kind, heading, text: text.trim() });
  };
  for (const entry of input.journal)
    add('journal', entry.node ?? '', 'Your journal', `${entry.date.slice(0, 10)}${entry.title ? ` — ${entry.title}` : ''} (${entry.path})`, entry.body);
  for (const paper of input.papers) add('paper', paper.nodes[0] ?? '', 'Your paper notes', `${paper.title} (${paper.status}, ${paper.path})`, paper.text);
  for (const run of input.runs) {
    const metrics = Object.entries(run.metrics)
      .map(([name, value]) => `${name} = ${value}`)
      .join(', ');
    add('run', run.node, 'Your runs', `Run ${run.id} (${run.provenance})`, `${run.objective ?? 'check run'} on ${run.node}: ${metrics || 'no metrics'}`);
  }
  return passages;
}
