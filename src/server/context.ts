import type { Jobs } from './jobs.js';
import type { Library } from './library.js';

/** What every route works with: the workspaces served and the running check jobs. */
export interface ServerContext {
  library: Library;
  jobs: Jobs;
}
