import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { requireQuiz } from '../content/quiz.js';
import { expectedAnswer, type Question } from '../core/quiz.js';
import type { Node } from '../core/track.js';
import { trail, trailJson } from './cli.js';
import type { CheckJson, PaperAddJson, QuizJson, ShowJson } from './cli-json.js';

// Prose of `count` different words, as a learner's journal or notes would be (never one word repeated).
const VOCABULARY =
  'gradient loss step weight bias layer error sample batch epoch model data test train curve value rate norm mask token head block paper idea result noise scale check metric figure detail reason choice tradeoff measure'.split(
    ' ',
  );
export function prose(count: number): string {
  return Array.from({ length: count }, (_, i) => `${VOCABULARY[i % VOCABULARY.length]}${Math.floor(i / VOCABULARY.length) || ''}`).join(' ');
}

/** The answers the quiz file itself gives (what a learner who read the node would answer). */
export function rightAnswers(trackDir: string, node: Node, file = 'quiz.md'): { answers: Record<string, unknown>; questions: Question[] } {
  const quiz = requireQuiz(readFileSync(join(trackDir, node.dir, file), 'utf8'), file);
  const answers: Record<string, unknown> = {};
  for (const question of quiz.questions) {
    const expected = expectedAnswer(question);
    answers[question.id] =
      question.type === 'numeric' ? (expected as { value: number }).value : question.type === 'text' ? (expected as string[])[0] : expected;
  }
  return { answers, questions: quiz.questions };
}

/**
 * Does a node as a diligent learner would, from the command line: the reference solution copied
 * in as their code, every check run, every quiz taken with the right answers, a journal entry of
 * prose, a statement in their own words (with a link where asked), a paper note read and written.
 * Optional criteria are left alone. Returns the node's status afterwards.
 */
export async function completeNode(trackDir: string, node: Node, ws: string): Promise<string> {
  const solution = join(trackDir, node.dir, 'solution');
  if (existsSync(solution)) cpSync(solution, join(ws, node.dir), { recursive: true });
  for (const criterion of node.criteria.filter((c) => !c.optional)) {
    switch (criterion.kind) {
      case 'check': {
        const run = await trailJson<CheckJson>(['check', node.id, '--criterion', criterion.id], { cwd: ws });
        expect(run.runs?.[0]?.result.status, `${node.id} › ${criterion.id}: ${run.runs?.[0]?.result.message}`).toBe('pass');
        break;
      }
      case 'quiz': {
        const file = join(ws, `answers-${node.id}-${criterion.id}.json`);
        writeFileSync(file, JSON.stringify(rightAnswers(trackDir, node, criterion.file).answers));
        const quiz = await trailJson<QuizJson>(['quiz', node.id, '--criterion', criterion.id, '--answers', file], { cwd: ws });
        expect(quiz.passed, `${node.id} › ${criterion.id}`).toBe(true);
        break;
      }
      case 'journal':
        expect((await trail(['journal', 'add', '--node', node.id, '--text', prose(criterion.minWords + 5)], { cwd: ws })).code).toBe(0);
        break;
      case 'attest': {
        const text = `In my own words, having done it: ${prose(Math.max(8, Math.ceil(criterion.minLength / 5)))}${criterion.link ? ' https://example.org/my-work' : ''}`;
        expect((await trail(['attest', node.id, criterion.id, '--text', text], { cwd: ws })).code, `${node.id} › ${criterion.id}`).toBe(0);
        break;
      }
      case 'paper': {
        const { paper } = await trailJson<PaperAddJson>(['paper', 'add', criterion.title ?? 'The paper', '--url', criterion.url, '--node', node.id], {
          cwd: ws,
        });
        const path = join(ws, paper.path as string);
        writeFileSync(path, readFileSync(path, 'utf8').replace('## Summary\n', `## Summary\n\n${prose(criterion.minWords + 5)}\n`));
        expect((await trail(['paper', 'status', paper.slug as string, 'read'], { cwd: ws })).code).toBe(0);
        break;
      }
      default:
        break;
    }
  }
  return (await trailJson<ShowJson>(['show', node.id], { cwd: ws })).node.status as string;
}
