import { describe, expect, it } from 'vitest';
import { idleDays, isStuck, phaseSpans, sortByProgress } from './cohort.js';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('a stuck learner', () => {
  it('is one whose last event is 7 days old or more while the track is not finished', () => {
    expect(isStuck({ done: 2, total: 5, lastEventAt: '2026-11-29T12:00:00Z' }, NOW)).toBe(true);
    expect(isStuck({ done: 2, total: 5, lastEventAt: '2026-11-29T12:00:01Z' }, NOW)).toBe(false);
    expect(idleDays({ done: 2, total: 5, lastEventAt: '2026-11-29T12:00:01Z' }, NOW)).toBe(6);
  });

  it('is not one who has finished, however long ago', () => {
    expect(isStuck({ done: 5, total: 5, lastEventAt: '2026-01-01T00:00:00Z' }, NOW)).toBe(false);
  });

  it('includes one who never acted', () => {
    expect(isStuck({ done: 0, total: 5, lastEventAt: null }, NOW)).toBe(true);
    expect(idleDays({ done: 0, total: 5, lastEventAt: null }, NOW)).toBeNull();
  });
});

describe('learners by progress', () => {
  const learners = [
    { email: 'b@x.org', done: 1, total: 4, lastEventAt: null },
    { email: 'a@x.org', done: 1, total: 4, lastEventAt: null },
    { email: 'c@x.org', done: 3, total: 4, lastEventAt: null },
  ];
  it('puts the most done first, ties by email', () => {
    expect(sortByProgress(learners, 'descending').map((l) => l.email)).toEqual(['c@x.org', 'a@x.org', 'b@x.org']);
    expect(sortByProgress(learners, 'ascending').map((l) => l.email)).toEqual(['a@x.org', 'b@x.org', 'c@x.org']);
  });
});

describe('phase spans of the columns', () => {
  it('groups consecutive nodes of a phase and names the phase', () => {
    const spans = phaseSpans(
      [
        { id: 'a', phase: 'p1' },
        { id: 'b', phase: 'p1' },
        { id: 'c', phase: null },
        { id: 'd', phase: 'p2' },
      ],
      [
        { id: 'p1', title: 'Basics' },
        { id: 'p2', title: 'Models' },
      ],
    );
    expect(spans).toEqual([
      { phase: 'p1', title: 'Basics', nodes: ['a', 'b'] },
      { phase: null, title: 'No phase', nodes: ['c'] },
      { phase: 'p2', title: 'Models', nodes: ['d'] },
    ]);
  });
});
