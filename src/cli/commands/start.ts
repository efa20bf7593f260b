import { homedir } from 'node:os';
import { join } from 'node:path';
import { findWorkspace } from '../../workspace/workspace.js';
import { colours, printLines } from '../output.js';
import type { JsonOption } from './common.js';
import { setUpWorkspace } from '../../workspace/setup.js';
import { describeChanges, status } from './status.js';
import { next } from './next.js';
import { clock } from '../clock.js';

/** The learner's home for personal workspaces: $TRAIL_HOME, or ~/.trailguide. */
export function trailHome(): string {
  return process.env.TRAIL_HOME || join(homedir(), '.trailguide');
}

/** `trail start` (what `npm start` runs): opens the personal workspace for a track, creating it on first run. */
export async function start(options: JsonOption & { track: string }): Promise<number> {
  const dir = join(trailHome(), options.track.replace(/[^a-z0-9._-]+/gi, '-'));
  const fresh = !findWorkspace(dir);
  const { workspace, changes } = await setUpWorkspace(dir, options.track, clock);
  if (options.json) return status(workspace.root, options);
  const c = colours();
  if (fresh) printLines(c.bold(`Welcome to Trailguide. Your workspace for "${options.track}" is ${workspace.root}.`), c.dim('Other tracks: `trail tracks`; follow one with `npm start -- --track <id>`.'), '');
  if (changes) printLines(...describeChanges(changes), '');
  await status(workspace.root, {});
  printLines('', c.bold('What you can do now'));
  await next(workspace.root, {});
  printLines('', c.dim(`Work on it from this repository with: npx trail --workspace ${workspace.root} <command> (e.g. next, show <node>, attest, journal add).`));
  return 0;
}
