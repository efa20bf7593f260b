import { formatHours } from '../../core/duration.js';
import { TrailError } from '../../core/errors.js';
import { estimate as estimateTrack } from '../../core/estimate.js';
import { colours, printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import { openFor, type JsonOption } from './common.js';
import type { Cli } from '../context.js';

/** `trail estimate`. */
export const estimateCommand = command({
  name: 'estimate',
  description: 'remaining effort, weeks at your pace, and the critical path',
  options: [{ flags: '--hours-per-week <n>', description: "hours you study per week (default: the track's pace)", parse: parsePositive }, JSON_OPTION],
  action: (cli, options: JsonOption & { hoursPerWeek?: number }) => estimate(cli, options),
});

function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new TrailError('USAGE', `"${value}" is not a positive number of hours`, 'write e.g. --hours-per-week 8');
  return n;
}

/** `trail estimate`: remaining effort, weeks at a pace, and the critical path. */
export async function estimate(cli: Cli, options: JsonOption & { hoursPerWeek?: number }): Promise<number> {
  const session = await openFor(cli, options);
  const hoursPerWeek = options.hoursPerWeek ?? session.track.pace.hoursPerWeek;
  const result = estimateTrack(session.track, session.graph, session.state, hoursPerWeek);
  if (options.json) {
    printJson(cli, { track: { id: session.track.id }, ...result });
    return 0;
  }
  const c = colours(cli);
  const weeks = (hours: number) => `${Math.round((hours / hoursPerWeek) * 10) / 10} weeks`;
  const { remaining } = result;
  if (remaining.expected === 0 && result.unestimated.length > 0) {
    printLines(
      cli,
      `${remaining.nodes} required node(s) remain, but none of them has a duration, so there is no time estimate.`,
      c.dim('Authors give durations in overview.md front matter, e.g. "duration: 2-4 weeks".'),
    );
    return 0;
  }
  const lines = [
    `${c.bold('Remaining')}: ${remaining.nodes} required node(s), ${formatHours(remaining.expected)} (${formatHours(remaining.min)}–${formatHours(remaining.max)})`,
    `At ${hoursPerWeek} h/week: about ${weeks(remaining.expected)} (${weeks(remaining.min)}–${weeks(remaining.max)}).`,
  ];
  if (result.criticalPath.nodes.length) {
    lines.push(
      `${c.bold('Critical path')} (longest prerequisite chain, ${formatHours(result.criticalPath.hours)}, ${weeks(result.criticalPath.hours)}):`,
      `  ${result.criticalPath.nodes.join(' → ')}`,
    );
  }
  if (result.optionalHours > 0) lines.push(c.dim(`Optional nodes add about ${formatHours(result.optionalHours)}.`));
  if (result.unestimated.length)
    lines.push(
      c.dim(
        `${result.unestimated.length} node(s) have no duration and are not counted: ${result.unestimated.slice(0, 8).join(', ')}${result.unestimated.length > 8 ? ', …' : ''}`,
      ),
    );
  printLines(cli, ...lines);
  return 0;
}
