import { publicQuestion, type Question } from '../core/quiz.js';
import type { Node } from '../core/track.js';
import { loadQuiz, type QuizCriterion } from '../workspace/quizzes.js';
import type { Session } from '../workspace/session.js';

/** A question of the node's quiz bank, and where the learner stands with it. */
export interface BankQuestion {
  criterion: string;
  question: Question;
  /** `<criterion>#<question id>`, as passages and events name it. */
  key: string;
  /** The learner's latest answer to it (in a quiz, an agent's check or a review) was right. */
  right: boolean;
}

/** The questions of a node's quizzes in file order; a quiz file that cannot be read adds none (`trail validate` reports it). */
export async function quizBank(session: Session, node: Node): Promise<BankQuestion[]> {
  const right = await answeredRight(session, node.id);
  return node.criteria
    .filter((criterion): criterion is QuizCriterion => criterion.kind === 'quiz')
    .flatMap((criterion) => {
      let questions: Question[];
      try {
        questions = loadQuiz(session, node, criterion).questions;
      } catch {
        return [];
      }
      return questions.map((question) => {
        const key = `${criterion.id}#${question.id}`;
        return { criterion: criterion.id, question, key, right: right.has(key) };
      });
    });
}

// The latest answer to each question decides: a miss answered right in review counts as right.
async function answeredRight(session: Session, node: string): Promise<Set<string>> {
  const right = new Set<string>();
  for (const event of (await session.store.events.read()).events) {
    const { criterion, question } = event.object;
    if ((event.verb !== 'answered' && event.verb !== 'reviewed-card') || event.object.node !== node) continue;
    if (typeof criterion !== 'string' || typeof question !== 'string') continue;
    if (event.result?.success === true) right.add(`${criterion}#${question}`);
    else right.delete(`${criterion}#${question}`);
  }
  return right;
}

/**
 * The next question of the bank to ask: the first not yet answered right that this conversation
 * has not asked already (the earlier answers name its prompt). Undefined once the bank is used up.
 */
export function nextBankQuestion(bank: readonly BankQuestion[], earlierAnswers: readonly string[]): BankQuestion | undefined {
  return bank.find((entry) => !entry.right && !earlierAnswers.some((text) => text.includes(entry.question.prompt)));
}

/** A bank question as the learner reads it: the prompt, its details, and the options or items to answer with (never the answer). */
export function formatBankQuestion(node: Node, entry: BankQuestion): string {
  const shown = publicQuestion(entry.question, seedOf(entry.key));
  const lines = [`From the course's quiz (${node.title}):`, '', `**${shown.prompt}**`];
  if (shown.details) lines.push('', shown.details);
  if ('options' in shown) {
    lines.push('', entry.question.type === 'multiple' ? 'Choose every option that is right:' : 'Choose one:');
    shown.options.forEach((option, i) => lines.push(`${String.fromCharCode(97 + i)}) ${option}`));
  }
  if ('items' in shown) {
    lines.push('', 'Put these in order:');
    shown.items.forEach((item) => lines.push(`- ${item}`));
  }
  const quizzes = node.criteria.filter((criterion) => criterion.kind === 'quiz').length;
  lines.push('', `Answer it with \`trail quiz ${node.id}${quizzes > 1 ? ` --criterion ${entry.criterion}` : ''}\`.`);
  return lines.join('\n');
}

/** Why the bank has nothing left to ask: no quiz at all, or every question answered right (or asked in this conversation). */
export function usedUpReason(node: Node, bank: readonly BankQuestion[]): string {
  if (bank.length === 0) return `${node.title} has no quiz questions of its own`;
  if (bank.every((entry) => entry.right)) return `Every question of ${node.title}'s quiz is answered right`;
  return `Every question of ${node.title}'s quiz that is not answered right yet was asked above`;
}

/** The label before a question the model writes: the learner must know the course did not write or check it. */
export function modelQuestionLabel(node: Node, bank: readonly BankQuestion[]): string {
  return `${usedUpReason(node, bank)}, so this question was written by the model (not from the course, not checked by it):\n\n`;
}

/** The answer when the bank is used up and no model can write a new question: review instead. */
export function bankUsedUp(node: Node, bank: readonly BankQuestion[]): string {
  const review = 'Review what you have learnt with `trail review` (it asks again the questions that are due).';
  return bank.length === 0 ? `${usedUpReason(node, bank)}. ${review}` : `${usedUpReason(node, bank)}: the course's question bank is used up. ${review}`;
}

// A fixed seed per question: the same question shows its items in the same order each time.
function seedOf(key: string): number {
  let seed = 0;
  for (const char of key) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  return seed;
}
