import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { ulid } from 'ulid';
import { readNodeBody } from '../../content/front-matter.js';
import { readLatestChecks } from '../../store/checks.js';
import { seedOf } from '../../core/shuffle.js';
import { withWorkspace } from '../../core/text.js';
import type { NodeState } from '../../core/status.js';
import type { Node } from '../../core/track.js';
import { attest, hintsOf, pickAttest, requireNode, requireUnlocked, revealHint, skip } from '../../workspace/actions.js';
import { loadQuiz, pickQuiz, recordAttempt, type Given } from '../../workspace/quizzes.js';
import { cachedFor } from '../cached.js';
import { reply, replyCached } from '../reply.js';
import type { ServerContext } from '../context.js';
import type { Snapshot } from '../live-workspace.js';
import { HttpError } from '../http-error.js';
import { publicQuestion } from '../../core/quiz.js';
import { BODY_LIMITS, maxBody } from '../request-limits.js';
import { AttestBody, QuizBody, QuizQuery } from '../api/index.js';
import { outcomeView, runView } from '../views.js';
import { readBody, readQuery } from '../validate.js';

/** A node page's data, attesting, skipping, and taking its quiz. */
export function nodeRoutes({ library }: ServerContext): Hono {
  // A session for a write: its events are dropped if the request is abandoned before they are written.
  const open = async (c: Context) => {
    const session = await library.open(c.req.param('track')!, c.get('signal'));
    return { session, ...requireNode(session, c.req.param('node')!) };
  };
  return new Hono()
    .get('/tracks/:track/nodes/:node', async (c) => {
      const snapshot = await library.snapshot(c.req.param('track'));
      const { node, state } = requireNode(snapshot.session, c.req.param('node'));
      // The folder's files are listed on each request (the learner makes them outside the event log); they key the answer.
      const where = whereOf(snapshot.session.workspace.root, node);
      return replyCached(
        c,
        'GET /tracks/:track/nodes/:node',
        cachedFor(snapshot, `node:${node.id}:${where.files.join('/')}`, () => ({ ...nodeView(snapshot, node, state, library.namesWorkspace), where })),
      );
    })
    .post('/tracks/:track/nodes/:node/attest', maxBody(BODY_LIMITS.attest), async (c) => {
      const body = await readBody(c, AttestBody);
      const { session, node, state } = await open(c);
      const criterion = pickAttest(node, state, body.criterion);
      requireUnlocked(state);
      return reply(c, 'POST /tracks/:track/nodes/:node/attest', outcomeView(await attest(session, node, criterion, body.text)));
    })
    .post('/tracks/:track/nodes/:node/hints', maxBody(BODY_LIMITS.small), async (c) => {
      const { session, node } = await open(c);
      const { hints, revealed, ...outcome } = await revealHint(session, node);
      return reply(c, 'POST /tracks/:track/nodes/:node/hints', { hints, revealed, ...outcomeView(outcome) });
    })
    .post('/tracks/:track/nodes/:node/skip', maxBody(BODY_LIMITS.small), async (c) => {
      const { session, node } = await open(c);
      return reply(c, 'POST /tracks/:track/nodes/:node/skip', outcomeView(await skip(session, node)));
    })
    .get('/tracks/:track/nodes/:node/quiz', async (c) => {
      const query = readQuery(c, QuizQuery);
      const { session, node } = await open(c);
      const criterion = pickQuiz(session, node, query.criterion);
      const quiz = loadQuiz(session, node, criterion);
      const seed = query.seed ?? seedOf(ulid());
      return reply(c, 'GET /tracks/:track/nodes/:node/quiz', {
        criterion: criterion.id,
        title: quiz.title ?? null,
        intro: quiz.intro ?? null,
        pass: quiz.pass ?? criterion.pass,
        seed,
        questions: quiz.questions.map((question) => publicQuestion(question, seed)),
      });
    })
    .post('/tracks/:track/nodes/:node/quiz', maxBody(BODY_LIMITS.quiz), async (c) => {
      const body = await readBody(c, QuizBody);
      const { session, node, state } = await open(c);
      const criterion = pickQuiz(session, node, body.criterion);
      requireUnlocked(state);
      const quiz = loadQuiz(session, node, criterion);
      const ids = quiz.questions.map((question) => question.id);
      const unknown = Object.keys(body.answers).find((key) => !ids.includes(key));
      if (unknown)
        throw new HttpError('ANSWERS_INVALID', `body.answers: no question "${unknown}" in quiz ${node.id} › ${criterion.id}`, `ids: ${ids.join(', ')}`);
      const at = session.host.clock();
      const given = new Map<string, Given>(
        Object.entries(body.answers).map(([id, response]) => [id, { response, durationMs: body.durations?.[id] ?? null, at }]),
      );
      const pass = quiz.pass ?? criterion.pass;
      const { result, outcome } = await recordAttempt(session, node, criterion, quiz, given, { attempt: ulid(), pass, finished: session.host.clock() });
      return reply(c, 'POST /tracks/:track/nodes/:node/quiz', { ...result, ...outcomeView(outcome) });
    });
}

