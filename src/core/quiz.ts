import { mulberry32, shuffled } from './shuffle.js';

/** The kinds of question a quiz.md can hold. */
export const QUESTION_TYPES = ['single', 'multiple', 'numeric', 'text', 'ordering'] as const;

/** One of QUESTION_TYPES. */
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** One option of a choice question. */
export interface Choice {
  text: string;
  correct: boolean;
}

/** One accepted answer of a text question: words, or a regular expression. */
export type Accepted = { text: string } | { regex: string; flags: string };

interface QuestionBase {
  /** Stable id: `<!-- id: … -->` under the heading, else the slug of the heading. */
  id: string;
  /** The heading's text. */
  prompt: string;
  /** Markdown between the heading and the answer (code, lists, paragraphs), if any. */
  details: string | undefined;
  explanation: string | undefined;
  /** Line of the question's heading in the quiz file. */
  line: number;
}

/** A question of a quiz, with its answer. */
export type Question =
  | (QuestionBase & { type: 'single' | 'multiple'; options: Choice[] })
  | (QuestionBase & { type: 'numeric'; value: number; tolerance: number })
  | (QuestionBase & { type: 'text'; accept: Accepted[] })
  | (QuestionBase & { type: 'ordering'; items: string[] });

/** A parsed quiz.md. */
export interface Quiz {
  title: string | undefined;
  /** Markdown before the first question, if any. */
  intro: string | undefined;
  /** Share of points needed to pass, from the front matter; the criterion's `pass` otherwise. */
  pass: number | undefined;
  questions: Question[];
}

/** How one question was answered. */
export interface QuestionResult {
  id: string;
  type: QuestionType;
  prompt: string;
  correct: boolean;
  expected: unknown;
  /** The answer as given, or null when the question was not answered. */
  given: unknown;
  explanation: string | null;
}

/** A graded attempt: one point per question, all or nothing. */
export interface QuizResult {
  score: number;
  points: number;
  total: number;
  pass: number;
  passed: boolean;
  questions: QuestionResult[];
}

/** Text as compared for answers: case, spacing and Unicode forms do not matter. */
export function normaliseAnswer(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Reads a number written as an author or learner would (`6`, `-0.5`, `1e-3`, `−2`), or undefined. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(/^\u2212/, '-');
  return /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(trimmed) ? Number(trimmed) : undefined;
}

// An option (or item) named by its text, its 1-based position in the file, or its letter.
// Text wins, so an option that reads "b" is chosen by "b" even when it is not the second one.
function resolveOption(texts: readonly string[], answer: unknown): number | undefined {
  if (typeof answer === 'number') return Number.isInteger(answer) && answer >= 1 && answer <= texts.length ? answer - 1 : undefined;
  if (typeof answer !== 'string') return undefined;
  const wanted = normaliseAnswer(answer);
  const byText = texts.findIndex((text) => normaliseAnswer(text) === wanted);
  if (byText >= 0) return byText;
  if (/^\d+$/.test(wanted)) return resolveOption(texts, Number(wanted));
  if (/^[a-z]$/.test(wanted)) {
    const index = wanted.charCodeAt(0) - 97;
    return index < texts.length ? index : undefined;
  }
  return undefined;
}

function resolveAll(texts: readonly string[], answer: unknown): number[] | undefined {
  if (!Array.isArray(answer)) return undefined;
  const indices = answer.map((item) => resolveOption(texts, item));
  return indices.every((index) => index !== undefined) ? (indices as number[]) : undefined;
}

function acceptedMatches(accepted: Accepted, answer: string): boolean {
  if ('text' in accepted) return normaliseAnswer(accepted.text) === normaliseAnswer(answer);
  return new RegExp(accepted.regex, accepted.flags).test(answer.trim());
}

