import { describe, expect, it } from 'vitest';
import { formatQuizProblem, parseQuiz, requireQuiz, slugOf } from './quiz.js';

const FIXTURE = `---
pass: 0.75
---
# Autograd basics

Five questions on how gradients flow.

## What does \`backward()\` compute?
- [ ] The forward pass
- [x] Gradients of the output with respect to every node
- [ ] The loss

> It walks the graph in reverse topological order, applying the chain rule.

## Which of these are activation functions?
<!-- id: activations -->
- [x] ReLU
- [x] tanh
- [ ] Cross-entropy

Explanation: cross-entropy is a *loss*,
not an activation.

## What is the derivative of x² at x = 3?
Answer: 6 ± 0.01

## Which algorithm computes gradients with the chain rule?
Answer: backpropagation | backprop | /^back-?prop(agation)?$/i

## Put the steps of a training step in order.
Think of one batch:

\`\`\`python
loss = model(x).loss
\`\`\`

1. Forward pass
2. Compute the loss
3. Backward pass
4. Optimizer step

## How many layers?
Type: text
Answer: 2 | two

## Which one is a loss?
Type: multiple
- [ ] ReLU
- [x] Cross-entropy

## Which one is a loss?
The same heading again.
- [x] MSE
- [ ] GELU
`;

function problems(text: string): string {
  return parseQuiz(text, 'quiz.md').problems.map(formatQuizProblem).join('\n');
}

