import { homedir } from 'node:os';
import { join } from 'node:path';
import { shellWord } from '../../core/text.js';
import { findWorkspace } from '../../workspace/workspace.js';
import { colours, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli, CliEnv } from '../context.js';
import type { JsonOption } from './common.js';
import { setUpWorkspace } from '../../workspace/setup.js';
import { describeChanges, status } from './status.js';
import { next } from './next.js';

/** The learner's home for personal workspaces: $TRAIL_HOME, or ~/.trailguide. */
export function trailHome(env: CliEnv): string {
  return env.TRAIL_HOME || join(homedir(), '.trailguide');
}

/** `trail start`. */
export const startCommand = command({
  name: 'start',
  description: 'open your personal workspace in $TRAIL_HOME (creating it on first run)',
  options: [{ flags: '-t, --track <id|path>', description: 'track to follow when creating it', default: 'learning-path' }, JSON_OPTION],
  examples: [
    { command: 'trail start --track nn-first-principles', does: 'your workspace for nn-first-principles, made on first run' },
    { command: 'trail start', does: 'the same for learning-path' },
  ],
  action: (cli, options: JsonOption & { track: string }) => start(cli, options),
});

/** `trail start`: opens the personal workspace for a track, creating it on first run. */
export async function start(cli: Cli, options: JsonOption & { track: string }): Promise<number> {
  const dir = join(trailHome(cli.env), options.track.replace(/[^a-z0-9._-]+/gi, '-'));
  const fresh = !findWorkspace(dir);
  const { workspace, changes } = await setUpWorkspace(dir, options.track, { clock: cli.now }, cli.cwd);
  const there = { ...cli, where: workspace.root };
  if (options.json) return status(there, options);
  const c = colours(cli);
  if (fresh)
    printLines(
      cli,
      c.bold(`Welcome to Trailguide. Your workspace for "${options.track}" is ${workspace.root}.`),
      c.dim('Other tracks: `trail tracks`; follow one with `npm start -- --track <id>`.'),
      '',
    );
  if (changes) printLines(cli, ...describeChanges(changes), '');
  await status(there, {});
  printLines(cli, '', c.bold('What you can do now'));
  await next(there, {});
  printLines(
    cli,
    '',
    c.dim(`Work on it from any folder with: trail --workspace ${shellWord(workspace.root)} <command> (e.g. next, show <node>, attest, journal add).`),
  );
  return 0;
}
