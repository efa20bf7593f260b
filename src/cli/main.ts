import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { TrailError, ExitCode } from '../core/errors.js';
import { examplesHelp, type CommandSpec } from './command.js';
import { cliOf, processContext, type CliContext } from './context.js';
import { colourOn, colours, printJson } from './output.js';
import { version } from './version.js';

// commander is CommonJS: requiring it directly skips the ESM wrapper, a few ms of every start.
const require = createRequire(import.meta.url);
const { Command, CommanderError, Option } = require('commander') as typeof Commander;

/**
 * Every command, in the order `trail --help` lists them. Each is declared next to its handler
 * and loaded only when it is named, so a start reads the modules of one command only.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<CommandSpec>]> = [
  ['tracks', async () => (await import('./commands/tracks.js')).tracksCommand],
  ['init', async () => (await import('./commands/init.js')).initCommand],
  ['status', async () => (await import('./commands/status.js')).statusCommand],
  ['next', async () => (await import('./commands/next.js')).nextCommand],
  ['show', async () => (await import('./commands/show.js')).showCommand],
  ['validate', async () => (await import('./commands/validate.js')).validateCommand],
  ['attest', async () => (await import('./commands/attest.js')).attestCommand],
  ['hint', async () => (await import('./commands/hint.js')).hintCommand],
  ['ask', async () => (await import('./commands/ask.js')).askCommand],
  ['tutor', async () => (await import('./commands/ask.js')).tutorCommand],
  ['mcp', async () => (await import('./commands/mcp.js')).mcpCommand],
  ['quiz', async () => (await import('./commands/quiz.js')).quizCommand],
  ['review', async () => (await import('./commands/review.js')).reviewCommand],
  ['journal', async () => (await import('./commands/journal.js')).journalCommand],
  ['paper', async () => (await import('./commands/paper.js')).paperCommand],
  ['skip', async () => (await import('./commands/skip.js')).skipCommand],
  ['reset', async () => (await import('./commands/reset.js')).resetCommand],
  ['estimate', async () => (await import('./commands/estimate.js')).estimateCommand],
  ['practice', async () => (await import('./commands/practice.js')).practiceCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['watch', async () => (await import('./commands/watch.js')).watchCommand],
  ['log', async () => (await import('./commands/log.js')).logCommand],
  ['runs', async () => (await import('./commands/runs.js')).runsCommand],
  ['test-track', async () => (await import('./commands/test-track.js')).testTrackCommand],
  ['import', async () => (await import('./commands/import.js')).importCommand],
  ['start', async () => (await import('./commands/start.js')).startCommand],
  ['serve', async () => (await import('./commands/serve.js')).serveCommand],
  ['team', async () => (await import('./commands/team.js')).teamCommand],
  ['sync', async () => (await import('./commands/sync.js')).syncCommand],
  ['export', async () => (await import('./commands/export.js')).exportCommand],
  ['sync-lrs', async () => (await import('./commands/xapi.js')).syncLrsCommand],
];

/** What `trail --help` ends with: a first session, runnable as printed from any folder. */
const PROGRAM_EXAMPLES = [
  { command: 'trail tracks', does: 'the built-in tracks' },
  { command: 'trail start --track nn-first-principles', does: 'your workspace for a track, in $TRAIL_HOME (made on first run)' },
  { command: 'trail --workspace ~/.trailguide/nn-first-principles next', does: 'what to do now there, from any folder' },
];

/** The commands a run needs: the one named, or every one (for help, a typo's suggestion, no command). */
async function commandsFor(argv: readonly string[]): Promise<CommandSpec[]> {
  const named = commandName(argv);
  const known = COMMANDS.filter(([name]) => name === named);
  return Promise.all((known.length > 0 ? known : COMMANDS).map(([, load]) => load()));
}

// The first word that is not an option; none when --help or --version comes before it.
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-w' || arg === '--workspace') i++;
    else if (['-h', '--help', '-V', '--version', '--'].includes(arg)) return undefined;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** A `trail` that runs in this process with the given streams, environment, clock and folder. */
export interface TrailCli {
  /** Runs `trail` with these arguments; resolves to its exit code. Errors are reported on the given stderr. */
  run(argv: string[]): Promise<number>;
}

/** Builds `trail` over a context: nothing of the process (streams, env, folder, exit) is touched but through it. */
export function createCli(context: CliContext): TrailCli {
  return {
    async run(argv) {
      let code: number = ExitCode.ok;
      try {
        const program = assemble(context, await commandsFor(argv), (c) => {
          code = c;
        });
        await program.parseAsync(argv, { from: 'user' });
        return code;
      } catch (error) {
        return reportError(context, error, argv.includes('--json'));
      }
    },
  };
}

function assemble(context: CliContext, commands: CommandSpec[], setExit: (code: number) => void): Commander.Command {
  const program = new Command('trail')
    .description('Trailguide: follow a roadmap, prove each step, keep your progress in files you own.')
    .version(version, '-V, --version')
    .option('-w, --workspace <dir>', 'workspace folder (default: the one containing the current folder)')
    .showHelpAfterError('(run `trail --help` for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      getOutHelpWidth: () => (context.stdout.isTTY && context.stdout.columns) || 80,
      getErrHelpWidth: () => (context.stderr.isTTY && context.stderr.columns) || 80,
      getOutHasColors: () => colourOn(context, context.stdout),
      getErrHasColors: () => colourOn(context, context.stderr),
    })
    .exitOverride()
    .addHelpText('after', examplesHelp(PROGRAM_EXAMPLES));
  const cli = () => cliOf(context, (program.opts() as { workspace?: string }).workspace);
  for (const spec of commands) add(program, spec, cli, setExit);
  return program;
}

// Subcommands made with .command() take the parent's output, exit and error settings.
function add(parent: Commander.Command, spec: CommandSpec, cli: () => ReturnType<typeof cliOf>, setExit: (code: number) => void): void {
  const command = parent.command(spec.name, spec.isDefault ? { isDefault: true } : {}).description(spec.description);
  for (const argument of spec.arguments ?? []) command.argument(argument.name, argument.description, argument.default);
  for (const option of spec.options ?? []) {
    const made = new Option(option.flags, option.description);
    if (option.required) made.makeOptionMandatory();
    if (option.default !== undefined) made.default(option.default);
    if (option.parse) made.argParser(option.parse);
    command.addOption(made);
  }
  if (spec.examples) command.addHelpText('after', examplesHelp(spec.examples));
  for (const sub of spec.subcommands ?? []) add(command, sub, cli, setExit);
  const action = spec.action;
  // Commander passes the arguments, the options, then the command itself, which no handler needs.
  if (action) command.action(async (...args: unknown[]) => setExit(await action(cli(), ...args.slice(0, -1))));
}

/** Runs `trail` as its own process: the process's streams, environment and folder; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`trail status | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return createCli(processContext()).run(argv);
}

function reportError(context: CliContext, error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof TrailError) {
    if (json) {
      printJson(context, { error: { code: error.code, message: error.message, hint: error.hint } });
    } else {
      const c = colours(context, context.stderr);
      context.stderr.write(`${c.red('error:')} ${error.message}\n${error.hint ? `  ${c.dim('hint:')} ${error.hint}\n` : ''}`);
    }
    return error.exitCode;
  }
  context.stderr.write(
    `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it, with the command you ran.\n`,
  );
  return ExitCode.internal;
}
