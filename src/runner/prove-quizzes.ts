import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatQuizProblem, parseQuiz } from '../content/quiz.js';
import { expectedAnswer, isCorrect, type Question } from '../core/quiz.js';
import type { Track } from '../core/track.js';

/** Whether a quiz of a track parses and grades its own answers as right. */
export interface QuizProof {
  node: string;
  criterion: string;
  file: string;
  questions: number;
  ok: boolean;
  problems: string[];
}

/** Content CI for quizzes: every quiz parses, and each question's own answer is judged correct. */
export function proveQuizzes(trackDir: string, track: Track): QuizProof[] {
  const proofs: QuizProof[] = [];
  for (const node of track.nodes) {
    for (const criterion of node.criteria) {
      if (criterion.kind !== 'quiz') continue;
      const file = `${node.dir}/${criterion.file}`;
      let text: string;
      try {
        text = readFileSync(join(trackDir, file), 'utf8');
      } catch {
        proofs.push({ node: node.id, criterion: criterion.id, file, questions: 0, ok: false, problems: [`${file}: the quiz file does not exist`] });
        continue;
      }
      const { quiz, problems } = parseQuiz(text, file);
      const found = problems.map(formatQuizProblem);
      for (const question of quiz?.questions ?? []) {
        const answer = sampleAnswer(question);
        if (answer !== undefined && !isCorrect(question, answer))
          found.push(`${file}:${question.line}: the answer given for "${question.id}" is not judged right by its own question`);
      }
      proofs.push({ node: node.id, criterion: criterion.id, file, questions: quiz?.questions.length ?? 0, ok: found.length === 0, problems: found });
    }
  }
  return proofs;
}

// A right answer as a learner would give it; a text question with only regex alternatives has
// none to give (its patterns were checked by the parser).
function sampleAnswer(question: Question): unknown {
  if (question.type === 'numeric') return question.value;
  if (question.type === 'text') {
    const literal = question.accept.find((accepted) => 'text' in accepted);
    return literal && 'text' in literal ? literal.text : undefined;
  }
  return expectedAnswer(question);
}
