import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 1])).toBe('█▁');
  });

  it('draws a flat series at mid height and nothing for no values', () => {
    expect(sparkline([2, 2, 2])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
  });

  it('averages a long series into buckets of the given width', () => {
    const line = sparkline(
      Array.from({ length: 1000 }, (_, i) => i),
      10,
    );
    expect(line).toHaveLength(10);
    expect(line[0]).toBe('▁');
    expect(line.at(-1)).toBe('█');
  });
});
