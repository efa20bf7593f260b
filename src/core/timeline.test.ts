import { describe, expect, it } from 'vitest';
import type { TrailEvent } from './events.js';
import { projectProgress } from './progress.js';
import { failingChecks, lastEventAt, timeline } from './timeline.js';

let n = 0;
function event(timestamp: string, verb: string, object: TrailEvent['object'], result?: Record<string, unknown>, actor = 'ada'): TrailEvent {
  return { id: `e${++n}`, timestamp, actor: { name: actor }, verb, object, ...(result ? { result } : {}) };
}

const EVENTS = [
  event('2026-11-01T10:00:00Z', 'attested', { type: 'criterion', node: 'a', criterion: 'exit-1' }, { response: 'I did it' }),
  event('2026-11-02T10:00:00Z', 'completed-quiz', { type: 'criterion', node: 'a', criterion: 'quiz-1' }, { score: { scaled: 0.8 }, success: true }),
  event('2026-11-03T10:00:00Z', 'checked', { type: 'criterion', node: 'b', criterion: 'converges' }, { status: 'fail' }),
  event('2026-11-04T10:00:00Z', 'checked', { type: 'criterion', node: 'c', criterion: 'runs' }, { status: 'fail' }),
  event('2026-11-05T10:00:00Z', 'checked', { type: 'criterion', node: 'c', criterion: 'runs' }, { status: 'pass' }),
  event(
    '2026-11-06T10:00:00Z',
    'reviewed',
    { type: 'criterion', node: 'a', criterion: 'review-1' },
    { approved: true, comment: 'Clear derivation.' },
    'mentor@x.org',
  ),
];

describe("a learner's timeline", () => {
  it('lists what happened, newest first, with the node', () => {
    expect(timeline(EVENTS).map((entry) => [entry.at.slice(0, 10), entry.node, entry.summary])).toEqual([
      ['2026-11-06', 'a', 'signed off review-1 (mentor@x.org): “Clear derivation.”'],
      ['2026-11-05', 'c', 'ran the check runs: pass'],
      ['2026-11-04', 'c', 'ran the check runs: fail'],
      ['2026-11-03', 'b', 'ran the check converges: fail'],
      ['2026-11-02', 'a', 'passed the quiz quiz-1 (80%)'],
      ['2026-11-01', 'a', 'affirmed exit-1: “I did it”'],
    ]);
    // The mentor's sign-off on the 6th is not the learner's activity.
    expect(lastEventAt(EVENTS)).toBe('2026-11-05T10:00:00Z');
    expect(lastEventAt([])).toBeNull();
  });

  it('names the nodes whose latest check did not pass, not those that passed since', () => {
    expect(failingChecks(projectProgress(EVENTS))).toEqual({ b: { criterion: 'converges', status: 'fail' } });
  });
});
