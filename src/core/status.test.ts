import { describe, expect, it } from 'vitest';
import { makeTrack, type NodeInput } from '../test-support/track.js';
import { renamesOf } from './changes.js';
import { CheckCriterion } from './schema.js';
import type { TrailEvent } from './events.js';
import { buildGraph } from './graph.js';
import { projectProgress } from './progress.js';
import { computeState, type NodeStatus } from './status.js';
import type { Rule, Track } from './track.js';

let clock = 0;
function event(verb: string, node: string | undefined, extra: Partial<TrailEvent> = {}): TrailEvent {
  clock += 1;
  const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString();
  return {
    id: `e${String(clock).padStart(6, '0')}`,
    timestamp,
    actor: { name: 'me' },
    verb,
    object: node ? { type: 'criterion', node, criterion: 'a' } : { type: 'track' },
    result: verb === 'attested' ? { response: 'I did it myself' } : {},
    ...extra,
  };
}
const attest = (node: string) => event('attested', node);

function statuses(track: Track, events: TrailEvent[] = []): Record<string, NodeStatus> {
  const state = computeState({
    track,
    graph: buildGraph(track),
    progress: projectProgress(events, renamesOf(track)),
    journal: [],
    supported: new Set(['attest', 'journal']),
  });
  return Object.fromEntries(state.nodes.map((node) => [node.id, node.status]));
}

function track(nodes: NodeInput[], rules: Rule[] = ['prerequisites'], phases: string[] = []): Track {
  return makeTrack(nodes, { rules, phases });
}

describe('prerequisites policy', () => {
  const dag = track([{ id: 'a' }, { id: 'b', requires: ['a'] }, { id: 'c', requires: ['a', 'b'] }, { id: 'd' }]);

  it('opens nodes without prerequisites and locks the rest', () => {
    expect(statuses(dag)).toEqual({ a: 'available', b: 'locked', c: 'locked', d: 'available' });
  });

  it('unlocks a node when every prerequisite is done', () => {
    expect(statuses(dag, [attest('a')])).toEqual({ a: 'done', b: 'available', c: 'locked', d: 'available' });
    expect(statuses(dag, [attest('a'), attest('b')])).toMatchObject({ c: 'available' });
  });

  it('marks a node in progress once some of its criteria hold', () => {
    const two = track([
      {
        id: 'a',
        criteria: [
          { kind: 'attest', id: 'a', text: 'x', minLength: 0 },
          { kind: 'attest', id: 'b', text: 'y', minLength: 0 },
        ],
      },
    ]);
    expect(statuses(two, [attest('a')])).toEqual({ a: 'in_progress' });
  });
});

describe('sequential policy', () => {
  const seq = track(
    [
      { id: 'a', phase: 'p' },
      { id: 'b', phase: 'p' },
      { id: 'c', phase: 'q' },
      { id: 'd', phase: 'q' },
    ],
    ['sequential'],
    ['p', 'q'],
  );

  it('makes each node of a phase need the one before it, phase by phase', () => {
    expect(statuses(seq)).toEqual({ a: 'available', b: 'locked', c: 'available', d: 'locked' });
    expect(statuses(seq, [attest('a')])).toMatchObject({ b: 'available', d: 'locked' });
  });
});

describe('phase-gate policy', () => {
  const gated = track(
    [
      { id: 'a', phase: 'p' },
      { id: 'b', phase: 'p' },
      { id: 'c', phase: 'q' },
    ],
    ['phase-gate'],
    ['p', 'q'],
  );

  it('opens a phase only when the previous phase is complete', () => {
    expect(statuses(gated)).toEqual({ a: 'available', b: 'available', c: 'locked' });
    expect(statuses(gated, [attest('a')])).toMatchObject({ c: 'locked' });
    expect(statuses(gated, [attest('a'), attest('b')])).toMatchObject({ c: 'available' });
  });

  it('combines with sequential: both must hold', () => {
    const both = track(
      [
        { id: 'a', phase: 'p' },
        { id: 'b', phase: 'p' },
        { id: 'c', phase: 'q' },
        { id: 'd', phase: 'q' },
      ],
      ['sequential', 'phase-gate'],
      ['p', 'q'],
    );
    expect(statuses(both)).toEqual({ a: 'available', b: 'locked', c: 'locked', d: 'locked' });
    expect(statuses(both, [attest('a'), attest('b')])).toEqual({ a: 'done', b: 'done', c: 'available', d: 'locked' });
  });

  it('combines with prerequisites across phases', () => {
    const mixed = track(
      [
        { id: 'a', phase: 'p' },
        { id: 'x', phase: 'p' },
        { id: 'c', phase: 'q', requires: ['x'] },
      ],
      ['prerequisites', 'phase-gate'],
      ['p', 'q'],
    );
    expect(statuses(mixed, [attest('x')])).toMatchObject({ c: 'locked' });
    expect(statuses(mixed, [attest('x'), attest('a')])).toMatchObject({ c: 'available' });
  });
});

