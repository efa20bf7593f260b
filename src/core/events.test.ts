import { describe, expect, it } from 'vitest';
import { mergeEvents, type TrailEvent } from './events.js';
import { projectProgress } from './progress.js';

const at = (id: string, second: number, verb: string, node: string): TrailEvent => ({
  id,
  timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  actor: { name: 'me' },
  verb,
  object: { type: 'criterion', node, criterion: 'a' },
  result: verb === 'attested' ? { response: `on ${id}` } : {},
});

describe('syncing two machines', () => {
  const laptop = [at('l1', 1, 'attested', 'x'), at('l2', 5, 'reset', 'x')];
  const desktop = [at('d1', 3, 'attested', 'y'), at('d2', 7, 'attested', 'x'), at('l1', 1, 'attested', 'x')];

  it('is the union of both logs by id, in time order', () => {
    expect(mergeEvents(laptop, desktop).map((e) => e.id)).toEqual(['l1', 'd1', 'l2', 'd2']);
  });

  it('projects the same progress whichever log comes first', () => {
    const a = projectProgress(mergeEvents(laptop, desktop));
    const b = projectProgress(mergeEvents(desktop, laptop));
    expect(a).toEqual(b);
    // The reset on the laptop (second 5) sits between the two attests of x.
    expect(a.nodes.get('x')?.attested.get('a')).toBe('on d2');
    expect(a.nodes.get('y')?.attested.get('a')).toBe('on d1');
  });
});
