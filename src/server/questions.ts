import type { Question } from '../core/quiz.js';
import { mulberry32, shuffled } from '../core/shuffle.js';

/** A question as the browser gets it: everything needed to answer it, nothing that gives the answer away. */
export function publicQuestion(question: Question, seed: number) {
  const base = { id: question.id, type: question.type, prompt: question.prompt, details: question.details ?? null };
  if (question.type === 'single' || question.type === 'multiple') return { ...base, options: question.options.map((option) => option.text) };
  // Items come shuffled: in file order they would be the answer.
  if (question.type === 'ordering') return { ...base, items: shuffled([...question.items], mulberry32(seed)) };
  return base;
}