/** Whether an answer is right; an answer of the wrong shape is simply wrong. */
export function isCorrect(question: Question, answer: unknown): boolean {
  switch (question.type) {
    case 'single': {
      const index = resolveOption(
        question.options.map((option) => option.text),
        answer,
      );
      return index !== undefined && question.options[index]!.correct;
    }
    case 'multiple': {
      const chosen = resolveAll(
        question.options.map((option) => option.text),
        answer,
      );
      if (!chosen) return false;
      const set = new Set(chosen);
      return question.options.every((option, i) => option.correct === set.has(i));
    }
    case 'numeric': {
      const given = typeof answer === 'number' ? answer : typeof answer === 'string' ? parseNumber(answer) : undefined;
      if (given === undefined || !Number.isFinite(given)) return false;
      // Decimal answers such as 0.1 + 0.2 are not exact in binary; a hair of slack keeps them right.
      const slack = 1e-9 * Math.max(1, Math.abs(question.value));
      return Math.abs(given - question.value) <= question.tolerance + slack;
    }
    case 'text':
      return typeof answer === 'string' && question.accept.some((accepted) => acceptedMatches(accepted, answer));
    case 'ordering': {
      const order = resolveAll(question.items, answer);
      return order !== undefined && order.length === question.items.length && order.every((index, i) => index === i);
    }
  }
}

/** The right answer as JSON: option text(s), `{ value, tolerance }`, accepted answers, or the items in order. */
export function expectedAnswer(question: Question): unknown {
  switch (question.type) {
    case 'single':
      return question.options.find((option) => option.correct)!.text;
    case 'multiple':
      return question.options.filter((option) => option.correct).map((option) => option.text);
    case 'numeric':
      return { value: question.value, tolerance: question.tolerance };
    case 'text':
      return question.accept.map(acceptedText);
    case 'ordering':
      return [...question.items];
  }
}

function acceptedText(accepted: Accepted): string {
  return 'text' in accepted ? accepted.text : `/${accepted.regex}/${accepted.flags}`;
}

/** The right answer as people read it. */
export function describeExpected(question: Question): string {
  switch (question.type) {
    case 'single':
      return expectedAnswer(question) as string;
    case 'multiple':
      return (expectedAnswer(question) as string[]).join('; ');
    case 'numeric':
      return question.tolerance > 0 ? `${question.value} ± ${question.tolerance}` : String(question.value);
    case 'text': {
      const words = question.accept.filter((accepted) => 'text' in accepted).map(acceptedText);
      return (words.length ? words : question.accept.map(acceptedText)).join(' or ');
    }
    case 'ordering':
      return question.items.map((item, i) => `${i + 1}. ${item}`).join('  ');
  }
}

/** Grades one question. */
export function gradeQuestion(question: Question, answer: unknown): QuestionResult {
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    correct: answer !== undefined && isCorrect(question, answer),
    expected: expectedAnswer(question),
    given: answer === undefined ? null : answer,
    explanation: question.explanation ?? null,
  };
}

/** Grades an attempt: answers by question id; a question left out is wrong. */
export function gradeQuiz(quiz: Quiz, answers: Readonly<Record<string, unknown>>, pass: number): QuizResult {
  const questions = quiz.questions.map((question) => gradeQuestion(question, Object.hasOwn(answers, question.id) ? answers[question.id] : undefined));
  const points = questions.filter((result) => result.correct).length;
  const score = questions.length === 0 ? 0 : points / questions.length;
  return { score, points, total: questions.length, pass, passed: score >= pass, questions };
}

/** A question as a learner gets it (the web app, an agent): everything needed to answer it, nothing that gives the answer away. */
export function publicQuestion(question: Question, seed: number) {
  const base = { id: question.id, type: question.type, prompt: question.prompt, details: question.details ?? null };
  if (question.type === 'single' || question.type === 'multiple') return { ...base, options: question.options.map((option) => option.text) };
  // Items come shuffled: in file order they would be the answer.
  if (question.type === 'ordering') return { ...base, items: shuffled([...question.items], mulberry32(seed)) };
  return base;
}
