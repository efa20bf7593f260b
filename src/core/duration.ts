/** Effort in hours, as a range: "2-4 weeks" is { min: 2 weeks, max: 4 weeks } at the track's pace. */
export interface Effort {
  min: number;
  max: number;
}

/** How calendar units turn into hours of effort; a track sets its pace in track.yaml. */
export interface Pace {
  hoursPerWeek: number;
}

export const DEFAULT_PACE: Pace = { hoursPerWeek: 10 };

const UNITS: Array<[RegExp, (pace: Pace) => number]> = [
  [/^(m|mins?|minutes?)$/, () => 1 / 60],
  [/^(h|hrs?|hours?)$/, () => 1],
  [/^(d|days?)$/, (pace) => pace.hoursPerWeek / 7],
  [/^(w|wks?|weeks?)$/, (pace) => pace.hoursPerWeek],
  [/^(mo|mos|months?)$/, (pace) => (pace.hoursPerWeek * 52) / 12],
];

const SHAPE = /^(?:~\s*)?(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*([a-z]+)\.?$/;

/**
 * Parses a duration such as "2-4 weeks", "2–3 Months", "90 min" or "3h" into hours of effort,
 * or returns undefined when the text is not a duration.
 */
export function parseDuration(text: string, pace: Pace = DEFAULT_PACE): Effort | undefined {
  const match = SHAPE.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const [, low, high, unitText] = match;
  const unit = UNITS.find(([pattern]) => pattern.test(unitText!));
  if (!unit) return undefined;
  const perUnit = unit[1](pace);
  const min = Number(low) * perUnit;
  const max = (high === undefined ? Number(low) : Number(high)) * perUnit;
  if (!(min > 0) || max < min) return undefined;
  return { min, max };
}

/** The hours an estimate counts for an effort range: its midpoint. */
export function expectedHours(effort: Effort): number {
  return (effort.min + effort.max) / 2;
}

/** Formats hours for people: "45 min", "3 h", "12.5 h". */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} h`;
}
