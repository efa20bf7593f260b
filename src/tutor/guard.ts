/**
 * How much of a reference solution a reply reproduces: the share of the solution's 6-token
 * shingles (identifiers, numbers and operators; comments, strings' quotes and layout left out)
 * that the reply contains. 0 for none, 1 when every run of six tokens of the solution is in it.
 */
export function reproduction(reply: string, solution: string): number {
  const wanted = shingles(solution);
  if (wanted.size === 0) return 0;
  const have = shingles(reply);
  let shared = 0;
  for (const shingle of wanted) if (have.has(shingle)) shared++;
  return shared / wanted.size;
}

/** The share above which a reply is taken to hand out the solution. */
export const REPRODUCTION_LIMIT = 0.3;

const SIZE = 6;

function tokens(code: string): string[] {
  const stripped = code.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''/g, ' ').replace(/#[^\n]*|\/\/[^\n]*/g, ' ');
  return stripped.match(/[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/%=<>!&|^~@:.,()[\]{}]+/g) ?? [];
}

function shingles(code: string): Set<string> {
  const list = tokens(code);
  const out = new Set<string>();
  for (let i = 0; i + SIZE <= list.length; i++) out.add(list.slice(i, i + SIZE).join(' '));
  return out;
}

/** Whether the learner asks for the answer itself rather than for help toward it. */
export function asksForTheAnswer(question: string): boolean {
  return /\b(give|show|tell|write|paste|send)\b[^.?!]{0,40}\b(me\s+)?(the\s+)?(full\s+|complete\s+|whole\s+|final\s+)?(answer|solution|code|implementation)\b|\bsolve (it|this|the exercise) for me\b|\bjust (give|write|show)\b/i.test(
    question,
  );
}
