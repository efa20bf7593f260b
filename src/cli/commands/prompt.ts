import { createInterface } from 'node:readline/promises';

/** Asks a question on the terminal; undefined when there is no terminal to ask on. */
export async function ask(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
