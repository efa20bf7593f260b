import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { requireNode, requireUnlocked } from '../../workspace/actions.js';
import { checksOf, runNodeChecks } from '../../workspace/run-checks.js';
import type { ServerContext } from '../context.js';
import { httpErrorOf, HttpError } from '../http-error.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { CheckBody } from '../api/index.js';
import { readBody } from '../validate.js';
import { reply } from '../reply.js';
import { outcomeView } from '../views.js';

/** Running a node's exercise checks in the background, and following a job's output over Server-Sent Events. */
export function checkRoutes({ library, jobs }: ServerContext): Hono {
  return new Hono()
    .post('/tracks/:track/nodes/:node/checks', maxBody(BODY_LIMITS.small), async (c) => {
      const body = await readBody(c, CheckBody);
      const track = c.req.param('track');
      // The job outlives the request: its runs are recorded whether or not the client stays.
      const session = await library.open(track);
      const { node, state } = requireNode(session, c.req.param('node'));
      const checks = checksOf(node, body.criterion);
      requireUnlocked(state);
      const job = jobs.start(`${track}/${node.id}`, async (emit) => {
        try {
          const { outcome } = await runNodeChecks(session, node, checks, {
            onStart: (criterion) =>
              emit('start', { criterion: criterion.id, command: criterion.run ?? `${criterion.tests!.framework} tests`, timeout: criterion.timeout }),
            onOutput: (stream, text) => emit('output', { stream, text }),
            onRun: (criterion, run) => emit('result', { criterion: criterion.id, runId: run.id, dir: node.dir, result: run.result }),
          });
          return { event: 'done', data: outcomeView(outcome) };
        } catch (error) {
          const { code, message } = httpErrorOf(error);
          return { event: 'failure', data: { code, message } };
        } finally {
          // The run's files are written inside the run folder, which the server's look at the workspace does not see at once.
          library.touched(track);
        }
      });
      if (!job) throw new HttpError('CHECK_RUNNING', `a check of "${node.id}" is running already`, 'wait for it to finish');
      return reply(c, 'POST /tracks/:track/nodes/:node/checks', { job: job.id });
    })
    .get('/jobs/:job', (c) => {
      const job = jobs.get(c.req.param('job'));
      if (!job) throw new HttpError('NOT_FOUND', `no job "${c.req.param('job')}"`, 'jobs are kept for 10 minutes after they end');
      return streamSSE(c, async (stream) => {
        let sent = 0;
        let wake: (() => void) | undefined;
        const listener = () => wake?.();
        job.listeners.add(listener);
        stream.onAbort(() => {
          job.listeners.delete(listener);
          wake?.();
        });
        try {
          while (!stream.aborted) {
            while (sent < job.events.length) {
              const { event, data } = job.events[sent++]!;
              await stream.writeSSE({ event, data: JSON.stringify(data), id: String(sent) });
            }
            if (job.done) break;
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          job.listeners.delete(listener);
        }
      });
    });
}
