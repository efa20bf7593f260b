import type { Answer, Question } from '../record-types';
import { Markdown } from './markdown';
import { OrderingField } from './ordering-field';

/** What a question's input holds while the learner answers: words, a number as typed, or a list. */
export type Draft = string | string[];

/** The draft a question starts with: nothing chosen, or (ordering) the items as shown. */
export function emptyDraft(question: Question): Draft {
  if (question.type === 'multiple') return [];
  if (question.type === 'ordering') return [...(question.items ?? [])];
  return '';
}

/** The answer to send, in the forms of docs/quizzes.md; undefined when the question is left blank. */
export function toAnswer(question: Question, draft: Draft): Answer | undefined {
  if (Array.isArray(draft)) return draft;
  const text = draft.trim();
  if (!text) return undefined;
  if (question.type !== 'numeric') return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

interface Props {
  question: Question;
  /** Makes the input names unique when several forms are on one page. */
  scope: string;
  value: Draft;
  onChange: (value: Draft) => void;
  disabled: boolean;
}

/** One question as a form field: radios, checkboxes, a number, words, or an ordering list. */
export function QuestionField({ question, scope, value, onChange, disabled }: Props) {
  const name = `${scope}-${question.id}`;
  const list = Array.isArray(value) ? value : [];
  const text = typeof value === 'string' ? value : '';
  return (
    <fieldset className="question" disabled={disabled}>
      <legend>{question.prompt}</legend>
      {question.details && <Markdown source={question.details} className="question-details" headingOffset={4} />}
      {question.type === 'single' &&
        question.options?.map((option) => (
          <label key={option} className="choice">
            <input type="radio" name={name} value={option} checked={text === option} onChange={() => onChange(option)} /> {option}
          </label>
        ))}
      {question.type === 'multiple' &&
        question.options?.map((option) => (
          <label key={option} className="choice">
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={list.includes(option)}
              onChange={(event) => onChange(event.target.checked ? [...list, option] : list.filter((o) => o !== option))}
            />{' '}
            {option}
          </label>
        ))}
      {question.type === 'numeric' && (
        <label>
          Your answer (a number){' '}
          <input type="number" step="any" name={name} value={text} onChange={(event) => onChange(event.target.value)} className="narrow" />
        </label>
      )}
      {question.type === 'text' && (
        <label>
          Your answer <input type="text" name={name} value={text} onChange={(event) => onChange(event.target.value)} />
        </label>
      )}
      {question.type === 'ordering' && (
        <>
          <p className="muted small">Put the items in order, first at the top.</p>
          <OrderingField items={list} onChange={onChange} disabled={disabled} />
        </>
      )}
    </fieldset>
  );
}
