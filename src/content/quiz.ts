import type { Heading, List, RootContent } from 'mdast';
import { TrailError } from '../core/errors.js';
import { QUESTION_TYPES, type Question, type QuestionType, type Quiz } from '../core/quiz.js';
import { splitFrontMatter } from './front-matter.js';
import { lineOf, parseMarkdown, sourceOf, textOf } from './markdown/parse.js';
import { answerOf } from './quiz-answer.js';
import { parseYamlSource } from './yaml-source.js';

/** A problem in a quiz file, at a line. */
export interface QuizProblem {
  file: string;
  line: number;
  message: string;
}

/** A parsed quiz, or the problems that keep it from being one. */
export interface QuizParse {
  quiz: Quiz | undefined;
  problems: QuizProblem[];
}

/** A piece of a question's section: what the parser saw, where. */
export type Part =
  | { kind: 'content'; line: number; markdown: string }
  | { kind: 'choices'; line: number; list: List }
  | { kind: 'list'; line: number; list: List }
  | { kind: 'answer'; line: number; value: string }
  | { kind: 'explanation'; line: number; markdown: string }
  | { kind: 'quote'; line: number; markdown: string };

const DIRECTIVE = /^(type|answer|explanation)\s*:\s?(.*)$/i;
const ID_COMMENT = /^<!--\s*id\s*:\s*(.*?)\s*-->$/s;

/** `file:line: message`, as quiz problems are shown. */
export function formatQuizProblem(problem: QuizProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** Parses a quiz or throws QUIZ_INVALID listing every problem as `file:line: message`. */
export function requireQuiz(text: string, file: string): Quiz {
  const { quiz, problems } = parseQuiz(text, file);
  if (quiz) return quiz;
  throw new TrailError('QUIZ_INVALID', problems.map(formatQuizProblem).join('\n'), 'fix the quiz file; docs/quizzes.md describes the format');
}

/** Parses quiz.md: YAML front matter (`pass`), then one `##` heading per question. */
export function parseQuiz(text: string, file: string): QuizParse {
  const problems: QuizProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });
  let body = text;
  let offset = 0;
  let pass: number | undefined;
  if (/^---[ \t]*\r?\n/.test(text)) {
    const split = splitFrontMatter(text);
    if (!split) {
      report(1, 'the front matter is not closed: end it with a line "---"');
      return { quiz: undefined, problems };
    }
    pass = readFrontMatter(split.yaml, report);
    body = split.body;
    offset = split.bodyLine - 1;
  }
  const root = parseMarkdown(body);
  const at = (node: RootContent) => lineOf(node) + offset;
  let title: string | undefined;
  const intro: string[] = [];
  const sections: Array<{ heading: Heading; nodes: RootContent[] }> = [];
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth === 2) sections.push({ heading: node, nodes: [] });
    else if (node.type === 'heading' && node.depth === 1 && sections.length === 0 && title === undefined) title = textOf(node);
    else if (node.type === 'heading' && node.depth === 1)
      report(at(node), `a "#" heading inside the quiz: questions are "##" headings, and one "#" title may come first`);
    else if (sections.length > 0) sections.at(-1)!.nodes.push(node);
    else if (node.type !== 'thematicBreak' && node.type !== 'html') intro.push(sourceOf(body, [node]));
  }
  if (sections.length === 0) report(1, 'the quiz has no questions: start each question with a "##" heading');

  const questions: Question[] = [];
  const explicit = new Map<string, number>();
  for (const { heading, nodes } of sections) {
    const question = readQuestion(body, heading, nodes, at, report);
    if (!question) continue;
    if (question.id) {
      const first = explicit.get(question.id);
      if (first !== undefined) report(question.line, `id "${question.id}" is already used by the question on line ${first}`);
      else explicit.set(question.id, question.line);
    }
    questions.push(question);
  }
  assignIds(questions, new Set(explicit.keys()));
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0) return { quiz: undefined, problems };
  return { quiz: { title, intro: intro.length ? intro.join('\n\n') : undefined, pass, questions }, problems };
}

