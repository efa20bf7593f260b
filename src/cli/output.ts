import type { NodeStatus } from '../core/status.js';

/** Colours for people's terminals; off when NO_COLOR is set or output is not a terminal. */
/** Whether text for people on this stream is coloured: a terminal, unless NO_COLOR; or FORCE_COLOR. */
export function colourOn(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !('NO_COLOR' in process.env) && (Boolean(stream.isTTY) || 'FORCE_COLOR' in process.env);
}

export function colours(stream: NodeJS.WriteStream = process.stdout) {
  const on = colourOn(stream);
  const wrap = (open: number, close: number) => (text: string) => (on ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
  };
}

export type Colours = ReturnType<typeof colours>;

const MARKS: Record<NodeStatus, string> = {
  done: '✓',
  in_progress: '◐',
  available: '○',
  locked: '·',
  skipped: '–',
};

/** The mark and colour of a status, as `trail status` shows it. */
export function statusMark(status: NodeStatus, c: Colours): string {
  const mark = MARKS[status];
  switch (status) {
    case 'done':
      return c.green(mark);
    case 'in_progress':
      return c.yellow(mark);
    case 'available':
      return c.cyan(mark);
    default:
      return c.dim(mark);
  }
}

/** A text progress bar: "[██████░░░░] 60%". */
export function progressBar(done: number, total: number, width = 24): string {
  const share = total === 0 ? 0 : done / total;
  const filled = Math.round(share * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${Math.round(share * 100)}%`;
}

/** Prints a value as JSON on stdout: indented for a terminal, compact for a pipe or file. */
export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value));
}

/** What printJson prints: indented on a terminal, one line for scripts. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`;
}

/** Prints lines for people on stdout. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Prints a warning for people on stderr. */
export function warn(text: string): void {
  process.stderr.write(`${colours(process.stderr).yellow('warning:')} ${text}\n`);
}