// Where the learner's files for the node are: the workspace, the node's folder, and the files in it.
function whereOf(root: string, node: Node): { workspace: string; folder: string; files: string[] } {
  return { workspace: root, folder: node.dir, files: filesIn(join(root, node.dir)) };
}

// The files of a node's folder, listed again only when the folder changed: a folder's change time
// moves whenever a file is added, removed or renamed in it, and one stat costs a fraction of a listing.
// File times tick coarsely (a few milliseconds), so a folder changed within the last second is listed
// every time, as git does with its "racily clean" entries: two changes in one tick are never missed.
const listings = new Map<string, { changed: bigint; files: string[] }>();
function filesIn(folder: string): string[] {
  const stat = statSync(folder, { bigint: true, throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    listings.delete(folder);
    return [];
  }
  const changed = stat.ctimeNs ^ (stat.ino << 64n);
  const known = listings.get(folder);
  const settled = BigInt(Date.now()) * 1_000_000n - stat.ctimeNs > 1_000_000_000n;
  if (settled && known?.changed === changed) return known.files;
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('trail_metrics'))
    .map((entry) => entry.name)
    .sort();
  listings.set(folder, { changed, files });
  return files;
}

// The node page: made once per change of the workspace, then given again from memory.
function nodeView(snapshot: Snapshot, node: Node, state: NodeState, namesWorkspace: boolean) {
  const { session } = snapshot;
  const criteria = state.criteria.map((criterion) => {
    const { id: _id, kind: _kind, text: _text, ...spec } = node.criteria.find((candidate) => candidate.id === criterion.id) ?? {};
    // Printed for a terminal anywhere: it must find this workspace from whatever folder it is pasted in.
    const action = namesWorkspace ? withWorkspace(criterion.action, session.workspace.root) : criterion.action;
    return { ...criterion, action, spec };
  });
  const { dir: _dir, criteria: _criteria, exercise, ...fields } = node;
  // Hints not yet revealed stay on the server: the page gets only those the learner asked for.
  const shownExercise = exercise ? { ...exercise, hints: hintsOf(session, node) } : null;
  const checks = readLatestChecks(session.workspace.root, node);
  return {
    node: {
      ...fields,
      phase: node.phase ?? null,
      duration: node.duration ?? null,
      mvu: node.mvu ?? null,
      exercise: shownExercise,
      status: state.status,
      waitingFor: state.waitingFor,
      criteria,
    },
    body: readNodeBody(session.workspace.trackDir, node),
    journal: session.journal
      .filter((entry) => entry.node === node.id)
      .map(({ path, date, words, title, tags }) => ({ path, date, words, title: title ?? null, tags })),
    runs: snapshot.runs
      .filter((run) => run.node === node.id)
      .reverse()
      .map(runView),
    // The latest result of each check, so the page shows it in full after a reload; a result file
    // that cannot be read (or leads out of the workspace) is left out and named in `problems`.
    latest: checks.results,
    problems: checks.problems,
  };
}