describe('optional and anytime nodes', () => {
  it('never lets an optional node block, in any policy', () => {
    const t = track(
      [
        { id: 'a', phase: 'p' },
        { id: 'opt', phase: 'p', optional: true },
        { id: 'b', phase: 'p', requires: ['opt'] },
        { id: 'c', phase: 'q' },
      ],
      ['prerequisites', 'sequential', 'phase-gate'],
      ['p', 'q'],
    );
    expect(statuses(t, [attest('a')])).toEqual({ a: 'done', opt: 'available', b: 'available', c: 'locked' });
    expect(statuses(t, [attest('a'), attest('b')])).toMatchObject({ c: 'available' });
  });

  it('opens anytime nodes from the start, whatever they list or wherever they stand', () => {
    const t = track(
      [
        { id: 'a', phase: 'p' },
        { id: 'b', phase: 'q', requires: ['a'], anytime: true },
      ],
      ['prerequisites', 'sequential', 'phase-gate'],
      ['p', 'q'],
    );
    expect(statuses(t)).toEqual({ a: 'available', b: 'available' });
  });

  it('skips only optional nodes, and a skipped node counts as finished', () => {
    const t = track([{ id: 'opt', optional: true }, { id: 'req' }]);
    expect(statuses(t, [event('skipped', 'opt'), event('skipped', 'req')])).toEqual({ opt: 'skipped', req: 'available' });
  });
});

describe('practice mode', () => {
  const t = track([{ id: 'a' }, { id: 'b', requires: ['a'] }]);

  it('opens every node while on, and the rules apply again when off', () => {
    const on = event('practiced', undefined, { result: { enabled: true } });
    expect(statuses(t, [on])).toEqual({ a: 'available', b: 'available' });
    const off = event('practiced', undefined, { result: { enabled: false } });
    expect(statuses(t, [on, off])).toEqual({ a: 'available', b: 'locked' });
  });

  it('keeps nodes finished in practice mode done afterwards', () => {
    const on = event('practiced', undefined, { result: { enabled: true } });
    const off = event('practiced', undefined, { result: { enabled: false } });
    expect(statuses(t, [on, attest('b'), off])).toEqual({ a: 'available', b: 'done' });
  });
});

describe('reset', () => {
  const t = track([{ id: 'a' }, { id: 'b', requires: ['a'] }]);

  it('starts a node over: events before the reset no longer count, later ones do', () => {
    const reset = event('reset', undefined, { object: { type: 'node', node: 'a' } });
    expect(statuses(t, [attest('a'), reset])).toEqual({ a: 'available', b: 'locked' });
    expect(statuses(t, [attest('a'), reset, attest('a')])).toEqual({ a: 'done', b: 'available' });
  });

  it('starts the whole track over with a track reset', () => {
    const reset = event('reset', undefined, { object: { type: 'track' } });
    expect(statuses(t, [attest('a'), attest('b'), reset])).toEqual({ a: 'available', b: 'locked' });
  });
});

describe('renamed nodes', () => {
  it('keep the progress recorded under their old id', () => {
    const renamed = track([
      { id: 'alpha', renamedFrom: ['a'] },
      { id: 'b', requires: ['alpha'] },
    ]);
    expect(statuses(renamed, [attest('a')])).toEqual({ alpha: 'done', b: 'available' });
  });

  it('follow a chain of renames', () => {
    const twice = track([
      { id: 'a3', renamedFrom: ['a2'] },
      { id: 'x', renamedFrom: ['a1'] },
    ]);
    expect(statuses(twice, [attest('a2'), attest('a1')])).toEqual({ a3: 'done', x: 'done' });
  });
});

