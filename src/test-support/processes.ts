import { readdirSync, readFileSync } from 'node:fs';

/** Live processes whose environment holds `NAME=value` (Linux /proc): what a run left behind. */
export function survivors(variable: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'latin1');
      // Zombies have an empty environment and hold nothing; they are their parent's to reap.
      if (`\0${environ}`.includes(`\0${variable}\0`)) found.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Waits until no process carries `NAME=value`, for at most `ms`; returns those still there. */
export async function settled(variable: string, ms = 2000): Promise<number[]> {
  for (let waited = 0; waited < ms && survivors(variable).length > 0; waited += 50) await new Promise((r) => setTimeout(r, 50));
  return survivors(variable);
}