describe('quiz.md', () => {
  it('parses every type of question, with ids, explanations and the pass mark', () => {
    const { quiz, problems: found } = parseQuiz(FIXTURE, 'quiz.md');
    expect(found).toEqual([]);
    expect(quiz).toMatchInlineSnapshot(`
      {
        "intro": "Five questions on how gradients flow.",
        "pass": 0.75,
        "questions": [
          {
            "details": undefined,
            "explanation": "It walks the graph in reverse topological order, applying the chain rule.",
            "id": "what-does-backward-compute",
            "line": 8,
            "options": [
              {
                "correct": false,
                "text": "The forward pass",
              },
              {
                "correct": true,
                "text": "Gradients of the output with respect to every node",
              },
              {
                "correct": false,
                "text": "The loss",
              },
            ],
            "prompt": "What does backward() compute?",
            "type": "single",
          },
          {
            "details": undefined,
            "explanation": "cross-entropy is a loss, not an activation.",
            "id": "activations",
            "line": 15,
            "options": [
              {
                "correct": true,
                "text": "ReLU",
              },
              {
                "correct": true,
                "text": "tanh",
              },
              {
                "correct": false,
                "text": "Cross-entropy",
              },
            ],
            "prompt": "Which of these are activation functions?",
            "type": "multiple",
          },
          {
            "details": undefined,
            "explanation": undefined,
            "id": "what-is-the-derivative-of-x2-at-x-3",
            "line": 24,
            "prompt": "What is the derivative of x² at x = 3?",
            "tolerance": 0.01,
            "type": "numeric",
            "value": 6,
          },
          {
            "accept": [
              {
                "text": "backpropagation",
              },
              {
                "text": "backprop",
              },
              {
                "flags": "i",
                "regex": "^back-?prop(agation)?$",
              },
            ],
            "details": undefined,
            "explanation": undefined,
            "id": "which-algorithm-computes-gradients-with-the-chain-rule",
            "line": 27,
            "prompt": "Which algorithm computes gradients with the chain rule?",
            "type": "text",
          },
          {
            "details": "Think of one batch:

      \`\`\`python
      loss = model(x).loss
      \`\`\`",
            "explanation": undefined,
            "id": "put-the-steps-of-a-training-step-in-order",
            "items": [
              "Forward pass",
              "Compute the loss",
              "Backward pass",
              "Optimizer step",
            ],
            "line": 30,
            "prompt": "Put the steps of a training step in order.",
            "type": "ordering",
          },
          {
            "accept": [
              {
                "text": "2",
              },
              {
                "text": "two",
              },
            ],
            "details": undefined,
            "explanation": undefined,
            "id": "how-many-layers",
            "line": 42,
            "prompt": "How many layers?",
            "type": "text",
          },
          {
            "details": undefined,
            "explanation": undefined,
            "id": "which-one-is-a-loss",
            "line": 46,
            "options": [
              {
                "correct": false,
                "text": "ReLU",
              },
              {
                "correct": true,
                "text": "Cross-entropy",
              },
            ],
            "prompt": "Which one is a loss?",
            "type": "multiple",
          },
          {
            "details": "The same heading again.",
            "explanation": undefined,
            "id": "which-one-is-a-loss-2",
            "line": 51,
            "options": [
              {
                "correct": true,
                "text": "MSE",
              },
              {
                "correct": false,
                "text": "GELU",
              },
            ],
            "prompt": "Which one is a loss?",
            "type": "single",
          },
        ],
        "title": "Autograd basics",
      }
    `);
  });

  it('infers the type from the answer; "Type:" overrides it', () => {
    const quiz = requireQuiz(FIXTURE, 'quiz.md');
    expect(quiz.questions.map((q) => [q.id, q.type])).toEqual([
      ['what-does-backward-compute', 'single'],
      ['activations', 'multiple'],
      ['what-is-the-derivative-of-x2-at-x-3', 'numeric'],
      ['which-algorithm-computes-gradients-with-the-chain-rule', 'text'],
      ['put-the-steps-of-a-training-step-in-order', 'ordering'],
      ['how-many-layers', 'text'],
      ['which-one-is-a-loss', 'multiple'],
      ['which-one-is-a-loss-2', 'single'],
    ]);
  });

  it('reads "+/-" as "±", a plain number as an exact answer, and a file without front matter', () => {
    const quiz = requireQuiz('## Pi?\nAnswer: 3.14 +/- 0.005\n\n## Two?\nAnswer: -2\n', 'q.md');
    expect(quiz.pass).toBeUndefined();
    expect(quiz.questions).toMatchObject([
      { type: 'numeric', value: 3.14, tolerance: 0.005 },
      { type: 'numeric', value: -2, tolerance: 0 },
    ]);
  });

  it('finds an "Answer:" line written right under a prompt line, and keeps backslashes of a regex', () => {
    const quiz = requireQuiz('## Name it\nThe method, in one word.\nAnswer: /^grad\\.?$/ | gradient\nExplanation: short for gradient.\n', 'q.md');
    expect(quiz.questions[0]).toMatchObject({
      details: 'The method, in one word.',
      type: 'text',
      accept: [{ regex: '^grad\\.?$', flags: '' }, { text: 'gradient' }],
      explanation: 'short for gradient.',
    });
  });

  it('makes ids from headings, unique within the quiz', () => {
    expect(slugOf('What does `backward()` compute?')).toBe('what-does-backward-compute');
    expect(slugOf('Über naïve Bayes')).toBe('uber-naive-bayes');
    const quiz = requireQuiz('## Same?\nAnswer: 1\n\n## Same?\nAnswer: 2\n\n## Same?\n<!-- id: same-2 -->\nAnswer: 3\n\n## ???\nAnswer: 4\n', 'q.md');
    expect(quiz.questions.map((q) => q.id)).toEqual(['same', 'same-3', 'same-2', 'question-4']);
  });
});

