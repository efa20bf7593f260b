import type { Cli } from './context.js';

/** An option of a command, as `--help` lists it. */
export interface OptionSpec {
  /** Commander's flags: '-t, --track <id|path>', '--json', '--tag <tag...>'. */
  flags: string;
  description: string;
  required?: boolean;
  default?: string;
  /**
   * Turns the text given into the value the action sees (called again for each repeat, with what the
   * last call gave). Declared as a method so that a parser may name what it collects (`collect`'s string[]).
   */
  parse?(value: string, previous: unknown): unknown;
}

/** A positional argument: '<node>' (required) or '[dir]' (optional). */
export interface ArgumentSpec {
  name: string;
  description: string;
  default?: string;
}

/**
 * A `trail` command declared next to its handler: what `--help` shows and what runs. The action
 * gets the run's context, then the positional arguments and the options, as commander parses them.
 */
export interface CommandSpec {
  name: string;
  description: string;
  arguments?: ArgumentSpec[];
  options?: OptionSpec[];
  /** Runs when no subcommand of a group is named (`trail runs` lists the runs). */
  isDefault?: boolean;
  subcommands?: CommandSpec[];
  /** Lines `--help` shows under "Examples:", each a command as typed and what it does; they run as printed. */
  examples?: Array<{ command: string; does: string }>;
  /** A method, so that each handler declares its own arguments (see `command`). */
  action?(cli: Cli, ...args: unknown[]): Promise<number>;
}

/** Declares a command; the types of the action's arguments are the handler's own. */
export function command<A extends unknown[]>(spec: Omit<CommandSpec, 'action'> & { action?: (cli: Cli, ...args: A) => Promise<number> }): CommandSpec {
  return spec;
}

/** The "Examples:" block of a help text: each command, padded, then what it does. */
export function examplesHelp(examples: ReadonlyArray<{ command: string; does: string }>): string {
  const width = Math.max(...examples.map((example) => example.command.length));
  return `\nExamples:\n${examples.map((example) => `  ${example.command.padEnd(width)}  # ${example.does}`).join('\n')}`;
}

/** `--json`, which every command that reports state takes. */
export const JSON_OPTION: OptionSpec = { flags: '--json', description: 'print JSON for scripts' };

/** Repeatable flags (--param a=1 --param b=2) collect into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
