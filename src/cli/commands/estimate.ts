import { formatHours } from '../../core/duration.js';
import { estimate } from '../../core/estimate.js';
import { colours, printJson, printLines } from '../output.js';
import { openFor, type JsonOption } from './common.js';

/** `trail estimate`: remaining effort, weeks at a pace, and the critical path. */
export async function estimateCommand(where: string, options: JsonOption & { hoursPerWeek?: number }): Promise<number> {
  const session = await openFor(where, options);
  const hoursPerWeek = options.hoursPerWeek ?? session.track.pace.hoursPerWeek;
  const result = estimate(session.track, session.graph, session.state, hoursPerWeek);
  if (options.json) {
    printJson({ track: { id: session.track.id }, ...result });
    return 0;
  }
  const c = colours();
  const weeks = (hours: number) => `${Math.round((hours / hoursPerWeek) * 10) / 10} weeks`;
  const { remaining } = result;
  if (remaining.expected === 0 && result.unestimated.length > 0) {
    printLines(`${remaining.nodes} required node(s) remain, but none of them has a duration, so there is no time estimate.`, c.dim('Authors give durations in overview.md front matter, e.g. "duration: 2-4 weeks".'));
    return 0;
  }
  const lines = [
    `${c.bold('Remaining')}: ${remaining.nodes} required node(s), ${formatHours(remaining.expected)} (${formatHours(remaining.min)}–${formatHours(remaining.max)})`,
    `At ${hoursPerWeek} h/week: about ${weeks(remaining.expected)} (${weeks(remaining.min)}–${weeks(remaining.max)}).`,
  ];
  if (result.criticalPath.nodes.length) {
    lines.push(`${c.bold('Critical path')} (longest prerequisite chain, ${formatHours(result.criticalPath.hours)}, ${weeks(result.criticalPath.hours)}):`, `  ${result.criticalPath.nodes.join(' → ')}`);
  }
  if (result.optionalHours > 0) lines.push(c.dim(`Optional nodes add about ${formatHours(result.optionalHours)}.`));
  if (result.unestimated.length) lines.push(c.dim(`${result.unestimated.length} node(s) have no duration and are not counted: ${result.unestimated.slice(0, 8).join(', ')}${result.unestimated.length > 8 ? ', …' : ''}`));
  printLines(...lines);
  return 0;
}
