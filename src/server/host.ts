import { recordsPublisher } from '../records/publish.js';
import type { Host } from '../workspace/session.js';
import { workspaceFiles } from '../store/files.js';

/** What the server gives the workspaces it serves unless told otherwise: the system clock, this process's environment, plots and exports. */
export function serverHost(): Host {
  return { clock: () => new Date(), env: process.env, publish: recordsPublisher((session) => workspaceFiles(session.workspace.root)) };
}
