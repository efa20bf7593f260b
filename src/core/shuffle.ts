import type { Question, Quiz } from './quiz.js';

/** A question as shown: the order of its options (choice) or items (ordering), as indices into the file's list. */
export interface ShownQuestion {
  question: Question;
  order: number[];
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1); the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from any text (FNV-1a), e.g. from an attempt id. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A shuffled copy (Fisher–Yates); the input is left as it is. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The order in which a quiz is shown for a seed: questions shuffled, and the options of each
 * choice question and the items of each ordering question shown shuffled. Questions are not
 * changed: the correct order of an ordering question stays as the file gives it.
 */
export function shuffleQuiz(quiz: Quiz, seed: number): ShownQuestion[] {
  const random = mulberry32(seed);
  return shuffled(quiz.questions, random).map((question) => {
    const count =
      question.type === 'single' || question.type === 'multiple' ? question.options.length : question.type === 'ordering' ? question.items.length : 0;
    return { question, order: shuffled([...Array(count).keys()], random) };
  });
}
