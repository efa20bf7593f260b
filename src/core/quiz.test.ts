import { describe, expect, it } from 'vitest';
import { describeExpected, gradeQuiz, isCorrect, type Question, type Quiz } from './quiz.js';

const base = { prompt: 'Q', details: undefined, explanation: undefined, line: 1 };
const single: Question = {
  ...base,
  id: 's',
  type: 'single',
  options: [
    { text: 'The forward pass', correct: false },
    { text: 'Gradients', correct: true },
    { text: 'The loss', correct: false },
  ],
};
const multiple: Question = {
  ...base,
  id: 'm',
  type: 'multiple',
  options: [
    { text: 'ReLU', correct: true },
    { text: 'tanh', correct: true },
    { text: 'Cross-entropy', correct: false },
  ],
};
const numeric: Question = { ...base, id: 'n', type: 'numeric', value: 6, tolerance: 0.01 };
const text: Question = {
  ...base,
  id: 't',
  type: 'text',
  accept: [{ text: 'backpropagation' }, { text: 'reverse mode' }, { regex: '^back-?prop$', flags: 'i' }],
};
const ordering: Question = { ...base, id: 'o', type: 'ordering', items: ['Forward pass', 'Compute the loss', 'Backward pass', 'Optimizer step'] };

describe('grading a single-choice question', () => {
  it.each([['Gradients'], ['  gradients '], [2], ['2'], ['b'], ['B']])('accepts %j', (answer) => expect(isCorrect(single, answer)).toBe(true));
  it.each([['The loss'], [1], ['3'], ['a'], ['d'], [4], [0], [2.5], ['Gradient']])('rejects %j', (answer) => expect(isCorrect(single, answer)).toBe(false));

  it('reads an option that is itself a letter as that option, not as a position', () => {
    const letters: Question = {
      ...base,
      id: 'l',
      type: 'single',
      options: [
        { text: 'b', correct: false },
        { text: 'a', correct: true },
      ],
    };
    expect(isCorrect(letters, 'a')).toBe(true);
    expect(isCorrect(letters, 'b')).toBe(false);
  });
});

describe('grading a multiple-choice question', () => {
  it.each([[['ReLU', 'tanh']], [['tanh', 'relu']], [[1, 2]], [['a', 'b']], [['2', 'A']], [['ReLU', 'tanh', 'ReLU']]])('accepts %j', (answer) =>
    expect(isCorrect(multiple, answer)).toBe(true),
  );
  it.each([[['ReLU']], [['ReLU', 'tanh', 'Cross-entropy']], [[1, 3]], [['a', 'z']], [[]]])('rejects %j', (answer) =>
    expect(isCorrect(multiple, answer)).toBe(false),
  );
});

describe('grading a numeric question', () => {
  it.each([[6], [6.01], [5.99], ['6'], [' 6.005 '], ['6e0']])('accepts %j', (answer) => expect(isCorrect(numeric, answer)).toBe(true));
  it.each([[6.02], [5.9], ['six'], ['6 apples'], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %j', (answer) =>
    expect(isCorrect(numeric, answer)).toBe(false),
  );

  it('is exact without a tolerance, forgiving only floating-point noise', () => {
    const exact: Question = { ...base, id: 'x', type: 'numeric', value: 0.3, tolerance: 0 };
    expect(isCorrect(exact, 0.1 + 0.2)).toBe(true);
    expect(isCorrect(exact, 0.30001)).toBe(false);
    expect(isCorrect({ ...exact, value: -2 }, '−2')).toBe(true);
  });
});

describe('grading a text question', () => {
  it.each([['backpropagation'], ['BackPropagation'], ['  back propagation '], ['Reverse Mode'], ['backprop'], ['Back-Prop']])('accepts %j', (answer) =>
    expect(isCorrect(text, answer)).toBe(true),
  );
  it.each([['chain rule'], ['backprops'], ['']])('rejects %j', (answer) => expect(isCorrect(text, answer)).toBe(false));

  it('applies a regex with its own flags only', () => {
    const strict: Question = { ...base, id: 'r', type: 'text', accept: [{ regex: '^ReLU$', flags: '' }] };
    expect(isCorrect(strict, ' ReLU ')).toBe(true);
    expect(isCorrect(strict, 'relu')).toBe(false);
  });
});

describe('grading an ordering question', () => {
  it.each([[['Forward pass', 'Compute the loss', 'Backward pass', 'Optimizer step']], [[1, 2, 3, 4]], [['1', 'compute the loss', 3, 'optimizer step']]])(
    'accepts %j',
    (answer) => expect(isCorrect(ordering, answer)).toBe(true),
  );
  it.each([[[2, 1, 3, 4]], [[1, 2, 3]], [[1, 2, 3, 4, 4]], [['Forward pass', 'Backward pass', 'Compute the loss', 'Optimizer step']], [[1, 2, 3, 5]]])(
    'rejects %j',
    (answer) => expect(isCorrect(ordering, answer)).toBe(false),
  );
});

describe('malformed answers', () => {
  const shapes: unknown[] = [null, undefined, true, {}, { answer: 2 }, [[2]], 'ReLU,tanh'];
  it.each([single, multiple, numeric, text, ordering])('are wrong, not a crash, for a $type question', (question) => {
    for (const answer of shapes) expect(isCorrect(question, answer)).toBe(false);
  });

  it('a string for a multiple-choice or ordering question, an array for single or text', () => {
    expect(isCorrect(multiple, 'ReLU')).toBe(false);
    expect(isCorrect(ordering, 'Forward pass')).toBe(false);
    expect(isCorrect(single, ['Gradients'])).toBe(false);
    expect(isCorrect(text, ['backprop'])).toBe(false);
  });
});

describe('grading a quiz', () => {
  const quiz: Quiz = { title: undefined, intro: undefined, pass: undefined, questions: [single, multiple, numeric, text, ordering] };

  it('gives one point per question, all or nothing; a question left out is wrong', () => {
    const result = gradeQuiz(quiz, { s: 'b', m: ['ReLU'], n: 6, t: 'backprop' }, 0.6);
    expect(result).toMatchObject({ points: 3, total: 5, score: 0.6, pass: 0.6, passed: true });
    expect(result.questions.map((q) => [q.id, q.correct, q.given])).toEqual([
      ['s', true, 'b'],
      ['m', false, ['ReLU']],
      ['n', true, 6],
      ['t', true, 'backprop'],
      ['o', false, null],
    ]);
    expect(gradeQuiz(quiz, { s: 'b', m: ['ReLU'], n: 6, t: 'backprop' }, 0.61).passed).toBe(false);
  });

  it('reports the expected answers as JSON and for people', () => {
    const result = gradeQuiz(quiz, {}, 0.8);
    expect(result.questions.map((q) => q.expected)).toEqual([
      'Gradients',
      ['ReLU', 'tanh'],
      { value: 6, tolerance: 0.01 },
      ['backpropagation', 'reverse mode', '/^back-?prop$/i'],
      ordering.items,
    ]);
    expect(quiz.questions.map(describeExpected)).toEqual([
      'Gradients',
      'ReLU; tanh',
      '6 ± 0.01',
      'backpropagation or reverse mode',
      '1. Forward pass  2. Compute the loss  3. Backward pass  4. Optimizer step',
    ]);
  });
});