describe('quiz.md problems, as file:line: message', () => {
  it('no questions', () => {
    expect(problems('# Just a title\n\nSome text.\n')).toMatchInlineSnapshot(`"quiz.md:1: the quiz has no questions: start each question with a "##" heading"`);
  });

  it('a question with no answer, and a Type whose answer is missing', () => {
    expect(problems('## What is a tensor?\nJust think about it.\n\n## Order?\nType: ordering\nAnswer: 1\n')).toMatchInlineSnapshot(`
      "quiz.md:1: question "What is a tensor?" has no answer: tick the right option "[x]" in a task list, write an "Answer:" line, or give a numbered list in the right order
      quiz.md:4: question "Order?" has no answer: "Type: ordering" needs a numbered list of the items in the right order"
    `);
  });

  it('a choice list with no [x], and with one option only', () => {
    expect(problems('## Pick one\n- [ ] a\n- [ ] b\n\n## Only one\n- [x] a\n')).toMatchInlineSnapshot(`
      "quiz.md:2: no option is ticked: mark the right one(s) with "[x]"
      quiz.md:6: a choice question needs at least 2 options"
    `);
  });

  it('a numeric answer that is not a number', () => {
    expect(problems('## Derivative?\nAnswer: 6 ± a bit\n\n## Count?\nType: numeric\nAnswer: six\n')).toMatchInlineSnapshot(`
      "quiz.md:2: numeric answer "6 ± a bit" is not a number: write it like "Answer: 6" or "Answer: 6 ± 0.01"
      quiz.md:6: numeric answer "six" is not a number: write it like "Answer: 6" or "Answer: 6 ± 0.01""
    `);
  });

  it('a bad regular expression', () => {
    expect(problems('## Name?\nAnswer: backprop | /back(prop/i\n')).toMatchInlineSnapshot(
      `"quiz.md:2: bad regular expression /back(prop/i: Unterminated group"`,
    );
  });

  it('an ordering list with fewer than 2 items', () => {
    expect(problems('## Order these\n1. Only step\n')).toMatchInlineSnapshot(`"quiz.md:2: an ordering question needs at least 2 items in its list"`);
  });

  it('an unknown Type', () => {
    expect(problems('## Which?\nType: essay\nAnswer: anything\n')).toMatchInlineSnapshot(
      `"quiz.md:2: unknown Type "essay": use single, multiple, numeric, text, ordering"`,
    );
  });

  it('duplicate explicit ids, and an id that is not an id', () => {
    expect(
      problems('## One\n<!-- id: q -->\nAnswer: 1\n\n## Two\n<!-- id: q -->\nAnswer: 2\n\n## Three\n<!-- id: Bad Id -->\nAnswer: 3\n'),
    ).toMatchInlineSnapshot(`
      "quiz.md:5: id "q" is already used by the question on line 1
      quiz.md:10: id "Bad Id" is not a valid id: use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit"
    `);
  });

  it('bad front matter: broken YAML, unknown fields, a pass mark out of range, not closed', () => {
    expect(problems('---\npass: [0.8\n---\n## Q\nAnswer: 1\n')).toMatchInlineSnapshot(
      `"quiz.md:2: front matter: Flow sequence in block collection must be sufficiently indented and end with a ]"`,
    );
    expect(problems('---\npass: 80\nshuffle: false\n---\n## Q\nAnswer: 1\n')).toMatchInlineSnapshot(`
      "quiz.md:2: "pass" must be a number from 0 to 1 (the share of points needed), like 0.8
      quiz.md:3: unknown front matter field "shuffle": a quiz reads only "pass""
    `);
    expect(problems('---\npass: 0.8\n## Q\nAnswer: 1\n')).toMatchInlineSnapshot(`"quiz.md:1: the front matter is not closed: end it with a line "---""`);
  });

  it('options partly without boxes, two ticks for "Type: single", text after the answer', () => {
    expect(problems('## A\n- [x] a\n- b\n\n## B\nType: single\n- [x] a\n- [x] b\n\n## C\nAnswer: 1\n\nA stray paragraph.\n')).toMatchInlineSnapshot(`
      "quiz.md:2: some items of this list have a box and some do not: give every option "[ ]" or "[x]"
      quiz.md:7: "Type: single" but 2 options are ticked: tick one, or use "Type: multiple"
      quiz.md:13: text after the answer: start an explanation with "Explanation:" or a "> " quote, or start a new question with "##""
    `);
  });

  it('requireQuiz throws QUIZ_INVALID (exit 4) with every problem', () => {
    expect(() => requireQuiz('## A\n\n## B\nType: essay\n', 'n/quiz.md')).toThrowError(
      expect.objectContaining({ code: 'QUIZ_INVALID', exitCode: 4, message: expect.stringMatching(/^n\/quiz\.md:1: .+\nn\/quiz\.md:4: unknown Type "essay"/) }),
    );
  });
  it('keeps inline HTML-like tokens in options and items as text (<bos> and <eos> are two options)', () => {
    const { quiz, problems } = parseQuiz(
      '## Which token starts a sequence?\n- [x] <bos>\n- [ ] <eos>\n\n## Order them\n1. <bos>\n2. hello\n3. <eos>\n',
      'q.md',
    );
    expect(problems).toEqual([]);
    expect(quiz!.questions[0]).toMatchObject({
      type: 'single',
      options: [
        { text: '<bos>', correct: true },
        { text: '<eos>', correct: false },
      ],
    });
    expect(quiz!.questions[1]).toMatchObject({ type: 'ordering', items: ['<bos>', 'hello', '<eos>'] });
  });
});
