import { recordsPublisher } from '../records/publish.js';
import { workspaceFiles } from '../store/files.js';
import type { Host } from '../workspace/session.js';
import type { Cli } from './context.js';
import { warn } from './output.js';

/** What a command gives the workspace: the run's clock (with its `TRAIL_NOW` hook) and environment, plots and exports, warnings on stderr. */
export function cliHost(cli: Pick<Cli, 'now' | 'env' | 'stdout' | 'stderr'>): Host {
  // A file read twice in one command (a chat's every question) is told of once.
  const told = new Set<string>();
  return {
    clock: cli.now,
    env: cli.env,
    publish: recordsPublisher((session) => workspaceFiles(session.workspace.root)),
    warn: (message) => {
      if (told.has(message)) return;
      told.add(message);
      warn(cli, message);
    },
  };
}
