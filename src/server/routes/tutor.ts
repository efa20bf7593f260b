import { Hono } from 'hono';
import { ulid } from 'ulid';
import { ask, openTutor } from '../../tutor/tutor.js';
import type { ServerContext } from '../context.js';
import { httpErrorOf } from '../http-error.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { TutorBody } from '../api/index.js';
import { readBody } from '../validate.js';
import { reply } from '../reply.js';

/** The tutor: a question becomes a job whose answer streams over Server-Sent Events (`GET /api/jobs/:job`). */
export function tutorRoutes({ library, jobs, env }: ServerContext): Hono {
  return new Hono().post('/tracks/:track/tutor', maxBody(BODY_LIMITS.tutor), async (c) => {
    const body = await readBody(c, TutorBody);
    const session = await library.open(c.req.param('track'));
    // Opened before the job starts, so a broken tutor configuration is this request's error.
    const tutor = await openTutor(session, env);
    const job = jobs.start(`tutor/${ulid()}`, async (emit) => {
      try {
        const answer = await ask(tutor, { ...body, onText: (text) => emit('text', { text }) });
        return { event: 'answer', data: answer };
      } catch (error) {
        const { code, message } = httpErrorOf(error);
        return { event: 'failure', data: { code, message } };
      }
    });
    return reply(c, 'POST /tracks/:track/tutor', { job: job!.id });
  });
}
