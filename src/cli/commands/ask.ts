import { createInterface } from 'node:readline';
import { TrailError } from '../../core/errors.js';
import { LEVELS, MODES, MODE_HELP, type Level, type Mode } from '../../tutor/modes.js';
import { readTraces, traceStats } from '../../tutor/traces.js';
import { ask as askTutor, openTutor, type Answer } from '../../tutor/tutor.js';
import { colours, printJson, printLines, warn } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** Options of `trail ask` and `trail tutor`. */
export interface AskOptions extends JsonOption {
  mode?: string;
  node?: string;
  level?: string;
}

/** `trail ask`. */
export const askCommand = command({
  name: 'ask',
  description: 'ask the tutor: explain, code, debug, scaffold, resources, quiz or hint, with the course cited',
  arguments: [{ name: '<question>', description: 'your question' }],
  options: [
    { flags: '-m, --mode <mode>', description: 'explain | code | debug | scaffold | resources | quiz | hint (default: from the question)' },
    { flags: '-n, --node <id>', description: 'the node you are on (default: the first in progress or open)' },
    { flags: '--level <level>', description: 'for explain: five | beginner | intermediate | expert' },
    JSON_OPTION,
  ],
  action: (cli, question: string, options: AskOptions) => ask(cli, question, options),
});

/** `trail tutor`. */
export const tutorCommand = command({
  name: 'tutor',
  description: 'a chat with the tutor on the terminal (answers streamed); --stats sums up its model calls',
  options: [
    { flags: '-m, --mode <mode>', description: 'the mode of every answer (default: from each question)' },
    { flags: '-n, --node <id>', description: 'the node you are on' },
    { flags: '--level <level>', description: 'for explain: five | beginner | intermediate | expert' },
    { flags: '--stats', description: 'model calls, tokens, latency and cost by mode, from .trail/tutor/traces.jsonl' },
    JSON_OPTION,
  ],
  action: (cli, options: AskOptions & { stats?: boolean }) => tutorChat(cli, options),
});

function modeOf(value: string | undefined): Mode | undefined {
  if (value === undefined) return undefined;
  if (!(MODES as readonly string[]).includes(value))
    throw new TrailError('USAGE', `no tutor mode "${value}"`, `modes: ${MODES.map((m) => `${m} (${MODE_HELP[m]})`).join('; ')}`);
  return value as Mode;
}

function levelOf(value: string | undefined): Level | undefined {
  if (value === undefined) return undefined;
  if (!(LEVELS as readonly string[]).includes(value)) throw new TrailError('USAGE', `no level "${value}"`, `levels: ${LEVELS.join(', ')}`);
  return value as Level;
}

function citationLines(cli: Cli, answer: Answer): string[] {
  const c = colours(cli);
  if (answer.citations.length === 0) return [];
  return ['', c.dim('Sources:'), ...answer.citations.map((cite) => c.dim(`  [${cite.node}] ${cite.title} — ${cite.heading}`))];
}

/** `trail ask "<question>"`: one answer from the tutor, streamed, with its sources. */
export async function ask(cli: Cli, question: string, options: AskOptions): Promise<number> {
  const mode = modeOf(options.mode);
  const level = levelOf(options.level);
  const tutor = await openTutor(await openFor(cli, options), cli.env, cli.now);
  const answer = await askTutor(tutor, {
    question,
    ...(mode ? { mode } : {}),
    ...(level ? { level } : {}),
    ...(options.node ? { node: options.node } : {}),
    ...(options.json ? {} : { onText: (text: string) => cli.stdout.write(text) }),
  });
  if (options.json) {
    printJson(cli, { mode: answer.mode, llm: answer.llm, answer: answer.answer, citations: answer.citations, guarded: answer.guarded, error: answer.error });
    return 0;
  }
  printLines(cli, '', ...citationLines(cli, answer));
  return 0;
}

/** `trail tutor`: a chat on the terminal (each line a question, answers streamed); `--stats` sums up the model calls. */
export async function tutorChat(cli: Cli, options: AskOptions & { stats?: boolean }): Promise<number> {
  const session = await openFor(cli, options);
  if (options.stats) return stats(cli, session.workspace.root, options);
  const mode = modeOf(options.mode);
  const level = levelOf(options.level);
  const tutor = await openTutor(session, cli.env, cli.now);
  const c = colours(cli, cli.stderr);
  cli.stderr.write(
    c.dim(
      `${tutor.model ? `Tutor on ${tutor.model.name}` : 'Tutor without a model: answers are the course itself'}. Ask a question; an empty line or Ctrl-D ends.\n`,
    ),
  );
  const history: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  const lines = createInterface({ input: cli.stdin, terminal: false });
  const prompt = () => cli.stdin.isTTY && cli.stderr.write(c.bold('› '));
  prompt();
  for await (const line of lines) {
    const question = line.trim();
    if (!question) break;
    const answer = await askTutor(tutor, {
      question,
      history,
      ...(mode ? { mode } : {}),
      ...(level ? { level } : {}),
      ...(options.node ? { node: options.node } : {}),
      onText: (text) => cli.stdout.write(text),
    });
    printLines(cli, '', ...citationLines(cli, answer), '');
    history.push({ role: 'user', content: question }, { role: 'assistant', content: answer.answer });
    prompt();
  }
  lines.close();
  return 0;
}

function stats(cli: Cli, root: string, options: JsonOption): number {
  const { traces, unreadable, problems } = readTraces(root);
  const summary = traceStats(traces);
  for (const problem of problems) warn(cli, `.trail/tutor/traces.jsonl:${problem.line}: ${problem.message}; left out of the stats`);
  if (options.json) {
    printJson(cli, { ...summary, unreadable });
    return 0;
  }
  const c = colours(cli);
  const row = (name: string, s: (typeof summary)['total']) =>
    `${name.padEnd(10)} ${String(s.calls).padStart(5)} calls  ${String(s.errors).padStart(3)} errors  ${String(s.guarded).padStart(3)} guarded  ${String(s.inputTokens).padStart(7)} in  ${String(s.outputTokens).padStart(7)} out  ${s.medianLatencyMs === null ? '      —' : `${(s.medianLatencyMs / 1000).toFixed(1).padStart(5)} s`} median  ${s.costUsd === null ? 'cost —' : `$${s.costUsd.toFixed(4)}`}${s.unpriced ? c.dim(` (${s.unpriced} unpriced)`) : ''}`;
  if (traces.length === 0) {
    printLines(cli, 'No model calls yet: the tutor answers from the course until a model is configured (docs/tutor.md).');
    return 0;
  }
  printLines(
    cli,
    c.bold('Tutor model calls'),
    ...Object.entries(summary.byMode).map(([mode, s]) => row(mode, s)),
    row('all', summary.total),
    ...(unreadable ? [c.dim(`${unreadable} unreadable line(s) in .trail/tutor/traces.jsonl left out`)] : []),
  );
  return 0;
}
