import type { Publisher } from '../workspace/session.js';

/**
 * What the records make after the learner's actions: the plots of a run and the automatic
 * export. The composition points (cli, server, mcp) hand it to the workspace. The modules
 * (and the chart library) load only when there is something to draw or export.
 */
export const recordsPublisher: Publisher = {
  plots: async (session, run) => (await import('./plots.js')).plotRun(session.workspace, run),
  afterDone: async (before, after) => (await import('./export.js')).autoExport(before, after),
};
