import { recordsPublisher } from '../records/publish.js';
import { workspaceFiles } from '../store/files.js';
import type { Host } from '../workspace/session.js';
import type { Cli } from './context.js';

/** What a command gives the workspace: the run's clock (with its `TRAIL_NOW` hook) and environment, plots and exports. */
export function cliHost(cli: Pick<Cli, 'now' | 'env'>): Host {
  return { clock: cli.now, env: cli.env, publish: recordsPublisher((session) => workspaceFiles(session.workspace.root)) };
}
