import { overview, trail, writeTree } from './cli.js';

/** The quiz of the fixture track's node "a": one question of each type, pass mark 0.8. */
export const QUIZ = `---
pass: 0.8
---
# Autograd basics

## What does \`backward()\` compute?
<!-- id: backward -->
- [ ] The forward pass
- [x] Gradients of the output with respect to every node
- [ ] The loss

> It walks the graph in reverse topological order, applying the chain rule.

## Which of these are activation functions?
<!-- id: activations -->
- [x] ReLU
- [x] tanh
- [ ] Cross-entropy

## What is the derivative of x² at x = 3?
<!-- id: derivative -->
Answer: 6 ± 0.01

Explanation: d/dx x² = 2x, and 2 · 3 = 6.

## Which algorithm computes gradients with the chain rule?
<!-- id: algorithm -->
Answer: backpropagation | backprop | /^back-?prop(agation)?$/i

## Put the steps of a training step in order.
<!-- id: steps -->
1. Forward pass
2. Compute the loss
3. Backward pass
4. Optimizer step
`;

/** Answers to QUIZ, all right, in the different forms a file may use. */
export const RIGHT = { backward: 'b', activations: ['ReLU', 2], derivative: '6.005', algorithm: 'Back-Prop', steps: [1, 2, 3, 4] };

/**
 * Writes a track with a node "a" (an attest criterion, then the quiz), a node "b" that
 * requires it (with a quiz of its own), and a node "c" with two quizzes; and a workspace on it.
 */
export async function quizWorkspace(root: string): Promise<string> {
  writeTree(root, {
    'track/track.yaml': 'id: qt\ntitle: Quiz track\n',
    'track/a/overview.md': overview(
      'id: a\ntitle: Autograd\ncriteria:\n  - kind: attest\n    id: did\n    text: I traced a graph\n    minLength: 10\n  - kind: quiz',
    ),
    'track/a/quiz.md': QUIZ,
    'track/b/overview.md': overview('id: b\ntitle: Networks\nrequires: [a]\ncriteria:\n  - kind: quiz'),
    'track/b/quiz.md': '## One?\nAnswer: 1\n',
    'track/c/overview.md': overview(
      'id: c\ntitle: Two quizzes\ncriteria:\n  - kind: quiz\n    id: first\n  - kind: quiz\n    id: second\n    file: second.md\n    pass: 1',
    ),
    'track/c/quiz.md': '## One?\nAnswer: 1\n',
    'track/c/second.md': '## Two?\nAnswer: 2\n',
  });
  const ws = `${root}/ws`;
  const init = await trail(['init', ws, '--track', `${root}/track`]);
  if (init.code !== 0) throw new Error(init.stderr);
  return ws;
}
