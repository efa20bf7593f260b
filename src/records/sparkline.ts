const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A one-line chart of a series for the terminal (▁▂▃▄▅▆▇█), lowest value to highest.
 * A series longer than `width` is shown as the means of `width` equal buckets; a flat one as ▄.
 */
export function sparkline(values: readonly number[], width = 32): string {
  if (values.length === 0) return '';
  const points = values.length <= width ? [...values] : buckets(values, width);
  const min = Math.min(...points);
  const max = Math.max(...points);
  if (max === min) return BARS[3].repeat(points.length);
  return points.map((value) => BARS[Math.min(BARS.length - 1, Math.floor(((value - min) / (max - min)) * BARS.length))]).join('');
}

function buckets(values: readonly number[], width: number): number[] {
  const means: number[] = [];
  for (let i = 0; i < width; i++) {
    const start = Math.floor((i * values.length) / width);
    const end = Math.floor(((i + 1) * values.length) / width);
    let sum = 0;
    for (let j = start; j < end; j++) sum += values[j]!;
    means.push(sum / (end - start));
  }
  return means;
}
