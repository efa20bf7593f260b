import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['90 min', 1.5, 1.5],
    ['45 minutes', 0.75, 0.75],
    ['3h', 3, 3],
    ['1.5 hours', 1.5, 1.5],
    ['2-4 weeks', 20, 40],
    ['2-4 Weeks', 20, 40],
    ['2–3 months', (2 * 10 * 52) / 12, (3 * 10 * 52) / 12],
    ['1 week', 10, 10],
    ['2 to 3 days', 20 / 7, 30 / 7],
  ])('reads %s as hours of effort at 10 h/week', (text, min, max) => {
    const effort = parseDuration(text)!;
    expect(effort.min).toBeCloseTo(min);
    expect(effort.max).toBeCloseTo(max);
  });

  it('scales calendar units with the pace', () => {
    expect(parseDuration('2 weeks', { hoursPerWeek: 6 })).toEqual({ min: 12, max: 12 });
  });

  it.each(['soon', 'weeks', '3 parsecs', '4-2 weeks', '0 h', ''])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
