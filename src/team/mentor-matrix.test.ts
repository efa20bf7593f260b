import { afterEach, describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import { openTestPGlite } from '../test-support/team-db.js';
import { addCohort, addUser, enroll } from './accounts.js';
import { cohortProgress, ownerOf } from './cohorts.js';
import { ownerStore, type TeamDatabase } from './db.js';

const TRACK = 'llm-engineering-mastery';
const ADMIN = { email: 'admin@example.org' };
let open: TeamDatabase | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

let n = 0;
function event(actor: string, timestamp: string, verb: string, object: TrailEvent['object'], result: Record<string, unknown>): TrailEvent {
  return { id: `ev-${++n}`, timestamp, actor: { name: actor }, verb, object, result, context: { track: TRACK } };
}

describe("a cohort's progress for its mentors", () => {
  it('gives the track as columns and, per learner, when they last acted and which checks fail', async () => {
    open = await openTestPGlite();
    const { db } = open;
    await addCohort(db, { name: 'spring', track: TRACK }, ADMIN);
    const users = new Map<string, string>();
    for (const email of ['ada@example.org', 'bo@example.org']) {
      users.set(email, (await addUser(db, { email, role: 'learner' }, ADMIN)).user.id);
      await enroll(db, { cohort: 'spring', email, role: 'learner' }, ADMIN);
    }
    await ownerStore(db, ownerOf(users.get('ada@example.org')!, TRACK)).events.append([
      event('ada', '2026-11-20T09:00:00.000Z', 'checked', { type: 'criterion', node: 'm1', criterion: 'core' }, { status: 'fail' }),
      event('mentor@example.org', '2026-11-25T09:00:00.000Z', 'reviewed', { type: 'criterion', node: 'm1', criterion: 'review-1' }, { approved: true }),
    ]);

    const progress = await cohortProgress(db, { name: 'spring', track: TRACK });
    expect(progress).toMatchObject({ cohort: 'spring', track: TRACK, title: 'LLM Engineering Mastery' });
    expect(progress.phases.map((phase) => phase.id)).toEqual(['foundations', 'transformers', 'llm-training', 'applications']);
    expect(progress.nodes.slice(0, 2)).toEqual([
      { id: 'm1', title: 'Logistic Regression', phase: 'foundations', optional: false },
      { id: 'm2', title: expect.any(String), phase: 'foundations', optional: false },
    ]);
    const [ada, bo] = progress.learners;
    // The mentor's sign-off is not the learner's activity: ada last acted on the 20th.
    expect(ada).toMatchObject({ email: 'ada@example.org', lastEventAt: '2026-11-20T09:00:00.000Z', failing: { m1: { criterion: 'core', status: 'fail' } } });
    expect(ada!.nodes.m1).toBe('in_progress');
    expect(bo).toMatchObject({ email: 'bo@example.org', done: 0, lastEventAt: null, failing: {} });
  });
});
