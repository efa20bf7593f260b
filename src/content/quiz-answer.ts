import { parseNumber, type Accepted, type Question, type QuestionType } from '../core/quiz.js';
import { literalTextOf } from './markdown/parse.js';
import type { Part } from './quiz.js';

type AnswerFields =
  | Pick<Extract<Question, { type: 'single' }>, 'type' | 'options'>
  | Pick<Extract<Question, { type: 'numeric' }>, 'type' | 'value' | 'tolerance'>
  | Pick<Extract<Question, { type: 'text' }>, 'type' | 'accept'>
  | Pick<Extract<Question, { type: 'ordering' }>, 'type' | 'items'>;

/** The answer of a question from its answer part, or undefined after reporting what is wrong. */
export function answerOf(part: Part, type: QuestionType | undefined, report: (line: number, message: string) => void): AnswerFields | undefined {
  const fail = (line: number, message: string) => {
    report(line, message);
    return undefined;
  };
  if (part.kind === 'choices') {
    const options = part.list.children.map((item) => ({ text: literalTextOf(item), correct: item.checked === true }));
    const ticked = options.filter((option) => option.correct).length;
    if (options.length < 2) return fail(part.line, 'a choice question needs at least 2 options');
    if (ticked === 0) return fail(part.line, 'no option is ticked: mark the right one(s) with "[x]"');
    if (type === 'single' && ticked > 1) return fail(part.line, `"Type: single" but ${ticked} options are ticked: tick one, or use "Type: multiple"`);
    if (!distinct(options.map((option) => option.text))) return fail(part.line, 'two options read the same: make each option different');
    return { type: type ?? (ticked === 1 ? 'single' : 'multiple'), options } as AnswerFields;
  }
  if (part.kind === 'list') {
    const items = part.list.children.map((item) => literalTextOf(item));
    if (items.length < 2) return fail(part.line, 'an ordering question needs at least 2 items in its list');
    if (!distinct(items)) return fail(part.line, 'two items read the same: make each item different');
    return { type: 'ordering', items };
  }
  if (part.kind !== 'answer') throw new Error('unreachable: an answer part');
  const numeric = numericAnswer(part.value);
  if (type === 'numeric' || (type === undefined && numeric !== 'text')) {
    if (typeof numeric === 'object') return { type: 'numeric', ...numeric };
    return fail(part.line, `numeric answer "${part.value}" is not a number: write it like "Answer: 6" or "Answer: 6 ± 0.01"`);
  }
  const accept = alternatives(part.value, part.line, report);
  if (!accept) return undefined;
  if (accept.length === 0) return fail(part.line, 'the "Answer:" line is empty: write the answer after it');
  return { type: 'text', accept };
}

// A number, with a tolerance after "±" or "+/-"; 'text' when it does not look numeric at all,
// and 'bad' when it has a "±" but is not two numbers (an author's mistake, not a text answer).
function numericAnswer(value: string): { value: number; tolerance: number } | 'text' | 'bad' {
  const split = /^(.*?)\s*(?:±|\+\/-)\s*(.*)$/.exec(value);
  if (!split) {
    const number = parseNumber(value);
    return number === undefined ? 'text' : { value: number, tolerance: 0 };
  }
  const number = parseNumber(split[1]!);
  const tolerance = parseNumber(split[2]!);
  return number === undefined || tolerance === undefined || tolerance < 0 ? 'bad' : { value: number, tolerance };
}

// Alternatives separated by "|"; one written as /…/flags is a regular expression, and may
// itself contain "|", so it runs to the "/" that is followed by flags and then "|" or the end.
function alternatives(value: string, line: number, report: (line: number, message: string) => void): Accepted[] | undefined {
  const accept: Accepted[] = [];
  let rest = value.trim();
  while (rest) {
    if (rest.startsWith('/')) {
      const end = regexEnd(rest);
      if (end > 0) {
        const source = rest.slice(1, end);
        const flags = /^[a-z]*/.exec(rest.slice(end + 1))![0];
        try {
          new RegExp(source, flags);
        } catch (error) {
          report(line, `bad regular expression /${source}/${flags}: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
          return undefined;
        }
        accept.push({ regex: source, flags });
        rest = rest.slice(end + 1 + flags.length).replace(/^\s*\|?\s*/, '');
        continue;
      }
    }
    const bar = rest.indexOf('|');
    const text = (bar < 0 ? rest : rest.slice(0, bar)).trim().replace(/^`(.+)`$/, '$1');
    if (text) accept.push({ text });
    rest = bar < 0 ? '' : rest.slice(bar + 1).trim();
  }
  return accept;
}

function regexEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '/' && /^[a-z]*\s*(?:\||$)/.test(text.slice(i + 1))) return i;
  }
  return -1;
}

function distinct(texts: string[]): boolean {
  return new Set(texts.map((text) => text.toLowerCase())).size === texts.length;
}
