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
    .command('hint')
    .description("reveal the next hint of a node's exercise, one at a time (each is recorded)")
    .argument('<node>', 'node id')
    .option('--shown', 'print the hints revealed so far, without revealing another')
    .addOption(json)
    .action(async (node: string, options: { json?: boolean; shown?: boolean }) => {
      const { hint } = await import('./commands/hint.js');
      setExit(await hint(where(), node, options));
    });

  program
    .command('ask')
    .description('ask the tutor: explain, code, debug, scaffold, resources, quiz or hint, with the course cited')
    .argument('<question>', 'your question')
    .option('-m, --mode <mode>', 'explain | code | debug | scaffold | resources | quiz | hint (default: from the question)')
    .option('-n, --node <id>', 'the node you are on (default: the first in progress or open)')
    .option('--level <level>', 'for explain: five | beginner | intermediate | expert')
    .addOption(json)
    .action(async (question: string, options: import('./commands/ask.js').AskOptions) => {
      const { ask } = await import('./commands/ask.js');
      setExit(await ask(where(), question, options));
    });

  program
    .command('tutor')
    .description('a chat with the tutor on the terminal (answers streamed); --stats sums up its model calls')
    .option('-m, --mode <mode>', 'the mode of every answer (default: from each question)')
    .option('-n, --node <id>', 'the node you are on')
    .option('--level <level>', 'for explain: five | beginner | intermediate | expert')
    .option('--stats', 'model calls, tokens, latency and cost by mode, from .trail/tutor/traces.jsonl')
    .addOption(json)
    .action(async (options: import('./commands/ask.js').AskOptions & { stats?: boolean }) => {
      const { tutorChat } = await import('./commands/ask.js');
      setExit(await tutorChat(where(), options));
    });

  program
    .command('mcp')
    .description("serve the workspace to a coding agent over MCP (stdio): the learner's state, the course and the same actions as the CLI")
    .action(async () => {
      const { serveMcp } = await import('../mcp/server.js');
      const { openWorkspace } = await import('../workspace/workspace.js');
      // Refuse at once outside a workspace, before the agent's first call.
      await serveMcp({ workspace: openWorkspace(where()).root, env: process.env, version });
      setExit(0);
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
    .option('--share', "share the entry with your cohort's mentors (team mode); entries are private otherwise")
    .option('--allow-short', "keep an entry shorter than the node's journal criterion asks (10 words without one)")
    .addOption(json)
    .action(async (options: { node?: string; text?: string; title?: string; tag?: string[]; share?: boolean; json?: boolean; allowShort?: boolean }) => {
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
  journal
    .command('show')
    .description('show one entry: its front matter and text')
    .argument('<path|name>', 'the entry file (journal/2026-11-23-m1.md, or just 2026-11-23-m1)')
    .addOption(json)
    .action(async (name: string, options: { json?: boolean }) => {
      const { journalShow } = await import('./commands/journal.js');
      setExit(await journalShow(where(), name, options));
    });

  const paper = program.command('paper').description('paper notes in papers_notes/: add, list, move along');
  paper
    .command('add')
    .description('create a note file for a paper (never overwriting one)')
    .argument('<title>', 'the paper title')
    .requiredOption('--url <url>', "the paper's web address")
    .option('-n, --node <id...>', 'nodes the paper belongs to')
    .option('--authors <names>', 'authors, separated by ";" ("Vaswani, A.; Shazeer, N.")')
    .option('--year <n>', 'year of publication')
    .option('--status <status>', 'to-read (default), reading or read')
    .addOption(json)
    .action(async (title: string, options: import('./commands/paper.js').PaperAddOptions) => {
      const { paperAdd } = await import('./commands/paper.js');
      setExit(await paperAdd(where(), title, options));
    });
  paper
    .command('list')
    .description('list paper notes (hand-written ones too)')
    .option('-n, --node <id>', 'only papers of this node')
    .option('--status <status>', 'only papers with this status')
    .addOption(json)
    .action(async (options: { node?: string; status?: string; json?: boolean }) => {
      const { paperList } = await import('./commands/paper.js');
      setExit(await paperList(where(), options));
    });
  paper
    .command('status')
    .description("set a paper's status (only that line of the note changes)")
    .argument('<slug>', 'the note file name, without .md')
    .argument('<status>', 'to-read, reading or read')
    .addOption(json)
    .action(async (slug: string, status: string, options: { json?: boolean }) => {
      const { paperStatus } = await import('./commands/paper.js');
      setExit(await paperStatus(where(), slug, status, options));
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

  // Repeatable flags (--param a=1 --param b=2) collect into a list.
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('log')
    .description('record an experiment you ran by hand: objective, params, metrics, notes, artifacts (series are plotted)')
    .requiredOption('-n, --node <id>', 'node the experiment belongs to')
    .requiredOption('--objective <text>', 'what the experiment tries to find out')
    .option('--param <key=value>', 'a parameter of the run (repeatable)', collect)
    .option('--metric <name=value>', 'a metric value (repeatable; the same name again adds to its series)', collect)
    .option('--metrics <file>', 'series from a file: metric-protocol JSONL lines, or CSV with a step column and one column per metric')
    .option('--notes <text>', 'notes on the run')
    .option('--artifact <path>', 'a file the run produced, inside the workspace (repeatable; its sha256 is kept)', collect)
    .addOption(json)
    .action(async (options: import('./commands/log.js').LogOptions) => {
      const { log } = await import('./commands/log.js');
      setExit(await log(where(), options));
    });

  const runs = program.command('runs').description('experiment runs: check runs and logged ones (`trail runs` lists them)');
  runs
    .command('list', { isDefault: true })
    .description('list the runs, oldest first')
    .option('-n, --node <id>', 'only runs of this node')
    .addOption(json)
    .action(async (options: { node?: string; json?: boolean }) => {
      const { runsList } = await import('./commands/runs.js');
      setExit(await runsList(where(), options));
    });
  runs
    .command('show')
    .description('one run: params, final metrics with a sparkline per series, artifacts, plots')
    .argument('<id>', 'run id (or its unique beginning)')
    .addOption(json)
    .action(async (id: string, options: { json?: boolean }) => {
      const { runsShow } = await import('./commands/runs.js');
      setExit(await runsShow(where(), id, options));
    });
  runs
    .command('compare')
    .description('two runs side by side (params, final metrics) and an overlay plot per shared metric')
    .argument('<a>', 'first run id')
    .argument('<b>', 'second run id')
    .addOption(json)
    .action(async (a: string, b: string, options: { json?: boolean }) => {
      const { runsCompare } = await import('./commands/runs.js');
      setExit(await runsCompare(where(), a, b, options));
    });

  program
    .command('test-track')
    .description('content CI: every check fails on the starter files and passes on solution/')
    .argument('<dir>', 'track folder')
    .option('-n, --node <id...>', 'prove only these nodes (repeat or list several)')
    .option('-j, --jobs <n>', 'checks proven at once (default: the number of cores)')
    .addOption(json)
    .action(async (dir: string, options: { json?: boolean; node?: string[]; jobs?: string }) => {
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
    .option('--units <selector>', 'take the units from this reading instead of the best-scored one: h2, h3, …, list, table, groups (or a selector the report prints), /a pattern/ of heading titles, lines:12,30,…')
    .option('--strict', 'write nothing, and exit 1, when the report has warnings about the reading (a close second reading, text in no unit, uneven units, criteria that name no unit)')
    .option('--assist', "ask the tutor's model (.trail/tutor.json or OPENAI_* / ANTHROPIC_*) for the structure and show where it differs; nothing is written when it does")
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

  program
    .command('serve')
    .description('serve the web app and the JSON API (http://127.0.0.1:4317): your home of tracks, or one workspace')
    .option('--port <n>', 'port to listen on', '4317')
    .option('--host <address>', 'address to listen on (loopback unless --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow an address other machines can reach')
    .option('--home', 'serve $TRAIL_HOME even inside a workspace')
    .option('--open', 'open the app in your browser ($BROWSER, or the system opener)')
    .option('-t, --track <id>', 'follow this built-in track in your home (if not yet) and open it')
    .option('--team', 'team mode: accounts, cohorts and each learner\'s tracks in PostgreSQL (embedded PGlite in $TRAIL_HOME/team without a database URL)')
    .option('--database-url <url>', 'with --team: the PostgreSQL server (default: $DATABASE_URL)')
    .option('--secure-cookies', 'with --team: mark the session cookie Secure (served over HTTPS through a TLS proxy)')
    .action(async (options) => setExit(await (await import('./commands/serve.js')).serveCommand((program.opts() as Global).workspace, options)));

  const team = program.command('team').description('team mode: accounts, cohorts and enrollments (in the database `trail serve --team` uses), and signing the CLI in to a team server');
  const databaseUrl = ['--database-url <url>', 'the PostgreSQL server (default: $DATABASE_URL; without one, the embedded database in $TRAIL_HOME/team)'] as const;
  team
    .command('user')
    .description('people of the team')
    .command('add')
    .description('add an account, or change its role (or, with --password-stdin, its password)')
    .argument('<email>')
    .requiredOption('--role <role>', 'learner, mentor or admin')
    .option('--password-stdin', 'read the password from stdin')
    .option(...databaseUrl)
    .addOption(json)
    .action(async (email: string, options: import('./commands/team.js').TeamDbOptions & { role: string; passwordStdin?: boolean }) => setExit(await (await import('./commands/team.js')).teamUserAdd(email, options)));
  team
    .command('cohort')
    .description('cohorts: a group of learners following one track, with their mentors')
    .command('add')
    .description('add a cohort following a built-in track')
    .argument('<name>')
    .requiredOption('--track <id>', 'the built-in track it follows')
    .option(...databaseUrl)
    .addOption(json)
    .action(async (name: string, options: import('./commands/team.js').TeamDbOptions & { track: string }) => setExit(await (await import('./commands/team.js')).teamCohortAdd(name, options)));
  team
    .command('enroll')
    .description('enroll a person in a cohort, as a learner or (--mentor) as its mentor')
    .argument('<cohort>')
    .argument('<email>')
    .option('--mentor', 'as a mentor of the cohort')
    .option(...databaseUrl)
    .addOption(json)
    .action(async (cohort: string, email: string, options: import('./commands/team.js').TeamDbOptions & { mentor?: boolean }) => setExit(await (await import('./commands/team.js')).teamEnroll(cohort, email, options)));
  team
    .command('login')
    .description('sign the CLI in to a team server: an API token kept in your config folder ($XDG_CONFIG_HOME/trailguide), never in a workspace')
    .argument('<url>')
    .option('--email <email>', 'your account (asked when not given)')
    .option('--password-stdin', 'read the password from stdin')
    .addOption(json)
    .action(async (url: string, options: { email?: string; passwordStdin?: boolean; json?: boolean }) => setExit(await (await import('./commands/team.js')).teamLogin(url, options)));

  program
    .command('sync')
    .description('send this workspace\'s events to your team server and bring back what it added (sign-offs, verified runs), by event id')
    .option('--server <url>', 'the team server (default: the last one `trail team login` signed in to)')
    .addOption(json)
    .action(async (options: import('./commands/sync.js').SyncOptions) => setExit(await (await import('./commands/sync.js')).sync(where(), options)));

  program
    .command('export')
    .description('write experiments_log.md, learning_journal.md, PROGRESS.md and the README progress block; --xapi: xAPI statements')
    .option('--xapi', 'write your history as xAPI 1.0.3 statements (a JSON array) instead')
    .option('-o, --out <file>', 'with --xapi: write to this file instead of stdout')
    .option('--activity-base <iri>', 'with --xapi: base of activity IRIs', 'https://trailguide.invalid')
    .option('--force', 'overwrite export files edited by hand outside their markers')
    .option('--auto <on|off>', 'instead of exporting: whether to export after each node you complete (default on)')
    .addOption(json)
    .action(async (options: import('./commands/xapi.js').XapiExportOptions & import('./commands/export.js').ExportOptions & { xapi?: boolean }) => {
      if (options.xapi) {
        const { xapiExport } = await import('./commands/xapi.js');
        setExit(await xapiExport(where(), options));
        return;
      }
      const { exportCommand } = await import('./commands/export.js');
      setExit(await exportCommand(where(), options));
    });

  program
    .command('sync-lrs')
    .description('send the xAPI statements a Learning Record Store has not stored yet, in batches')
    .requiredOption('--endpoint <url>', 'the LRS endpoint (statements go to <url>/statements)')
    .requiredOption('--user <name>', 'LRS user (key)')
    .option('--password <secret>', 'LRS password (secret); default: $TRAIL_LRS_PASSWORD')
    .option('--batch <n>', 'statements per request', '50')
    .option('--activity-base <iri>', 'base of activity IRIs', 'https://trailguide.invalid')
    .addOption(json)
    .action(async (options: import('./commands/xapi.js').SyncLrsOptions) => {
      const { syncLrs } = await import('./commands/xapi.js');
      setExit(await syncLrs(where(), options));
    });

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
