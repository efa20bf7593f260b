import type { NodeStatus } from '../core/status.js';
import type { CliContext, CliOutput } from './context.js';

/** What the output helpers need of a run's context. */
export type Io = Pick<CliContext, 'stdout' | 'stderr' | 'env'>;

/** Whether text for people on this stream is coloured: a terminal, unless NO_COLOR; or FORCE_COLOR. */
export function colourOn(io: Io, stream: CliOutput = io.stdout): boolean {
  return !('NO_COLOR' in io.env) && (Boolean(stream.isTTY) || 'FORCE_COLOR' in io.env);
}

/** Colours for people's terminals; off when NO_COLOR is set or output is not a terminal. */
export function colours(io: Io, stream: CliOutput = io.stdout) {
  const on = colourOn(io, stream);
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
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(jsonText(io, value));
}

/** What printJson prints: indented on a terminal, one line for scripts. */
export function jsonText(io: Io, value: unknown): string {
  return `${JSON.stringify(value, null, io.stdout.isTTY ? 2 : undefined)}\n`;
}

/** Prints lines for people on stdout. */
export function printLines(io: Io, ...lines: string[]): void {
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** Prints a warning for people on stderr. */
export function warn(io: Io, text: string): void {
  io.stderr.write(`${colours(io, io.stderr).yellow('warning:')} ${text}\n`);
}