function readFrontMatter(yaml: string, report: (line: number, message: string) => void): number | undefined {
  const source = parseYamlSource(yaml, 2);
  for (const error of source.syntaxErrors) report(error.line, `front matter: ${error.message}`);
  const data = source.data;
  if (source.syntaxErrors.length > 0 || data === null) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) {
    report(2, 'the front matter must be fields such as "pass: 0.8"');
    return undefined;
  }
  for (const key of Object.keys(data)) {
    if (key !== 'pass') report(source.locate([], key).line, `unknown front matter field "${key}": a quiz reads only "pass"`);
  }
  const pass = (data as Record<string, unknown>).pass;
  if (pass === undefined) return undefined;
  if (typeof pass !== 'number' || pass < 0 || pass > 1) {
    report(source.locate(['pass']).line, `"pass" must be a number from 0 to 1 (the share of points needed), like 0.8`);
    return undefined;
  }
  return pass;
}

// The question's parts in order. Paragraphs are read line by line from the source, so that an
// "Answer:" line written right under a prompt line (one Markdown paragraph) is still found, and
// so that an answer's regular expression keeps its backslashes.
function partsOf(
  body: string,
  nodes: RootContent[],
  at: (node: RootContent) => number,
  directives: { id?: { value: string; line: number }; type?: { value: string; line: number } },
  report: (line: number, message: string) => void,
): Part[] {
  const parts: Part[] = [];
  for (const node of nodes) {
    const line = at(node);
    if (node.type === 'thematicBreak') continue;
    if (node.type === 'html') {
      const id = ID_COMMENT.exec(node.value.trim());
      if (id && directives.id) report(line, `a second id comment: the question already has id "${directives.id.value}"`);
      else if (id) directives.id = { value: id[1]!, line };
      else if (!node.value.trim().startsWith('<!--')) parts.push({ kind: 'content', line, markdown: node.value });
      continue;
    }
    if (node.type === 'list') {
      const ticks = node.children.filter((item) => typeof item.checked === 'boolean').length;
      if (ticks > 0 && ticks < node.children.length) report(line, 'some items of this list have a box and some do not: give every option "[ ]" or "[x]"');
      parts.push(ticks > 0 ? { kind: 'choices', line, list: node } : { kind: 'list', line, list: node });
      continue;
    }
    if (node.type === 'blockquote') {
      parts.push({
        kind: 'quote',
        line,
        markdown: node.children
          .map((child) => textOf(child))
          .filter(Boolean)
          .join('\n'),
      });
      continue;
    }
    if (node.type !== 'paragraph') {
      parts.push({ kind: 'content', line, markdown: sourceOf(body, [node]) });
      continue;
    }
    const lines = sourceOf(body, [node]).split(/\r?\n/);
    const first = lines.findIndex((text) => DIRECTIVE.test(text));
    if (first !== 0) parts.push({ kind: 'content', line, markdown: (first < 0 ? lines : lines.slice(0, first)).join('\n') });
    if (first < 0) continue;
    let current: Part | undefined;
    lines.slice(first).forEach((text, i) => {
      const match = DIRECTIVE.exec(text);
      const where = line + first + i;
      if (!match) {
        if (current?.kind === 'explanation') current.markdown += `\n${text}`;
        else if (current?.kind === 'answer') report(where, `the "Answer:" line goes on one line; start an explanation with "Explanation:"`);
        return;
      }
      const key = match[1]!.toLowerCase();
      const value = match[2]!.trim();
      current = undefined;
      if (key === 'type' && directives.type) report(where, `a second "Type:" line: the question already has "Type: ${directives.type.value}"`);
      else if (key === 'type') directives.type = { value, line: where };
      else if (key === 'answer') parts.push((current = { kind: 'answer', line: where, value }));
      else parts.push((current = { kind: 'explanation', line: where, markdown: value }));
    });
  }
  return parts;
}

function fits(part: Part, type: QuestionType | undefined): boolean {
  if (type === undefined) return part.kind === 'choices' || part.kind === 'answer' || (part.kind === 'list' && part.list.ordered === true);
  if (type === 'single' || type === 'multiple') return part.kind === 'choices';
  if (type === 'numeric' || type === 'text') return part.kind === 'answer';
  return part.kind === 'list';
}

const NEEDS: Record<QuestionType, string> = {
  single: 'a task list with the right option ticked "[x]"',
  multiple: 'a task list with the right options ticked "[x]"',
  numeric: 'an "Answer:" line with a number, like "Answer: 6 ± 0.01"',
  text: 'an "Answer:" line, like "Answer: backpropagation | backprop"',
  ordering: 'a numbered list of the items in the right order',
};

