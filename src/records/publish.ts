import type { Publisher, Session } from '../workspace/session.js';
import type { RecordFiles } from './files.js';

/**
 * What the records make after the learner's actions: the plots of a run and the automatic
 * export, written to the files the composition point (cli, server, mcp) names for a session.
 * The modules (and the chart library) load only when there is something to draw or export.
 */
export function recordsPublisher(filesOf: (session: Session) => RecordFiles): Publisher {
  return {
    plots: async (session, run) => (await import('./plots.js')).plotRun(filesOf(session), run),
    afterDone: async (before, after) => (await import('./export.js')).autoExport(before, after, filesOf(after)),
  };
}
