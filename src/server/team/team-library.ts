import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../../team/accounts.js';
import { ownerStore, type TeamDatabase } from '../../team/db.js';
import { ownerOf } from '../../team/cohorts.js';
import { openFileStore } from '../../store/files.js';
import { writeFileAtomic, TRAIL_DIR } from '../../store/safe-files.js';
import { syncEvents, syncJournal, syncRuns, type SyncCursors } from '../../store/sync.js';
import type { Host } from '../../workspace/session.js';
import { setUpWorkspace } from '../../workspace/setup.js';
import { homeLibrary, type Library } from '../library.js';
import { currentPrincipal } from './principal.js';

const SYNC_FILE = 'team-sync.json';
const TRACK_PATH = /^\/api\/tracks\/([a-z0-9][a-z0-9._-]*)(?:\/|$)/;
// The team and sign-in routes answer from the database alone: they never look at a copy.
const DATABASE_ONLY = /^\/api\/(?:team|auth)\//;

/**
 * Each signed-in learner's tracks, served by the same routes as personal mode. The learner's
 * events and records live in the team database; the server works on a copy of each track's
 * workspace under `mirror/<user id>/<track>` (a cache: it can be deleted, and each server process
 * has its own). Before a request on a track the copy takes the events the database has that it
 * lacks (another server's, a sync's, a mentor's sign-off); after a request that may have written,
 * the database takes what the copy has that it lacks. Both by event id, so nothing is doubled.
 * What a learner does there is recorded as done by their account (`actor.name`: their email).
 */
export function teamLibrary(database: TeamDatabase, mirror: string, host: Host): { library: Library; middleware: MiddlewareHandler } {
  const libraries = new Map<string, { library: Library; host: Host }>();
  const learnerOf = (who: Principal) => {
    let learner = libraries.get(who.id);
    if (!learner) {
      const own: Host = { ...host, actor: { name: who.email } };
      libraries.set(who.id, (learner = { library: homeLibrary(join(mirror, who.id), own), host: own }));
    }
    return learner;
  };
  const libraryOf = (who: Principal) => learnerOf(who).library;
  // Requests on one learner's track take turns in this process: a pull, the request, a push.
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = turns.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    turns.set(key, settled);
    try {
      return await mine;
    } finally {
      if (turns.get(key) === settled) turns.delete(key);
    }
  };
  const warm = new Set<string>();

  const sync = async (who: Principal, track: string, push: boolean) => {
    const dir = join(mirror, who.id, track);
    const local = openFileStore(dir);
    const remote = ownerStore(database.db, ownerOf(who.id, track));
    const path = join(dir, TRAIL_DIR, SYNC_FILE);
    const cursors = readCursors(path);
    const before = cursors.pulled;
    const result = await syncEvents(push ? local.events : emptyPush(local.events), remote.events, cursors, (saved) =>
      writeFileAtomic(path, JSON.stringify(saved)),
    );
    if (push) writeFileAtomic(path, JSON.stringify(result.cursors));
    // Journal entries and runs: compared whole on a write, once when this process first serves the
    // track, and when events came in (a worker's verified run comes with its run record).
    const key = `${who.id}/${track}`;
    let records = 0;
    if (push || !warm.has(key) || result.pulled.added > 0) {
      const [journal, runs] = [await syncJournal(local.records.journal, remote.records.journal), await syncRuns(local.records, remote.records)];
      records = journal.pulled + runs.pulled;
      warm.add(key);
    }
    if (result.pulled.added > 0 || records > 0 || before !== result.cursors.pulled) libraryOf(who).touched(track);
  };

  // Tracks followed in the database (on any server) have their copy here before the request looks for them.
  const middleware: MiddlewareHandler = async (c, next) => {
    if (DATABASE_ONLY.test(c.req.path)) return next();
    const who = currentPrincipal();
    const followed = await database.db.selectFrom('followed_tracks').select('track').where('user_id', '=', who.id).execute();
    for (const { track } of followed) {
      const dir = join(mirror, who.id, track);
      if (!existsSync(join(dir, TRAIL_DIR, 'workspace.json'))) {
        mkdirSync(dir, { recursive: true });
        await setUpWorkspace(dir, track, learnerOf(who).host);
        libraryOf(who).touched(track);
      }
    }
    const track = TRACK_PATH.exec(c.req.path)?.[1];
    if (!track || !followed.some((row) => row.track === track)) return next();
    const writes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    await inTurn(`${who.id}/${track}`, async () => {
      await sync(who, track, false);
      await next();
      if (writes) await sync(who, track, true);
    });
  };

  const library: Library = {
    mode: 'home',
    // The learner's terminal holds their own copy of the workspace, not the server's.
    namesWorkspace: false,
    followed: () => libraryOf(currentPrincipal()).followed(),
    snapshot: (track) => libraryOf(currentPrincipal()).snapshot(track),
    open: (track, signal) => libraryOf(currentPrincipal()).open(track, signal),
    touched: (track) => libraryOf(currentPrincipal()).touched(track),
    async follow(track) {
      const who = currentPrincipal();
      const fresh = await libraryOf(who).follow(track);
      await database.db
        .insertInto('followed_tracks')
        .values({ user_id: who.id, track })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await inTurn(`${who.id}/${track}`, () => sync(who, track, true));
      return fresh;
    },
  };
  return { library, middleware };
}

function readCursors(path: string): SyncCursors {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as SyncCursors;
    return { pushed: typeof data.pushed === 'string' ? data.pushed : undefined, pulled: typeof data.pulled === 'string' ? data.pulled : undefined };
  } catch {
    return {};
  }
}

// On a read, nothing is sent: the local side shows no new events.
function emptyPush(events: ReturnType<typeof openFileStore>['events']): ReturnType<typeof openFileStore>['events'] {
  return { append: events.append, import: events.import, read: async (query) => ({ events: [], cursor: query?.since ?? '0:0', problems: [] }) };
}
