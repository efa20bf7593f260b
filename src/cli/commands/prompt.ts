import { createInterface } from 'node:readline/promises';
import type { Cli } from '../context.js';

/** Asks a question on the terminal; undefined when there is no terminal to ask on. */
export async function ask(cli: Cli, question: string): Promise<string | undefined> {
  if (!cli.stdin.isTTY) return undefined;
  const rl = createInterface({ input: cli.stdin, output: cli.stderr as NodeJS.WritableStream });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
