import { recordsPublisher } from '../records/publish.js';
import type { Host } from '../workspace/session.js';
import { clock } from './clock.js';
import { workspaceFiles } from '../store/files.js';

/** What a command gives the workspace: the clock (with its `TRAIL_NOW` hook), this process's environment, plots and exports. */
export function cliHost(): Host {
  return { clock, env: process.env, publish: recordsPublisher((session) => workspaceFiles(session.workspace.root)) };
}
