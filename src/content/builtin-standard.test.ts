import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Quiz } from '../core/quiz.js';
import type { Node } from '../core/track.js';
import { ROOT } from '../test-support/cli.js';
import { readNodeBody } from './front-matter.js';
import { loadTrack } from './load.js';
import { formatQuizProblem, parseQuiz } from './quiz.js';

const TRACKS = join(ROOT, 'tracks');

// The standard every node of a built-in track meets: a learner's first track is the product.
const MIN_QUESTIONS = 6;
const MIN_TYPES = 3;
const HINTS = { min: 2, max: 3 };
// A node's teaching text: long enough to work an example through, short enough to read at one sitting.
const WORDS = { min: 700, max: 1800 };

// What a quiz lacks against the standard, in an author's words; nothing when it meets it.
function quizShortfall(quiz: Quiz): string[] {
  const types = [...new Set(quiz.questions.map((question) => question.type))];
  const found: string[] = [];
  if (quiz.questions.length < MIN_QUESTIONS) found.push(`${quiz.questions.length} questions, at least ${MIN_QUESTIONS} needed`);
  if (types.length < MIN_TYPES) found.push(`${types.length} question types (${types.join(', ')}), at least ${MIN_TYPES} needed`);
  return found;
}

// Hints are asked of nodes that have a check: the learner who is stuck on one reveals them.
function hintShortfall(node: { criteria: ReadonlyArray<{ kind: string }>; exercise?: { hints: readonly string[] } | undefined }): string[] {
  if (!node.criteria.some((criterion) => criterion.kind === 'check')) return [];
  const count = node.exercise?.hints.length ?? 0;
  return count < HINTS.min || count > HINTS.max ? [`${count} hints for a checked exercise, ${HINTS.min}–${HINTS.max} needed`] : [];
}

// Words as a reader meets them: every run of non-space characters of the body, code and math included.
function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter(Boolean).length;
}

function quizzesOf(root: string, node: Node): Array<{ file: string; text: string }> {
  return node.criteria.flatMap((criterion) =>
    criterion.kind === 'quiz' ? [{ file: `${node.dir}/${criterion.file}`, text: readFileSync(join(root, node.dir, criterion.file), 'utf8') }] : [],
  );
}

function nodesOf(id: string): { root: string; nodes: Node[] } {
  const root = join(TRACKS, id);
  const { track, problems } = loadTrack(root);
  expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return { root, nodes: track!.nodes };
}

describe('every node of a built-in track meets the content standard', () => {
  it.each(readdirSync(TRACKS))('%s: each quiz has at least 6 questions of at least 3 types', (id) => {
    const { root, nodes } = nodesOf(id);
    const found: string[] = [];
    for (const node of nodes) {
      for (const { file, text } of quizzesOf(root, node)) {
        const { quiz, problems } = parseQuiz(text, file);
        found.push(...problems.map(formatQuizProblem));
        if (quiz) found.push(...quizShortfall(quiz).map((problem) => `${file}: ${problem}`));
      }
    }
    expect(found).toEqual([]);
  });

  it.each(readdirSync(TRACKS))('%s: each node has a quiz, and each checked exercise 2–3 hints', (id) => {
    const { root, nodes } = nodesOf(id);
    const found: string[] = [];
    for (const node of nodes) {
      if (quizzesOf(root, node).length === 0) found.push(`${node.dir}: no quiz`);
      found.push(...hintShortfall(node).map((problem) => `${node.dir}: ${problem}`));
    }
    expect(found).toEqual([]);
  });

  it.each(readdirSync(TRACKS))('%s: each overview body is 700–1,800 words', (id) => {
    const { root, nodes } = nodesOf(id);
    const outside = nodes
      .map((node) => ({ dir: node.dir, words: wordCount(readNodeBody(root, node)) }))
      .filter(({ words }) => words < WORDS.min || words > WORDS.max);
    expect(outside).toEqual([]);
  });
});

describe('the standard catches what falls short', () => {
  const quiz = (text: string) => parseQuiz(text, 'quiz.md').quiz!;
  const choice = (n: number) => `## Q${n}\n- [x] yes\n- [ ] no\n`;
  const numeric = (n: number) => `## N${n}\nAnswer: ${n}\n`;

  it('a quiz of six questions of two types, or of three types in five questions', () => {
    const twoTypes = [choice(1), choice(2), choice(3), numeric(4), numeric(5), numeric(6)].join('\n');
    expect(quizShortfall(quiz(twoTypes))).toEqual(['2 question types (single, numeric), at least 3 needed']);
    const short = [choice(1), numeric(2), '## O3\n1. a\n2. b\n', choice(4), numeric(5)].join('\n');
    expect(quizShortfall(quiz(short))).toEqual(['5 questions, at least 6 needed']);
    expect(quizShortfall(quiz(`${short}\n${choice(6)}`))).toEqual([]);
  });

  it('a checked exercise with one hint or four, or with none at all; an unchecked node needs none', () => {
    const checked = [{ kind: 'check' }];
    const exercise = (hints: number) => ({ title: undefined, text: '', files: [], hints: Array.from({ length: hints }, (_, i) => `hint ${i}`) });
    expect(hintShortfall({ criteria: checked, exercise: exercise(1) })).toEqual(['1 hints for a checked exercise, 2–3 needed']);
    expect(hintShortfall({ criteria: checked, exercise: exercise(4) })).toEqual(['4 hints for a checked exercise, 2–3 needed']);
    expect(hintShortfall({ criteria: checked, exercise: undefined })).toEqual(['0 hints for a checked exercise, 2–3 needed']);
    expect(hintShortfall({ criteria: checked, exercise: exercise(2) })).toEqual([]);
    expect(hintShortfall({ criteria: [], exercise: undefined })).toEqual([]);
  });

  it('counts the words of a body across lines, code and math', () => {
    expect(wordCount('# Title\n\nOne two  three.\n\n```python\nx = 1\n```\n$a + b$\n')).toBe(13);
  });
});
