import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../../core/clock.js';
import { TrailError } from '../../core/errors.js';
import type { NodeState } from '../../core/status.js';
import type { Track } from '../../core/track.js';
import { requireUnlocked } from '../../workspace/actions.js';
import type { JobFollower } from '../../team/checks/follow.js';
import { findJob, jobEventsAfter, jobOf, type QueueAdd, type SqlPool } from '../../team/checks/store.js';
import { submitCheck } from '../../team/checks/submit.js';
import { UPLOAD_BODY_BYTES } from '../../team/checks/upload.js';
import { checksOf } from '../../workspace/run-checks.js';
import { maxBody } from '../request-limits.js';
import { TeamCheckBody } from '../api/inputs.js';
import { reply } from '../reply.js';
import { readBody } from '../validate.js';

/** Who asks for a check: the account's id keys the jobs, the email names the learner in the verified events. */
export interface TeamLearner {
  id: string;
  email: string;
}

/** What the check routes of a team server work with. */
export interface TeamCheckDeps {
  pool: SqlPool;
  follower: JobFollower;
  /** The signed-in learner of a request (their id, and their email for the events the workers record); throws (401) when there is none. */
  learnerOf(c: Context): TeamLearner | Promise<TeamLearner>;
  /** A track the team server serves: its folder and the loaded track. */
  trackOf(id: string): Promise<{ dir: string; track: Track }>;
  /** The learner's state of a node, from their events in the team database (a check of a locked node is refused). */
  nodeState(learner: string, track: Track, node: string): Promise<NodeState>;
  /** How a job is queued: graphile-worker on PostgreSQL, the in-process runner on the embedded database. */
  queue: QueueAdd;
  clock: Clock;
}

// A stream ends with the job: these are its last events.
const FINAL = new Set(['done', 'failure']);

/**
 * Checks on a team server: the learner uploads the files of the node folder, the server keeps
 * them and queues a job for the workers, and the page follows the job's events from the
 * database, whichever server process it is connected to.
 */
export function teamCheckRoutes(deps: TeamCheckDeps): Hono {
  const ownJob = async (c: Context) => {
    const learner = await deps.learnerOf(c);
    const row = await findJob(deps.pool, c.req.param('job')!);
    // Another learner's job is as good as none.
    if (!row || row.learner !== learner.id)
      throw new TrailError('JOB_NOT_FOUND', `no check job "${c.req.param('job')}" of yours`, 'POST …/checks returns the id of the job it queued');
    return row;
  };
  return new Hono()
    .post('/tracks/:track/nodes/:node/checks', maxBody(UPLOAD_BODY_BYTES), async (c) => {
      const learner = await deps.learnerOf(c);
      const body = await readBody(c, TeamCheckBody);
      const { dir, track } = await deps.trackOf(c.req.param('track'));
      const node = track.nodes.find((n) => n.id === c.req.param('node'));
      if (!node)
        throw new TrailError('NODE_NOT_FOUND', `track "${track.id}" has no node "${c.req.param('node')}"`, `GET /api/tracks/${track.id} lists its nodes`);
      const checks = checksOf(node, body.criterion);
      requireUnlocked(await deps.nodeState(learner.id, track, node.id));
      if (checks.length > 1)
        throw new TrailError(
          'USAGE',
          `node "${node.id}" has ${checks.length} checks: name the one to run`,
          `send "criterion": one of ${checks.map((check) => check.id).join(', ')}`,
        );
      const job = await submitCheck(deps.pool, deps.queue, {
        learner: learner.id,
        actor: learner.email,
        track: track.id,
        trackDir: dir,
        node,
        criterion: checks[0]!,
        files: body.files,
        now: deps.clock(),
      });
      return reply(c, 'POST /tracks/:track/nodes/:node/checks', { job: job.id, state: job.state }, 202);
    })
    .get('/checks/jobs/:job', async (c) => reply(c, 'GET /checks/jobs/:job', { job: jobOf(await ownJob(c)) }))
    .get('/jobs/:job', async (c) => {
      const row = await ownJob(c);
      // A client that reconnects says which event it saw last, and gets only what came after.
      let after = Number(c.req.header('last-event-id') ?? 0) || 0;
      return streamSSE(c, async (stream) => {
        while (!stream.aborted) {
          const woken = deps.follower.next(row.id, 1000);
          const events = await jobEventsAfter(deps.pool, row.id, after);
          for (const { seq, event, data } of events) {
            await stream.writeSSE({ event, data: JSON.stringify(data), id: String(seq) });
            after = seq;
            if (FINAL.has(event)) return;
          }
          await woken;
        }
      });
    });
}
