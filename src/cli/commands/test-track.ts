import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import { loadValidTrack } from '../../workspace/track-cache.js';
import { proveChecks } from '../../runner/test-track.js';
import { writeFileAtomic } from '../../store/safe-files.js';
import { colours, printJson, printLines } from '../output.js';
import type { Track } from '../../core/track.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import type { JsonOption } from './common.js';

/** `trail test-track`. */
export const testTrackCommand = command({
  name: 'test-track',
  description: 'content CI: every check fails on the starter files and passes on solution/',
  arguments: [{ name: '<dir>', description: 'track folder' }],
  options: [
    { flags: '-n, --node <id...>', description: 'prove only these nodes (repeat or list several)' },
    { flags: '-j, --jobs <n>', description: 'checks proven at once (default: the number of cores)' },
    JSON_OPTION,
  ],
  action: (cli, dir: string, options: JsonOption & { node?: string[]; jobs?: string }) => testTrack(cli, dir, options),
});

/** `trail test-track <dir>`: every check fails on the starter files and passes on solution/; every quiz parses and its answers are right. */
export async function testTrack(cli: Cli, dir: string, options: JsonOption & { node?: string[]; jobs?: string }): Promise<number> {
  const root = cli.path(dir);
  if (!existsSync(join(root, 'track.yaml'))) throw new TrailError('TRACK_NOT_FOUND', `no track.yaml in ${dir}`, 'pass the folder of a track');
  const track = selectNodes(await loadValidTrack(root), options.node);
  const checks = await proveChecks(root, track, { env: cli.env, now: cli.now, writeFile: writeFileAtomic }, jobsOf(options.jobs));
  const { proveQuizzes } = await import('../../runner/prove-quizzes.js');
  const quizzes = proveQuizzes(root, track);
  const ok = checks.every((proof) => proof.ok) && quizzes.every((proof) => proof.ok);
  if (options.json) {
    // Checks skipped on this machine (a need it lacks) are listed apart: they were not proven to pass.
    printJson(cli, { track: track.id, ok, checks: checks.filter((p) => !p.skipped), skipped: checks.filter((p) => p.skipped), quizzes });
    return ok ? 0 : 1;
  }
  const c = colours(cli);
  const lines = checks.map((p) =>
    p.skipped
      ? `${c.yellow('⊘')} ${p.node} › ${p.criterion}: starter ${p.starter}, solution ${p.skipped}`
      : `${p.ok ? c.green('✓') : c.red('✗')} ${p.node} › ${p.criterion}: starter ${p.starter}, solution ${p.solution ?? '—'}${p.problem ? ` — ${p.problem}` : ''} ${c.dim(`(${seconds(p.durationMs.starter)}${p.durationMs.solution === null ? '' : ` + ${seconds(p.durationMs.solution)}`})`)}`,
  );
  for (const q of quizzes)
    lines.push(
      `${q.ok ? c.green('✓') : c.red('✗')} ${q.node} › ${q.criterion}: quiz of ${q.questions} question(s)`,
      ...q.problems.map((problem) => `    ${problem}`),
    );
  const failed = checks.filter((p) => !p.ok).length + quizzes.filter((q) => !q.ok).length;
  const skipped = checks.filter((p) => p.skipped).length;
  const proven = `${checks.length - skipped} check(s) and ${quizzes.length} quiz(zes) proven${skipped ? `, ${skipped} check(s) skipped on this machine` : ''}`;
  lines.push(ok ? c.green(`✓ ${track.id}: ${proven}`) : c.red(`${failed} of ${checks.length + quizzes.length} check(s) and quizzes not proven in ${track.id}`));
  printLines(cli, ...lines);
  return ok ? 0 : 1;
}

// `--node a --node b` proves only those nodes; an id that is not in the track is an error, not an empty run.
function selectNodes(track: Track, ids: string[] | undefined): Track {
  if (!ids || ids.length === 0) return track;
  const unknown = ids.filter((id) => !track.nodes.some((node) => node.id === id));
  if (unknown.length > 0)
    throw new TrailError(
      'NODE_NOT_FOUND',
      `no node ${unknown.map((id) => `"${id}"`).join(', ')} in track ${track.id}`,
      `its nodes: ${track.nodes.map((node) => node.id).join(', ')}`,
    );
  return { ...track, nodes: track.nodes.filter((node) => ids.includes(node.id)) };
}

// Checks are separate processes, mostly waiting on one core each: by default as many run at once as there are cores.
function jobsOf(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new TrailError('USAGE', `--jobs must be a whole number of at least 1, not "${value}"`, 'e.g. --jobs 2; the default is the number of cores');
  return jobs;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
