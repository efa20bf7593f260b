import type { Jobs } from './jobs.js';
import type { Library } from './library.js';

/** What every route works with: the workspaces served, the running jobs, and the environment the tutor's model is named in. */
export interface ServerContext {
  library: Library;
  jobs: Jobs;
  env: Readonly<Record<string, string | undefined>>;
}
