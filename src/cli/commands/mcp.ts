import { command } from '../command.js';
import type { Cli } from '../context.js';
import { version } from '../version.js';

/** `trail mcp`. */
export const mcpCommand = command({
  name: 'mcp',
  description: "serve the workspace to a coding agent over MCP (stdio): the learner's state, the course and the same actions as the CLI",
  action: (cli) => mcp(cli),
});

/** `trail mcp`: serves the workspace over stdio until the agent closes it. */
export async function mcp(cli: Cli): Promise<number> {
  const { serveMcp } = await import('../../mcp/server.js');
  const { openWorkspace } = await import('../../workspace/workspace.js');
  // Refuse at once outside a workspace, before the agent's first call.
  await serveMcp({ workspace: openWorkspace(cli.where).root, env: cli.env, now: cli.now, version });
  return 0;
}