describe('criteria', () => {
  it('a node is done only when every criterion holds', () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { kind: 'attest', id: 'a', text: 'x', minLength: 0 },
          { kind: 'journal', id: 'j', minWords: 5 },
        ],
      },
    ]);
    const state = computeState({
      track: t,
      graph: buildGraph(t),
      progress: projectProgress([attest('a')]),
      journal: [],
      supported: new Set(['attest', 'journal']),
    });
    expect(state.nodes[0]!.status).toBe('in_progress');
    const withEntry = computeState({
      track: t,
      graph: buildGraph(t),
      progress: projectProgress([attest('a')]),
      journal: [{ path: 'j.md', node: 'a', date: '2026-01-01', words: 5 }],
      supported: new Set(['attest', 'journal']),
    });
    expect(withEntry.nodes[0]!.status).toBe('done');
  });

  it('shows criteria whose commands are not in this version as pending, with the command', () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { kind: 'quiz', id: 'quiz-1', file: 'quiz.md', pass: 0.8 },
          { ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'check-1' },
          { kind: 'experiment', id: 'experiment-1', metrics: [{ metric: 'loss', op: '<', value: 0.1 }] },
          { kind: 'review', id: 'review-1', role: 'mentor' },
        ],
      },
    ]);
    const state = computeState({ track: t, graph: buildGraph(t), progress: projectProgress([]), journal: [], supported: new Set(['attest', 'journal']) });
    expect(state.nodes[0]!.criteria.map(({ state: s, action }) => [s, action])).toEqual([
      ['pending', 'trail quiz a'],
      ['pending', 'trail check a'],
      ['pending', 'trail log --node a'],
      ['pending', 'a mentor signs it off in team mode'],
    ]);
  });

  it('evaluates quiz, check, experiment and review events already', () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { kind: 'quiz', id: 'q', file: 'quiz.md', pass: 0.8 },
          { ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'c' },
          { kind: 'experiment', id: 'x', metrics: [{ metric: 'loss', op: '<', value: 0.1 }] },
          { kind: 'review', id: 'r', role: 'mentor' },
        ],
      },
    ]);
    const on = (verb: string, criterion: string, result: Record<string, unknown>) =>
      event(verb, 'a', { object: { type: 'criterion', node: 'a', criterion }, result });
    const events = [
      on('completed-quiz', 'q', { score: { scaled: 0.9 } }),
      on('checked', 'c', { status: 'pass' }),
      on('experimented', 'x', { metrics: { loss: 0.5 } }),
      on('experimented', 'x', { metrics: { loss: 0.05 } }),
      on('reviewed', 'r', { approved: true }),
    ];
    expect(statuses(t, events)).toEqual({ a: 'done' });
    expect(statuses(t, [...events, on('checked', 'c', { status: 'fail' })])).toEqual({ a: 'in_progress' });
  });

  it("in team mode holds a check only on a run a server worker verified; a run on the learner's machine is shown as reported", () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'c' },
          { kind: 'experiment', id: 'x', from: 'check', metrics: [{ metric: 'loss', op: '<', value: 0.1 }] },
        ],
      },
    ]);
    const on = (verb: string, criterion: string, result: Record<string, unknown>) =>
      event(verb, 'a', { object: { type: 'criterion', node: 'a', criterion }, result });
    const criteria = (events: TrailEvent[], verifiedChecksOnly: boolean) =>
      computeState({
        track: t,
        graph: buildGraph(t),
        progress: projectProgress(events),
        journal: [],
        supported: new Set(['check', 'experiment']),
        verifiedChecksOnly,
      }).nodes[0]!.criteria.map(({ id, state, detail, evidence }) => [id, state, detail, evidence]);
    const local = [on('checked', 'c', { status: 'pass', runId: 'r1' }), on('experimented', 'x', { source: 'check', runId: 'r1', metrics: { loss: 0.05 } })];
    expect(criteria(local, false).map(([id, state]) => [id, state])).toEqual([
      ['c', 'met'],
      ['x', 'met'],
    ]);
    expect(criteria(local, true)).toEqual([
      [
        'c',
        'unmet',
        'no verified run yet; latest run r1 on your machine passed (reported, not verified): submit it to the server',
        { kind: 'run', runId: 'r1', provenance: 'reported', status: 'pass' },
      ],
      ['x', 'unmet', "1 run(s) logged; needs a measured run (a check's) with loss < 0.1", null],
    ]);
    // A learner's claim of verification is only what the server's worker writes; the server refuses it from learners.
    const verified = [
      ...local,
      on('checked', 'c', { status: 'pass', runId: 'r2', provenance: 'verified', job: 'j1', worker: 'w1' }),
      on('experimented', 'x', { source: 'check', runId: 'r2', metrics: { loss: 0.05 }, provenance: 'verified' }),
    ];
    expect(criteria(verified, true)).toEqual([
      ['c', 'met', 'latest run r2 passed (verified)', { kind: 'run', runId: 'r2', provenance: 'verified', status: 'pass' }],
      ['x', 'met', 'verified run r2 meets loss < 0.1', { kind: 'run', runId: 'r2', provenance: 'verified' }],
    ]);
    // Synced back to a personal workspace, the server's run is named as verified there too.
    expect(criteria(verified, false)[0]).toEqual([
      'c',
      'met',
      'latest run r2 passed (verified)',
      { kind: 'run', runId: 'r2', provenance: 'verified', status: 'pass' },
    ]);
    expect(criteria([...verified, on('checked', 'c', { status: 'pass', runId: 'r4' })], false)[0]!.slice(2)).toEqual([
      'latest run r4 passed (measured)',
      { kind: 'run', runId: 'r4', provenance: 'measured', status: 'pass' },
    ]);
    expect(criteria([...verified, on('checked', 'c', { status: 'fail', runId: 'r3', provenance: 'verified' })], true)[0]!.slice(1, 3)).toEqual([
      'unmet',
      'latest run r3 (verified): fail',
    ]);
  });

  it('names the evidence of each met criterion: the run (short id, provenance), the entry, the time of the statement, who signed off', () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { kind: 'attest', id: 'a', text: 'x', minLength: 0 },
          { kind: 'journal', id: 'j', minWords: 3 },
          { ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'c' },
          { kind: 'experiment', id: 'x', from: 'check', metrics: [{ metric: 'loss', op: '<', value: 0.1 }] },
          { kind: 'review', id: 'r', role: 'mentor' },
        ],
      },
    ]);
    const on = (verb: string, criterion: string, result: Record<string, unknown>, actor: TrailEvent['actor'] = { name: 'me' }) =>
      event(verb, 'a', { object: { type: 'criterion', node: 'a', criterion }, result, actor });
    const RUN = '01KBX3F0A2ZJ7Q9W4M5N6P8R1S';
    const attested = on('attested', 'a', { response: 'I derived the gradient by hand' });
    const events = [
      attested,
      on('checked', 'c', { status: 'pass', runId: RUN }),
      on('experimented', 'x', { source: 'check', runId: RUN, metrics: { loss: 0.05 } }),
      on('reviewed', 'r', { approved: true }, { name: 'mentor@example.org', role: 'mentor' }),
    ];
    const state = computeState({
      track: t,
      graph: buildGraph(t),
      progress: projectProgress(events),
      journal: [{ path: 'journal/2026-01-01-a.md', node: 'a', date: '2026-01-01', words: 12, distinct: 12 }],
      supported: new Set(['attest', 'journal', 'check', 'experiment', 'review']),
    }).nodes[0]!;
    expect(state.status).toBe('done');
    expect(state.criteria.map(({ id, detail, evidence, check }) => ({ id, detail, evidence, check }))).toEqual([
      {
        id: 'a',
        detail: `affirmed ${attested.timestamp.slice(0, 10)} ${attested.timestamp.slice(11, 16)} UTC: I derived the gradient by hand`,
        evidence: { kind: 'statement', text: 'I derived the gradient by hand', at: attested.timestamp },
        check: undefined,
      },
      { id: 'j', detail: 'journal/2026-01-01-a.md (12 words)', evidence: { kind: 'journal', path: 'journal/2026-01-01-a.md', words: 12 }, check: undefined },
      {
        id: 'c',
        detail: 'latest run 5N6P8R1S passed (measured)',
        evidence: { kind: 'run', runId: RUN, provenance: 'measured', status: 'pass' },
        check: { state: 'passed', status: 'pass', runId: RUN, provenance: 'measured' },
      },
      {
        id: 'x',
        detail: `measured run ${RUN.slice(-8)} meets loss < 0.1`,
        evidence: { kind: 'run', runId: RUN, provenance: 'measured' },
        check: undefined,
      },
      { id: 'r', detail: 'signed off by mentor@example.org', evidence: { kind: 'sign-off', by: 'mentor@example.org' }, check: undefined },
    ]);
  });

  it('tells of each check whether its latest run passed, failed, was skipped (and why) or none ran yet', () => {
    const t = track([{ id: 'a', criteria: [{ ...CheckCriterion.parse({ kind: 'check', run: 'true' }), id: 'c' }] }]);
    const on = (result: Record<string, unknown>) => event('checked', 'a', { object: { type: 'criterion', node: 'a', criterion: 'c' }, result });
    const criterion = (events: TrailEvent[]) =>
      computeState({ track: t, graph: buildGraph(t), progress: projectProgress(events), journal: [], supported: new Set(['check']) }).nodes[0]!.criteria[0]!;
    const skip = { status: 'skipped', message: 'skipped: needs torch (python3 cannot import torch)' };
    expect(criterion([])).toMatchObject({ state: 'unmet', detail: 'not run yet', check: { state: 'pending' } });
    expect(criterion([on({ status: 'fail', runId: 'r1' })])).toMatchObject({
      state: 'unmet',
      detail: 'latest run r1: fail',
      check: { state: 'failed', status: 'fail', runId: 'r1', provenance: 'measured' },
    });
    expect(criterion([on(skip)])).toMatchObject({
      state: 'unmet',
      evidence: { kind: 'skipped', reason: 'needs torch (python3 cannot import torch)' },
      check: { state: 'skipped', reason: 'needs torch (python3 cannot import torch)' },
    });
    // A skip says nothing about the learner's code: the earlier pass holds, and the detail tells of both.
    expect(criterion([on({ status: 'pass', runId: 'r2' }), on(skip)])).toMatchObject({
      state: 'met',
      detail: 'latest run r2 passed (measured); a later run was skipped: needs torch (python3 cannot import torch)',
      evidence: { kind: 'run', runId: 'r2', provenance: 'measured', status: 'pass' },
      check: { state: 'skipped', reason: 'needs torch (python3 cannot import torch)' },
    });
  });

  it('holds a quiz to the pass mark its attempts were taken with (result.success), once passed', () => {
    const t = track([
      {
        id: 'a',
        criteria: [
          { kind: 'quiz', id: 'q', file: 'quiz.md', pass: 0.8 },
          { kind: 'quiz', id: 'r', file: 'r.md', pass: 0.8 },
        ],
      },
    ]);
    const on = (criterion: string, scaled: number, success: boolean) =>
      event('completed-quiz', 'a', { object: { type: 'criterion', node: 'a', criterion }, result: { score: { scaled }, success, completion: true } });
    const criteria = (events: TrailEvent[]) =>
      computeState({ track: t, graph: buildGraph(t), progress: projectProgress(events), journal: [], supported: new Set(['quiz']) }).nodes[0]!.criteria.map(
        ({ id, state, detail, action }) => [id, state, detail, action],
      );
    expect(criteria([on('q', 0.7, true), on('r', 0.9, false)])).toEqual([
      ['q', 'met', 'passed, best score 70%', 'trail quiz a --criterion q'],
      ['r', 'unmet', 'best score 90%, not passed yet', 'trail quiz a --criterion r'],
    ]);
    expect(criteria([on('q', 0.7, true), on('q', 0.2, false)])[0]!.slice(0, 2)).toEqual(['q', 'met']);
  });
});
