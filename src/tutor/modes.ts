/** The tutor's ways of helping: seed 002's five, and seed 004's quiz and hint. */
export const MODES = ['explain', 'code', 'debug', 'scaffold', 'resources', 'quiz', 'hint'] as const;
export type Mode = (typeof MODES)[number];

/** Levels of `explain`, from "like I'm five" to expert. */
export const LEVELS = ['five', 'beginner', 'intermediate', 'expert'] as const;
export type Level = (typeof LEVELS)[number];

/** What each mode is for, in the learner's words (help texts, the web app's buttons). */
export const MODE_HELP: Record<Mode, string> = {
  explain: 'explain a concept at your level',
  code: 'a short code example in the track’s language',
  debug: 'help with an error, or with your last failing check',
  scaffold: 'the files and functions to start a project with',
  resources: 'where to read more: the course’s own links first',
  quiz: 'a question from the course to test yourself',
  hint: 'the next hint of the exercise, then questions that lead you on',
};

const RULES = [
  'You are the tutor of a course. Help the learner understand and get unstuck; never hand out the solution of an exercise.',
  'Ground your answer in the course passages given below and cite the node of each passage you use as [node-id].',
  'If the learner asks for the answer or the code of their exercise, do not give it: ask one or two questions that lead them to the next step.',
  'Be brief and concrete. Use Markdown; math in $…$.',
];

const LEVEL_TEXT: Record<Level, string> = {
  five: 'Explain it like to a curious five-year-old: one everyday analogy, no jargon, no formulas.',
  beginner: 'Explain it to a programmer new to ML: plain words, one small example with numbers.',
  intermediate: 'Explain it to an engineer who knows the basics: the idea, the formula, one worked example.',
  expert: 'Explain it to an expert: precise, with the math and the trade-offs, no basics.',
};

const MODE_TEXT: Record<Mode, string> = {
  explain: 'Explain the concept the learner asks about.',
  code: 'Give a short, runnable example (at most ~20 lines) that shows the concept — never the exercise’s own functions filled in.',
  debug: 'Help the learner find the cause of their error. Point at the line or idea that is wrong and why; do not rewrite their solution.',
  scaffold: 'Propose the files and function signatures to start the learner’s project, with one-line docstrings and TODOs instead of bodies.',
  resources:
    'Suggest further reading. The course’s own resources are listed already; add at most three more you are sure exist, and say they are your suggestions.',
  quiz: 'Write one new question that tests the node’s minimum viable understanding, with its answer hidden after a line "Answer:".',
  hint: 'The authored hints are used up. Ask one or two Socratic questions that lead the learner to the next step. Do not give the answer.',
};

/** The system prompt of a mode. */
export function systemPrompt(mode: Mode, level: Level | undefined, trackTitle: string): string {
  return [`Course: ${trackTitle}.`, ...RULES, MODE_TEXT[mode], ...(mode === 'explain' ? [LEVEL_TEXT[level ?? 'intermediate']] : [])].join('\n');
}

/** The mode a question asks for when none is named: an error is debugging, a plea for the answer gets a hint. */
export function inferMode(question: string, asksForAnswer: boolean): Mode {
  if (asksForAnswer) return 'hint';
  if (/traceback|error|exception|fails?\b|failing|assert/i.test(question)) return 'debug';
  if (/\b(example|snippet|show me code|code for)\b/i.test(question)) return 'code';
  if (/\b(resources?|read more|papers?|links?|tutorials?)\b/i.test(question)) return 'resources';
  if (/\b(quiz|test me|question)\b/i.test(question)) return 'quiz';
  return 'explain';
}

/** About four characters a token: enough to keep a prompt within its budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** One piece of context, in priority order; the budget takes pieces until it is spent. */
export interface ContextPiece {
  label: string;
  text: string;
}

/** The context block of a prompt within a token budget: whole pieces, most important first; what was left out is counted. */
export function assembleContext(pieces: readonly ContextPiece[], budgetTokens: number): { text: string; used: string[]; dropped: string[]; tokens: number } {
  const used: string[] = [];
  const dropped: string[] = [];
  const parts: string[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const block = `### ${piece.label}\n${piece.text.trim()}`;
    const cost = estimateTokens(block);
    if (tokens + cost > budgetTokens) {
      dropped.push(piece.label);
      continue;
    }
    parts.push(block);
    used.push(piece.label);
    tokens += cost;
  }
  return { text: parts.join('\n\n'), used, dropped, tokens };
}
