import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { TrailError, ExitCode } from '../core/errors.js';
import { colours, printJson } from './output.js';

// commander is CommonJS: requiring it directly skips the ESM wrapper, a few ms of every start.
const require = createRequire(import.meta.url);
const { Command, CommanderError, Option } = require('commander') as typeof Commander;
const { version } = require('../../package.json') as { version: string };

interface Global {
  workspace?: string;
}

/** Builds the `trail` command line; every action loads its module only when it runs. */
export function createCli(setExit: (code: number) => void): Commander.Command {
  const program = new Command('trail')
    .description('Trailguide: follow a roadmap, prove each step, keep your progress in files you own.')
    .version(version, '-V, --version')
    .option('-w, --workspace <dir>', 'workspace folder (default: the one containing the current folder)')
    .showHelpAfterError('(run `trail --help` for usage)')
    .exitOverride();

  const where = () => (program.opts() as Global).workspace ?? process.cwd();
  const json = new Option('--json', 'print JSON for scripts');

  program
    .command('tracks')
    .description('list the built-in tracks')
    .addOption(json)
    .action(async (...args: Parameters<typeof import('./commands/tracks.js').tracks>) => setExit(await (await import('./commands/tracks.js')).tracks(...args)));

  program
    .command('init')
    .description('create a workspace that follows a track (starter files are copied, never overwriting yours)')
    .argument('[dir]', 'workspace folder', '.')
    .requiredOption('-t, --track <id|path>', 'a built-in track id or a track folder')
    .addOption(json)
    .action(async (...args: Parameters<typeof import('./commands/init.js').init>) => setExit(await (await import('./commands/init.js')).init(...args)));

  program
    .command('status')
    .description('show every node with its status and a progress bar')
    .addOption(json)
    .action(async (options: { json?: boolean }) => {
      const { status } = await import('./commands/status.js');
      setExit(await status(where(), options));
    });

  program
    .command('next')
    .description('show what you can work on now and the command that moves it forward')
    .addOption(json)
    .action(async (options: { json?: boolean }) => {
      const { next } = await import('./commands/next.js');
      setExit(await next(where(), options));
    });

  program
    .command('show')
    .description('show a node: overview, objectives, MVU, exercise, resources and criteria')
    .argument('<node>', 'node id')
    .addOption(json)
    .action(async (node: string, options: { json?: boolean }) => {
      const { show } = await import('./commands/show.js');
      setExit(await show(where(), node, options));
    });

  program
    .command('validate')
    .description('check a track folder and report every problem as file:line:col')
    .argument('[dir]', "track folder (default: the workspace's track)")
    .addOption(json)
    .action(async (dir: string | undefined, options: { json?: boolean }) => {
      const { validate } = await import('./commands/validate.js');
      setExit(await validate(dir, where(), options));
    });

  program
    .command('attest')
    .description('affirm an attest criterion of a node in your own words')
    .argument('<node>', 'node id')
    .argument('[criterion]', 'criterion id (needed when the node has several open ones)')
    .option('--text <statement>', 'your statement (asked for when omitted in a terminal)')
    .addOption(json)
    .action(async (node: string, criterion: string | undefined, options: { text?: string; json?: boolean }) => {
      const { attest } = await import('./commands/attest.js');
      setExit(await attest(where(), node, criterion, options));
    });

  program
    .command('quiz')
    .description("take a node's quiz, on the terminal or from an answers file; missed questions become review cards")
    .argument('<node>', 'node id')
    .option('-c, --criterion <id>', 'the quiz criterion (needed when the node has several open ones)')
    .option('--answers <file>', 'answer from a JSON file { "<question id>": <answer> } instead of the terminal')
    .option('--seed <n>', 'seed of the question and option order (default: from the attempt id)')
    .addOption(json)
    .action(async (node: string, options: import('./commands/quiz.js').QuizOptions) => {
      const { quiz } = await import('./commands/quiz.js');
      setExit(await quiz(where(), node, options));
    });

  program
    .command('review')
    .description('review the quiz questions that are due (spaced repetition); --json lists them')
    .option('--answers <file>', 'answer from a JSON file { "<card id>": <answer> } instead of the terminal')
    .option('--include-correct <on|off>', 'whether questions you answered right become review cards too')
    .addOption(json)
    .action(async (options: import('./commands/review.js').ReviewOptions) => {
      const { review } = await import('./commands/review.js');
      setExit(await review(where(), options));
    });

  const journal = program.command('journal').description('write and list learning-journal entries');
  journal
    .command('add')
    .description('add an entry (from --text, or written in $EDITOR)')
    .option('-n, --node <id>', 'node the entry is about')
    .option('--text <markdown>', 'the entry text')
    .option('--title <title>', 'a title')
    .option('--tag <tag...>', 'tags')
    .addOption(json)
    .action(async (options: { node?: string; text?: string; title?: string; tag?: string[]; json?: boolean }) => {
      const { journalAdd } = await import('./commands/journal.js');
      setExit(await journalAdd(where(), options));
    });
  journal
    .command('list')
    .description('list entries, newest first')
    .option('-n, --node <id>', 'only entries about this node')
    .addOption(json)
    .action(async (options: { node?: string; json?: boolean }) => {
      const { journalList } = await import('./commands/journal.js');
      setExit(await journalList(where(), options));
    });

  program
    .command('skip')
    .description('skip an optional node')
    .argument('<node>', 'node id')
    .addOption(json)
    .action(async (node: string, options: { json?: boolean }) => {
      const { skip } = await import('./commands/skip.js');
      setExit(await skip(where(), node, options));
    });

  program
    .command('reset')
    .description('start a node (or the whole track) over; earlier events stay in the log')
    .argument('[node]', 'node id')
    .option('--all', 'reset every node')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(json)
    .action(async (node: string | undefined, options: { all?: boolean; yes?: boolean; json?: boolean }) => {
      const { reset } = await import('./commands/reset.js');
      setExit(await reset(where(), node, options));
    });

  program
    .command('estimate')
    .description('remaining effort, weeks at your pace, and the critical path')
    .option('--hours-per-week <n>', "hours you study per week (default: the track's pace)", parsePositive)
    .addOption(json)
    .action(async (options: { hoursPerWeek?: number; json?: boolean }) => {
      const { estimateCommand } = await import('./commands/estimate.js');
      setExit(await estimateCommand(where(), options));
    });

  program
    .command('practice')
    .description('practice mode: unlock every node (recorded in your log as practice)')
    .argument('<on|off>', 'turn practice mode on or off')
    .addOption(json)
    .action(async (mode: string, options: { json?: boolean }) => {
      const { practice } = await import('./commands/practice.js');
      setExit(await practice(where(), mode, options));
    });

  program
    .command('check')
    .description("run a node's exercise checks on your code: output, metrics, files and tests are judged")
    .argument('<node>', 'node id')
    .option('-c, --criterion <id>', 'run only this check')
    .addOption(json)
    .action(async (node: string, options: { criterion?: string; json?: boolean }) => {
      const { check } = await import('./commands/check.js');
      setExit(await check(where(), node, options));
    });

  program
    .command('watch')
    .description('re-run the checks of a node whenever you save (h hint, n next node, q quit)')
    .argument('[node]', 'node id (default: the first open node with a check)')
    .option('--manual', 'do not watch files: press Enter to run again')
    .action(async (node: string | undefined, options: { manual?: boolean }) => {
      const { watch } = await import('./commands/watch.js');
      setExit(await watch(where(), node, options));
    });

  program
    .command('test-track')
    .description('content CI: every check fails on the starter files and passes on solution/')
    .argument('<dir>', 'track folder')
    .addOption(json)
    .action(async (dir: string, options: { json?: boolean }) => {
      const { testTrack } = await import('./commands/test-track.js');
      setExit(await testTrack(dir, options));
    });

  program
    .command('import')
    .description('turn a roadmap document (Markdown) into a track, with a report of what was read from which line')
    .argument('<file>', 'the roadmap document')
    .option('-o, --out <dir>', 'folder for the new track')
    .option('--into <dir>', 'update a track imported before, keeping its node ids (and so learners\' progress)')
    .option('--id <id>', 'id of the new track (default: from the document title)')
    .option('--dry-run', 'report what would be written, write nothing')
    .option('--with-progress <workspace>', "record the document's ticked items as starting progress in this workspace (created if needed)")
    .addOption(json)
    .action(async (file: string, options: import('./commands/import.js').ImportOptions) => {
      const { importCommand } = await import('./commands/import.js');
      setExit(await importCommand(file, options));
    });

  program
    .command('start')
    .description('open your personal workspace in $TRAIL_HOME (creating it on first run)')
    .option('-t, --track <id|path>', 'track to follow when creating it', 'learning-path')
    .addOption(json)
    .action(async (...args: Parameters<typeof import('./commands/start.js').start>) => setExit(await (await import('./commands/start.js')).start(...args)));

  return program;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new TrailError('USAGE', `"${value}" is not a positive number of hours`, 'write e.g. --hours-per-week 8');
  return n;
}

/** Runs `trail` with the given arguments and returns the exit code; errors are reported here, once. */
export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`trail status | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let code: number = ExitCode.ok;
  const program = createCli((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, argv.includes('--json'));
  }
}

function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof TrailError) {
    if (json) {
      printJson({ error: { code: error.code, message: error.message, hint: error.hint } });
    } else {
      const c = colours(process.stderr);
      process.stderr.write(`${c.red('error:')} ${error.message}\n${error.hint ? `  ${c.dim('hint:')} ${error.hint}\n` : ''}`);
    }
    return error.exitCode;
  }
  process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it, with the command you ran.\n`);
  return ExitCode.internal;
}
