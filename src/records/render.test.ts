import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../core/events.js';
import type { TrackState } from '../core/status.js';
import type { Track } from '../core/track.js';
import { completionTimes } from './completion.js';
import { findReadmeBlock, renderProgress, type ExportInput } from './render.js';

const track = {
  id: 't',
  title: 'Tiny',
  phases: [{ id: 'p1', title: 'Phase one' }],
  nodes: [
    { id: 'a', title: 'A', phase: 'p1', optional: false, criteria: [{ kind: 'attest', id: 'attest-1', text: 'x', minLength: 1 }] },
    { id: 'b', title: 'B', phase: 'p1', optional: true, criteria: [{ kind: 'attest', id: 'attest-1', text: 'x', minLength: 1 }] },
    { id: 'c', title: 'C', phase: undefined, optional: false, criteria: [{ kind: 'attest', id: 'attest-1', text: 'x', minLength: 1 }] },
  ],
} as Track;

const node = (id: string, status: TrackState['nodes'][number]['status'], optional = false) => ({
  id,
  title: id.toUpperCase(),
  phase: id === 'c' ? undefined : 'p1',
  optional,
  status,
  criteria: [],
  waitingFor: [],
});

const attested = (timestamp: string, id: string): TrailEvent => ({
  id: `E${timestamp}`,
  timestamp,
  actor: { name: 'ada' },
  verb: 'attested',
  object: { type: 'criterion', node: id, criterion: 'attest-1' },
  result: { response: 'yes' },
});

describe('renderProgress', () => {
  it('checks done nodes with their day, strikes skipped ones, marks work in progress, and groups nodes without a phase last', () => {
    const input: ExportInput = {
      track,
      state: {
        practice: false,
        nodes: [node('a', 'done'), node('b', 'skipped', true), node('c', 'in_progress')],
        progress: { done: 1, skipped: 1, total: 3, required: 2, requiredDone: 1 },
      },
      runs: [],
      runProblems: [],
      journal: [],
      journalProblems: [],
      completed: new Map([['a', '2026-01-02T03:04:05.000Z']]),
      since: new Map(),
    };
    expect(renderProgress(input).split('\n').slice(2)).toEqual([
      '# Progress: Tiny',
      '',
      '1 of 3 nodes done (33%), 1 skipped.',
      '',
      '## Phase one',
      '',
      '- [x] **a** A — done 2026-01-02',
      '- [ ] ~~**b** B (optional)~~ — skipped',
      '',
      '## Other',
      '',
      '- [ ] **c** C — in progress',
      '',
    ]);
  });
});

describe('completionTimes', () => {
  it('gives the time a node became done, and after a reset the time it became done again', () => {
    const supported = new Set(['attest'] as const);
    const resolve = (id: string) => id;
    const events = [attested('2026-01-01T00:00:00.000Z', 'a'), attested('2026-01-02T00:00:00.000Z', 'a'), attested('2026-01-03T00:00:00.000Z', 'c')];
    expect(completionTimes(track, events, [], resolve, supported)).toEqual(
      new Map([
        ['a', '2026-01-01T00:00:00.000Z'],
        ['c', '2026-01-03T00:00:00.000Z'],
      ]),
    );
    const reset: TrailEvent = { id: 'R', timestamp: '2026-01-04T00:00:00.000Z', actor: { name: 'ada' }, verb: 'reset', object: { type: 'node', node: 'a' } };
    const again = [...events, reset, attested('2026-01-05T00:00:00.000Z', 'a')];
    expect(completionTimes(track, again, [], resolve, supported).get('a')).toBe('2026-01-05T00:00:00.000Z');
    expect(completionTimes(track, [...events, reset], [], resolve, supported).has('a')).toBe(false);
  });
});

describe('findReadmeBlock', () => {
  it('finds the block, or says which marker is missing and where', () => {
    expect(findReadmeBlock('x\n<!-- trail:progress:start -->\ny\n<!-- trail:progress:end -->\n')).toEqual({ start: 2, end: 61 });
    expect(findReadmeBlock('no markers')).toEqual({ missing: true });
    expect(findReadmeBlock('a\n<!-- trail:progress:end -->')).toMatchObject({
      line: 2,
      problem: expect.stringContaining('no "<!-- trail:progress:start -->" before it'),
    });
    expect(findReadmeBlock('<!-- trail:progress:start -->\n<!-- trail:progress:end -->\n<!-- trail:progress:start -->')).toMatchObject({
      line: 3,
      problem: expect.stringContaining('twice'),
    });
  });
});
