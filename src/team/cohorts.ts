import { isAbsolute, join } from 'node:path';
import type { Kysely } from 'kysely';
import { renamesOf } from '../core/changes.js';
import { TrailError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { buildGraph } from '../core/graph.js';
import type { TrailEvent } from '../core/events.js';
import { projectProgress, type Progress } from '../core/progress.js';
import { failingChecks, lastEventAt, type FailingCheck } from '../core/timeline.js';
import type { NodeStatus, TrackState } from '../core/status.js';
import type { Track } from '../core/track.js';
import type { JournalEntry } from '../store/journal.js';
import { BUILTIN_TRACKS, builtinTrackIds } from '../workspace/builtin.js';
import { stateOf } from '../workspace/session.js';
import { newEvent } from '../workspace/record.js';
import { loadValidTrack } from '../workspace/track-cache.js';
import { audit, type Principal } from './accounts.js';
import { ownerStore, type TeamTables } from './db.js';

/** The store owner of a learner's track in the team database. */
export function ownerOf(userId: string, track: string): string {
  return `${userId}/${track}`;
}

/** A cohort as a person sees it, with their part in it. */
export interface CohortView {
  name: string;
  track: string;
  /** admin: sees every cohort; mentor or learner: enrolled so. */
  as: 'admin' | 'mentor' | 'learner';
  learners: number;
}

/** The cohorts a person may see: all for an admin, else those they are enrolled in. */
export async function visibleCohorts(db: Kysely<TeamTables>, who: Principal): Promise<CohortView[]> {
  const counts = db
    .selectFrom('enrollments')
    .select((eb) => ['cohort', eb.fn.countAll<number>().as('n')])
    .where('role', '=', 'learner')
    .groupBy('cohort')
    .as('counts');
  const rows = await db
    .selectFrom('cohorts')
    .leftJoin(counts, 'counts.cohort', 'cohorts.name')
    .leftJoin('enrollments as mine', (join) => join.onRef('mine.cohort', '=', 'cohorts.name').on('mine.user_id', '=', who.id))
    .select(['cohorts.name', 'cohorts.track', 'counts.n', 'mine.role'])
    .orderBy('cohorts.name')
    .execute();
  const views = new Map<string, CohortView>();
  for (const row of rows) {
    const as = who.role === 'admin' ? 'admin' : (row.role ?? undefined);
    if (!as) continue;
    const known = views.get(row.name);
    // Mentor and learner of the same cohort: the mentor's view.
    if (!known || as === 'mentor') views.set(row.name, { name: row.name, track: row.track, as, learners: Number(row.n ?? 0) });
  }
  return [...views.values()];
}

/** The cohort if the person may see its learners' progress (its mentors and admins): 404 when unknown, FORBIDDEN otherwise. */
export async function cohortForMentor(db: Kysely<TeamTables>, who: Principal, name: string): Promise<{ name: string; track: string }> {
  const cohort = await db.selectFrom('cohorts').select(['name', 'track']).where('name', '=', name).executeTakeFirst();
  if (!cohort) throw new TrailError('COHORT_NOT_FOUND', `no cohort "${name}"`, 'GET /api/team/cohorts lists yours');
  if (who.role === 'admin') return cohort;
  const mentor = await db
    .selectFrom('enrollments')
    .select('role')
    .where('cohort', '=', name)
    .where('user_id', '=', who.id)
    .where('role', '=', 'mentor')
    .executeTakeFirst();
  if (!mentor)
    throw new TrailError('FORBIDDEN', `you do not mentor the cohort "${name}"`, 'an admin enrolls mentors with `trail team enroll <cohort> <email> --mentor`');
  return cohort;
}

/** The learners of a cohort, by email. */
export async function learnersOf(db: Kysely<TeamTables>, cohort: string): Promise<Array<{ id: string; email: string }>> {
  return db
    .selectFrom('enrollments')
    .innerJoin('users', 'users.id', 'enrollments.user_id')
    .select(['users.id', 'users.email'])
    .where('enrollments.cohort', '=', cohort)
    .where('enrollments.role', '=', 'learner')
    .orderBy('users.email')
    .execute();
}

/** A learner of the cohort by email, or LEARNER_NOT_FOUND (404) when they are not in it. */
export async function learnerIn(db: Kysely<TeamTables>, cohort: string, email: string): Promise<{ id: string; email: string }> {
  const found = (await learnersOf(db, cohort)).find((learner) => learner.email === email.trim().toLowerCase());
  if (!found)
    throw new TrailError(
      'USER_NOT_FOUND',
      `${email} is not a learner of the cohort "${cohort}"`,
      `GET /api/team/cohorts/${cohort}/progress lists its learners`,
    );
  return found;
}

const tracks = new Map<string, Promise<Track>>();

/** A cohort's track: a built-in one by id, or a track folder by its absolute path; loaded once per process. */
export function cohortTrack(ref: string): Promise<Track> {
  if (!builtinTrackIds().includes(ref) && !isAbsolute(ref))
    return Promise.reject(
      new TrailError('TRACK_NOT_FOUND', `no built-in track "${ref}"`, `built-in tracks: ${builtinTrackIds().join(', ')}; or give the path of a track folder`),
    );
  let loaded = tracks.get(ref);
  if (!loaded) tracks.set(ref, (loaded = loadValidTrack(isAbsolute(ref) ? ref : join(BUILTIN_TRACKS, ref))));
  loaded.catch(() => tracks.delete(ref));
  return loaded;
}

/** A learner's state on a track, computed from their events and records in the team database. */
export async function learnerState(
  db: Kysely<TeamTables>,
  userId: string,
  track: Track,
): Promise<{ state: TrackState; journal: JournalEntry[]; events: TrailEvent[]; progress: Progress }> {
  const store = ownerStore(db, ownerOf(userId, track.id));
  const [events, journal, papers] = await Promise.all([store.events.read(), store.records.journal.list(), store.records.papers.list()]);
  const progress = projectProgress(events.events, renamesOf(track));
  const refs = papers.papers.map(({ path, url, status, words }) => ({ path, url, status, words }));
  // On the team server a check holds only on a run its workers verified (docs/team.md).
  return {
    state: stateOf(track, buildGraph(track), progress, { journal: journal.entries, papers: refs }, { verifiedChecksOnly: true }),
    journal: journal.entries,
    events: events.events,
    progress,
  };
}

/** A learner's row of the cohort matrix: counts, every node's status, when they last acted, which checks fail. */
export interface LearnerRow {
  email: string;
  done: number;
  total: number;
  nodes: Record<string, NodeStatus>;
  lastEventAt: string | null;
  failing: Record<string, FailingCheck>;
}

/** The track as the matrix's columns: its title, phases, and nodes in track order. */
export function matrixColumns(track: Track): {
  title: string;
  phases: Array<{ id: string; title: string }>;
  nodes: Array<{ id: string; title: string; phase: string | null; optional: boolean }>;
} {
  return {
    title: track.title,
    phases: track.phases.map(({ id, title }) => ({ id, title })),
    nodes: track.nodes.map((node) => ({ id: node.id, title: node.title, phase: node.phase ?? null, optional: node.optional === true })),
  };
}

/** `GET /api/team/cohorts/:cohort/progress`: the track's columns, and each learner's count of done nodes, every node's status, last activity and failing checks. */
export async function cohortProgress(
  db: Kysely<TeamTables>,
  cohort: { name: string; track: string },
): Promise<{ cohort: string; track: string; learners: LearnerRow[] } & ReturnType<typeof matrixColumns>> {
  const track = await cohortTrack(cohort.track);
  const learners: LearnerRow[] = [];
  for (const learner of await learnersOf(db, cohort.name)) {
    const { state, events, progress } = await learnerState(db, learner.id, track);
    learners.push({
      email: learner.email,
      done: state.progress.done,
      total: state.progress.total,
      nodes: Object.fromEntries(state.nodes.map((node) => [node.id, node.status])),
      lastEventAt: lastEventAt(events),
      failing: failingChecks(progress),
    });
  }
  return { cohort: cohort.name, track: track.id, ...matrixColumns(track), learners };
}

/** Journal entries a learner marked for their mentor (`shared: true` in the front matter, or the tag `shared`). */
export function sharedEntries(entries: readonly JournalEntry[]): JournalEntry[] {
  return entries.filter((entry) => entry.tags.includes('shared') || (entry as JournalEntry & { shared?: boolean }).shared === true);
}

/**
 * A mentor signs a `review` criterion off (or sends it back), with a comment: a `reviewed` event
 * in the learner's log, which their next sync brings to their own workspace.
 */
export async function signOff(
  db: Kysely<TeamTables>,
  input: { mentor: Principal; learner: { id: string; email: string }; track: Track; node: string; criterion: string; approved: boolean; comment: string },
  clock: Clock,
): Promise<{ id: string }> {
  const node = input.track.nodes.find((candidate) => candidate.id === input.node);
  if (!node) throw new TrailError('NODE_NOT_FOUND', `no node "${input.node}" in ${input.track.id}`, 'the cohort progress lists the node ids');
  const criterion = node.criteria.find((candidate) => candidate.id === input.criterion);
  if (!criterion)
    throw new TrailError(
      'CRITERION_NOT_FOUND',
      `no criterion "${input.criterion}" in ${input.node}`,
      `its criteria: ${node.criteria.map((c) => c.id).join(', ')}`,
    );
  if (criterion.kind !== 'review')
    throw new TrailError(
      'USAGE',
      `${input.node}/${input.criterion} is a ${criterion.kind} criterion; only review criteria are signed off`,
      `review criteria of ${input.node}: ${
        node.criteria
          .filter((c) => c.kind === 'review')
          .map((c) => c.id)
          .join(', ') || 'none'
      }`,
    );
  const event = newEvent(
    'reviewed',
    { type: 'criterion', node: node.id, criterion: criterion.id },
    {
      result: { approved: input.approved, comment: input.comment },
      context: { track: input.track.id, trackVersion: input.track.version },
      now: clock(),
      host: { actor: { name: input.mentor.email, role: 'mentor' } },
    },
  );
  await ownerStore(db, ownerOf(input.learner.id, input.track.id)).events.append([event]);
  await audit(db, {
    actor: input.mentor.email,
    action: input.approved ? 'signed-off' : 'sent-back',
    subject: input.learner.email,
    detail: { track: input.track.id, node: node.id, criterion: criterion.id, comment: input.comment },
  });
  return { id: event.id };
}
