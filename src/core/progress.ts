import type { TrailEvent } from './events.js';

/** What the log says about one node since its last reset. */
export interface NodeProgress {
  /** Time of the last reset of this node (or of the whole track); earlier work does not count. */
  since: string | undefined;
  skipped: boolean;
  /** Any learner activity since the reset. */
  touched: boolean;
  /** Attest criterion id → the learner's statement. */
  attested: Map<string, string>;
  /** Attest criterion id → when the learner affirmed it (the event's time). */
  attestedAt: Map<string, string>;
  /** Quiz criterion id → best score (0..1). */
  quizScores: Map<string, number>;
  /** Quiz criterion id → whether an attempt passed by the pass mark it was taken with (result.success). */
  quizPassed: Map<string, boolean>;
  /** Check criterion id → status of the latest run that was not skipped. */
  checks: Map<string, string>;
  /** Check criterion id → run id of the latest run that was not skipped. */
  checkRuns: Map<string, string>;
  /** Check criterion id → status and run id of the latest run a team server's worker verified (not skipped). */
  verifiedChecks: Map<string, { status: string; runId: string | undefined }>;
  /** Check criterion id → why its latest run was skipped (a need the machine lacked); cleared by a run that is not. */
  checkSkips: Map<string, string>;
  /** Each experiment run of the node: its id, whether a check measured it or the learner reported it, its last values. */
  runs: ExperimentRunRef[];
  /** Review criterion ids a mentor approved. */
  approved: Set<string>;
  /** Review criterion id → who signed it off (the mentor's name, as the event's actor). */
  approvedBy: Map<string, string>;
  /** How many hints of the node's exercise the learner has revealed. */
  hintsShown: number;
}

/** An experiment run as the criteria see it. `measured` runs come from a check Trailguide ran; `reported` ones from `trail log`. */
export interface ExperimentRunRef {
  runId: string | undefined;
  provenance: 'measured' | 'reported';
  /** A check run by a team server's worker, on the learner's uploaded files. */
  verified?: boolean;
  metrics: Record<string, number>;
}

/** The learner's state: a projection of the event log. */
export interface Progress {
  nodes: Map<string, NodeProgress>;
  practice: boolean;
  /** Time of the last reset of the whole track. */
  trackResetAt: string | undefined;
}

function fresh(since: string | undefined): NodeProgress {
  return {
    since,
    skipped: false,
    touched: false,
    attested: new Map(),
    attestedAt: new Map(),
    quizScores: new Map(),
    quizPassed: new Map(),
    checks: new Map(),
    checkRuns: new Map(),
    verifiedChecks: new Map(),
    checkSkips: new Map(),
    runs: [],
    approved: new Set(),
    approvedBy: new Map(),
    hintsShown: 0,
  };
}

/** Maps an id through `renamedFrom` links to the node's current id. */
export function renameResolver(renames: Map<string, string>): (id: string) => string {
  return (id) => {
    let current = id;
    // A chain a → b → c is followed to its end; a loop stops where it started.
    for (let hops = 0; hops < renames.size && renames.has(current); hops++) {
      const next = renames.get(current)!;
      if (next === id) break;
      current = next;
    }
    return current;
  };
}

/** Progress before any event. */
export function emptyProgress(): Progress {
  return { nodes: new Map(), practice: false, trackResetAt: undefined };
}

/** Projects time-ordered events into progress; node ids of renamed nodes map to their new ids. */
export function projectProgress(events: readonly TrailEvent[], renames = new Map<string, string>()): Progress {
  return applyEvents(emptyProgress(), events, renameResolver(renames));
}

/** Applies events, in time order, to progress (changing it) and returns it. */
export function applyEvents(progress: Progress, events: readonly TrailEvent[], resolve: (id: string) => string): Progress {
  const nodeOf = (id: string): NodeProgress => {
    let node = progress.nodes.get(id);
    if (!node) {
      node = fresh(progress.trackResetAt);
      progress.nodes.set(id, node);
    }
    return node;
  };
  for (const event of events) {
    const { verb, object } = event;
    const result = event.result ?? {};
    if (verb === 'practiced') {
      progress.practice = result.enabled === true;
      continue;
    }
    if (verb === 'reset' && object.type === 'track') {
      progress.nodes.clear();
      progress.trackResetAt = event.timestamp;
      continue;
    }
    if (typeof object.node !== 'string') continue;
    const id = resolve(object.node);
    if (verb === 'reset') {
      progress.nodes.set(id, fresh(event.timestamp));
      continue;
    }
    const node = nodeOf(id);
    const criterion = typeof object.criterion === 'string' ? object.criterion : undefined;
    switch (verb) {
      case 'attested':
        if (criterion && typeof result.response === 'string') {
          node.attested.set(criterion, result.response);
          node.attestedAt.set(criterion, event.timestamp);
        }
        break;
      case 'skipped':
        // Skipping is not work on the node: a required node (which cannot be skipped) stays as it was.
        node.skipped = true;
        continue;
      case 'completed-quiz': {
        const score = (result.score as { scaled?: unknown } | undefined)?.scaled;
        if (criterion && typeof score === 'number') {
          node.quizScores.set(criterion, Math.max(score, node.quizScores.get(criterion) ?? 0));
        }
        if (criterion && typeof result.success === 'boolean') node.quizPassed.set(criterion, node.quizPassed.get(criterion) === true || result.success);
        break;
      }
      case 'checked':
        if (!criterion || typeof result.status !== 'string') break;
        // A run skipped for a missing need says nothing about the learner's code: an earlier pass stands.
        if (result.status === 'skipped') {
          node.checkSkips.set(criterion, typeof result.message === 'string' ? result.message : 'skipped');
          continue;
        }
        node.checkSkips.delete(criterion);
        node.checks.set(criterion, result.status);
        // A run without an id must not be named by the id of an earlier one.
        if (typeof result.runId === 'string') node.checkRuns.set(criterion, result.runId);
        else node.checkRuns.delete(criterion);
        // Only a team server's worker writes this mark; a team server refuses it from learners (docs/team.md).
        if (result.provenance === 'verified')
          node.verifiedChecks.set(criterion, { status: result.status, runId: typeof result.runId === 'string' ? result.runId : undefined });
        break;
      case 'experimented':
        if (typeof result.metrics === 'object' && result.metrics !== null) {
          // Only a check run is measured; a run logged by hand is the learner's report, whatever it claims.
          const provenance = result.source === 'check' ? 'measured' : 'reported';
          node.runs.push({
            runId: typeof result.runId === 'string' ? result.runId : undefined,
            provenance,
            metrics: result.metrics as Record<string, number>,
            ...(provenance === 'measured' && result.provenance === 'verified' ? { verified: true } : {}),
          });
        }
        break;
      case 'hinted':
        if (typeof result.hint === 'number' && Number.isInteger(result.hint)) node.hintsShown = Math.max(node.hintsShown, result.hint);
        break;
      case 'reviewed':
        if (criterion && result.approved === true) {
          node.approved.add(criterion);
          node.approvedBy.set(criterion, event.actor.name);
        }
        if (criterion && result.approved === false) {
          node.approved.delete(criterion);
          node.approvedBy.delete(criterion);
        }
        break;
      default:
        continue;
    }
    node.touched = true;
  }
  return progress;
}

