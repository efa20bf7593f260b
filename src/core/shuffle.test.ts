import { describe, expect, it } from 'vitest';
import { isCorrect, type Question, type Quiz } from './quiz.js';
import { mulberry32, seedOf, shuffleQuiz } from './shuffle.js';

const base = { prompt: 'Q', details: undefined, explanation: undefined, line: 1 };
const items = ['Forward pass', 'Compute the loss', 'Backward pass', 'Optimizer step', 'Zero the gradients', 'Log the metrics'];
const questions: Question[] = [
  ...Array.from(
    { length: 8 },
    (_, i): Question => ({ ...base, id: `q${i}`, type: 'single', options: ['a', 'b', 'c', 'd', 'e'].map((text, j) => ({ text, correct: j === i % 5 })) }),
  ),
  { ...base, id: 'order', type: 'ordering', items: [...items] },
  { ...base, id: 'num', type: 'numeric', value: 1, tolerance: 0 },
];
const quiz: Quiz = { title: undefined, intro: undefined, pass: undefined, questions };

const shape = (seed: number) => shuffleQuiz(quiz, seed).map((shown) => `${shown.question.id}:${shown.order.join('')}`);

describe('seeded shuffling', () => {
  it('gives the same order for the same seed', () => {
    expect(shape(42)).toEqual(shape(42));
    expect(Array.from({ length: 5 }, mulberry32(7))).toEqual(Array.from({ length: 5 }, mulberry32(7)));
  });

  it('gives different orders for different seeds', () => {
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => shape(seed).join(' ')));
    expect(orders.size).toBe(8);
    expect(shape(seedOf('01M84H8RST1JCJPRQKTX8FH0JN'))).not.toEqual(shape(seedOf('01M84H8RST1JCJPRQKTX8FH0JP')));
  });

  it('shows every question once, and every option or item once', () => {
    for (const seed of [0, 1, 99, 0xffffffff]) {
      const shown = shuffleQuiz(quiz, seed);
      expect(shown.map((s) => s.question.id).sort()).toEqual(questions.map((q) => q.id).sort());
      for (const { question, order } of shown) {
        const count = question.type === 'single' ? question.options.length : question.type === 'ordering' ? question.items.length : 0;
        expect([...order].sort()).toEqual([...Array(count).keys()]);
      }
    }
  });

  it('never changes the correct answer of an ordering question', () => {
    for (let seed = 0; seed < 50; seed++) {
      const shown = shuffleQuiz(quiz, seed).find((s) => s.question.id === 'order')!;
      const question = shown.question as Extract<Question, { type: 'ordering' }>;
      expect(question.items).toEqual(items);
      expect(isCorrect(question, items)).toBe(true);
    }
    expect((questions[8] as Extract<Question, { type: 'ordering' }>).items).toEqual(items);
  });

  it('keeps the generator in [0, 1)', () => {
    const random = mulberry32(123);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
