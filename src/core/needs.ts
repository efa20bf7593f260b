/** One thing a check needs beyond Python's standard library and numpy, read from its `needs:` entry. */
export type Need =
  | { kind: 'network'; name: string }
  | { kind: 'gpu'; name: string }
  | { kind: 'llm'; name: string }
  | { kind: 'command'; name: string; program: string }
  | { kind: 'python'; name: string; module: string };

/** A need the machine does not meet, and why, in the learner's words. */
export interface MissingNeed {
  need: string;
  reason: string;
}

/** Reads a `needs:` entry (already validated by the schema): a keyword, `command:<program>`, or a Python module. */
export function parseNeed(name: string): Need {
  if (name === 'network' || name === 'gpu' || name === 'llm') return { kind: name, name };
  if (name.startsWith('command:')) return { kind: 'command', name, program: name.slice('command:'.length) };
  return { kind: 'python', name, module: name.startsWith('python:') ? name.slice('python:'.length) : name };
}

/** The one-line message of a run skipped for missing needs. */
export function skippedMessage(missing: readonly MissingNeed[]): string {
  return `skipped: ${missing.map((m) => `needs ${m.need} (${m.reason})`).join('; ')}`;
}