function readQuestion(
  body: string,
  heading: Heading,
  nodes: RootContent[],
  at: (node: RootContent) => number,
  report: (line: number, message: string) => void,
): Question | undefined {
  const line = at(heading);
  const prompt = textOf(heading);
  if (!prompt) {
    report(line, 'a question heading is empty: its text is the question');
    return undefined;
  }
  const directives: { id?: { value: string; line: number }; type?: { value: string; line: number } } = {};
  const parts = partsOf(body, nodes, at, directives, report);
  let type: QuestionType | undefined;
  if (directives.type) {
    const wanted = directives.type.value.toLowerCase();
    if (!(QUESTION_TYPES as readonly string[]).includes(wanted)) {
      report(directives.type.line, `unknown Type "${directives.type.value}": use ${QUESTION_TYPES.join(', ')}`);
      return undefined;
    }
    type = wanted as QuestionType;
  }
  // The same rule as ids in track files (core/schema.ts), without loading the schema library.
  if (directives.id && !/^[a-z0-9][a-z0-9._-]*$/.test(directives.id.value)) {
    report(
      directives.id.line,
      `id "${directives.id.value}" is not a valid id: use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  const index = parts.findIndex((part) => fits(part, type));
  if (index < 0) {
    report(
      line,
      `question "${prompt}" has no answer: ${type ? `"Type: ${type}" needs ${NEEDS[type]}` : 'tick the right option "[x]" in a task list, write an "Answer:" line, or give a numbered list in the right order'}`,
    );
    return undefined;
  }
  const answer = parts[index]!;
  const before = parts.slice(0, index);
  const misplaced = before.find((part) => part.kind === 'explanation' || part.kind === 'answer');
  if (misplaced)
    report(
      misplaced.line,
      misplaced.kind === 'answer'
        ? `this "Answer:" line is not the answer of a "Type: ${type}" question`
        : 'the explanation comes before the answer: move it after the answer',
    );
  const explanation = explanationOf(parts.slice(index + 1), markdownOf(body), report);
  const base = {
    id: directives.id?.value ?? '',
    prompt,
    details:
      before
        .filter((part) => part.kind !== 'explanation' && part.kind !== 'answer')
        .map(markdownOf(body))
        .join('\n\n') || undefined,
    explanation,
    line,
  };
  const specific = answerOf(answer, type, report);
  return specific && ({ ...base, ...specific } as Question);
}

function markdownOf(body: string) {
  return (part: Part) => (part.kind === 'choices' || part.kind === 'list' ? sourceOf(body, [part.list]) : 'markdown' in part ? part.markdown : part.value);
}

function explanationOf(after: Part[], markdown: (part: Part) => string, report: (line: number, message: string) => void): string | undefined {
  if (after.length === 0) return undefined;
  const [first, ...rest] = after;
  if (first!.kind !== 'explanation' && first!.kind !== 'quote') {
    report(first!.line, 'text after the answer: start an explanation with "Explanation:" or a "> " quote, or start a new question with "##"');
    return undefined;
  }
  const extra = rest.find((part) => part.kind === 'choices' || part.kind === 'answer');
  if (extra) report(extra.line, 'a second answer in one question: start a new question with "##"');
  // Explanations are shown as plain text after an answer, so Markdown marks are taken out.
  const text = (part: Part) =>
    part.kind === 'quote'
      ? part.markdown
      : parseMarkdown(markdown(part))
          .children.map((block) => textOf(block))
          .join('\n');
  return [first!, ...rest].map(text).filter(Boolean).join('\n').trim() || undefined;
}

/** The id a heading gives a question: lower-case words joined by "-". */
export function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 60 ? slug.slice(0, 60).replace(/-[^-]*$/, '') || slug.slice(0, 60) : slug;
}

// Explicit ids are kept as written; a heading's slug that is taken gets -2, -3, …
function assignIds(questions: Question[], taken: Set<string>): void {
  questions.forEach((question, i) => {
    if (question.id) return;
    const slug = slugOf(question.prompt) || `question-${i + 1}`;
    let id = slug;
    for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
    taken.add(id);
    question.id = id;
  });
}
