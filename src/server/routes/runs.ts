import { Hono } from 'hono';
import { TrailError } from '../../core/errors.js';
import { comparisonCharts, runCharts } from '../../records/plots.js';
import { compareRuns, runSummary } from '../../records/runs.js';
import { readRun, readRunResult } from '../../store/runs.js';
import { requireNode } from '../../workspace/actions.js';
import { cachedFor } from '../cached.js';
import { reply, replyCached } from '../reply.js';
import type { ServerContext } from '../context.js';
import { CompareQuery, RunsQuery } from '../api/index.js';
import { readQuery } from '../validate.js';
import { runView } from '../views.js';

/** Experiment runs: the list, one run with its charts, two runs compared. */
export function runRoutes({ library }: ServerContext): Hono {
  return new Hono()
    .get('/tracks/:track/runs', async (c) => {
      const { node } = readQuery(c, RunsQuery);
      const snapshot = await library.snapshot(c.req.param('track'));
      const nodeId = node ? requireNode(snapshot.session, node).node.id : undefined;
      return replyCached(
        c,
        'GET /tracks/:track/runs',
        cachedFor(snapshot, `runs:${nodeId ?? ''}`, () => ({
          runs: snapshot.runs
            .filter((run) => !nodeId || run.node === nodeId)
            .reverse()
            .map(runView),
          problems: snapshot.runProblems,
        })),
      );
    })
    .get('/tracks/:track/runs/:id', async (c) => {
      const { session } = await library.snapshot(c.req.param('track'));
      const run = readRun(session.workspace, c.req.param('id'));
      const folder = session.track.nodes.find((node) => node.id === run.node)?.dir ?? null;
      return reply(c, 'GET /tracks/:track/runs/:id', { run, charts: runCharts(run), result: readRunResult(session.workspace, run), folder });
    })
    .get('/tracks/:track/compare', async (c) => {
      const query = readQuery(c, CompareQuery);
      const { session } = await library.snapshot(c.req.param('track'));
      const [a, b] = [readRun(session.workspace, query.a), readRun(session.workspace, query.b)];
      if (a.id === b.id) throw new TrailError('USAGE', `"${query.a}" and "${query.b}" are the same run`, 'compare two different runs');
      return reply(c, 'GET /tracks/:track/compare', { a: runSummary(a), b: runSummary(b), ...compareRuns(a, b), charts: comparisonCharts(a, b) });
    });
}