/** A copy of progress that events can be applied to while the original stays as it was. */
export function cloneProgress(progress: Progress): Progress {
  const nodes = new Map<string, NodeProgress>();
  for (const [id, node] of progress.nodes) {
    nodes.set(id, {
      ...node,
      attested: new Map(node.attested),
      attestedAt: new Map(node.attestedAt),
      quizScores: new Map(node.quizScores),
      quizPassed: new Map(node.quizPassed),
      checks: new Map(node.checks),
      checkRuns: new Map(node.checkRuns),
      verifiedChecks: new Map(node.verifiedChecks),
      checkSkips: new Map(node.checkSkips),
      runs: [...node.runs],
      approved: new Set(node.approved),
      approvedBy: new Map(node.approvedBy),
    });
  }
  return { nodes, practice: progress.practice, trackResetAt: progress.trackResetAt };
}

/** Progress as plain JSON (Maps and Sets as arrays), as a snapshot file keeps it. */
export interface ProgressJson {
  practice: boolean;
  trackResetAt: string | null;
  nodes: Array<[string, NodeProgressJson]>;
}

/** A node's progress as JSON; the fields added after the first snapshot format may be missing from an older one. */
interface NodeProgressJson {
  since: string | null;
  skipped: boolean;
  touched: boolean;
  attested: Array<[string, string]>;
  attestedAt?: Array<[string, string]>;
  quizScores: Array<[string, number]>;
  quizPassed?: Array<[string, boolean]>;
  checks: Array<[string, string]>;
  checkRuns?: Array<[string, string]>;
  verifiedChecks?: Array<[string, { status: string; runId: string | undefined }]>;
  checkSkips?: Array<[string, string]>;
  runs: ExperimentRunRef[];
  approved: string[];
  approvedBy?: Array<[string, string]>;
  hintsShown?: number;
}

/** Progress as plain JSON, for a snapshot file. */
export function progressToJson(progress: Progress): ProgressJson {
  return {
    practice: progress.practice,
    trackResetAt: progress.trackResetAt ?? null,
    nodes: [...progress.nodes].map(([id, node]) => [
      id,
      {
        ...node,
        attested: [...node.attested],
        attestedAt: [...node.attestedAt],
        quizScores: [...node.quizScores],
        quizPassed: [...node.quizPassed],
        checks: [...node.checks],
        checkRuns: [...node.checkRuns],
        verifiedChecks: [...node.verifiedChecks],
        checkSkips: [...node.checkSkips],
        approved: [...node.approved],
        approvedBy: [...node.approvedBy],
        since: node.since ?? null,
      },
    ]),
  };
}

/** Reads progress back from `progressToJson`. */
export function progressFromJson(json: ProgressJson): Progress {
  return {
    practice: json.practice === true,
    trackResetAt: json.trackResetAt ?? undefined,
    nodes: new Map(
      json.nodes.map(([id, node]) => [
        id,
        {
          ...node,
          since: node.since ?? undefined,
          attested: new Map(node.attested),
          attestedAt: new Map(node.attestedAt ?? []),
          quizScores: new Map(node.quizScores),
          quizPassed: new Map(node.quizPassed ?? []),
          checks: new Map(node.checks),
          checkRuns: new Map(node.checkRuns ?? []),
          verifiedChecks: new Map(node.verifiedChecks ?? []),
          checkSkips: new Map(node.checkSkips ?? []),
          approved: new Set(node.approved),
          approvedBy: new Map(node.approvedBy ?? []),
          hintsShown: typeof node.hintsShown === 'number' ? node.hintsShown : 0,
        },
      ]),
    ),
  };
}
