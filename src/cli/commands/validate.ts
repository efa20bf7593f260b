import { existsSync } from 'node:fs';
import { loadTrack } from '../../content/load.js';
import { formatProblem, type Problem } from '../../content/problems.js';
import type { Track } from '../../core/track.js';
import { TrailError } from '../../core/errors.js';
import { openWorkspace } from '../../workspace/workspace.js';
import { colours, printJson, printLines } from '../output.js';
import { command, JSON_OPTION } from '../command.js';
import type { Cli } from '../context.js';
import type { JsonOption } from './common.js';

/** `trail validate`. */
export const validateCommand = command({
  name: 'validate',
  description: 'check a track folder and report every problem as file:line:col',
  arguments: [{ name: '[dir]', description: "track folder (default: the workspace's track)" }],
  options: [JSON_OPTION],
  action: (cli, dir: string | undefined, options: JsonOption) => validate(cli, dir, options),
});

/** `trail validate [dir]`: every problem of a track as `file:line:col: CODE message`; exit 1 on any error. */
export async function validate(cli: Cli, dir: string | undefined, options: JsonOption): Promise<number> {
  const root = dir ? cli.path(dir) : openWorkspace(cli.where).trackDir;
  const display = dir ?? root;
  if (!existsSync(root))
    throw new TrailError(
      'TRACK_NOT_FOUND',
      `no folder ${display}`,
      dir ? 'pass the folder that holds the track.yaml' : "restore the workspace's track folder, or fix .trail/workspace.json",
    );
  const result = loadTrack(root);
  if (result.track) result.problems.push(...(await quizProblems(root, result.track)));
  if (result.problems.some((p) => p.code === 'TRACK_FILE_MISSING') && result.problems.length === 1 && !dir) {
    throw new TrailError('TRACK_NOT_FOUND', `no track.yaml in ${root}`, 'pass the track folder: `trail validate <dir>`');
  }
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  if (options.json) {
    printJson(cli, { dir: display, valid: errors === 0, nodes: result.track?.nodes.length ?? null, errors, warnings, problems: result.problems });
    return errors > 0 ? 1 : 0;
  }
  const c = colours(cli);
  const lines = result.problems.map((problem) => formatProblem(problem, display));
  if (errors > 0) lines.push(c.red(`${errors} error(s), ${warnings} warning(s) in ${display}`));
  else
    lines.push(
      c.green(
        `✓ ${display}: a valid track of ${result.track!.nodes.length} node${result.track!.nodes.length === 1 ? '' : 's'}${warnings ? `, ${warnings} warning(s)` : ''}`,
      ),
    );
  printLines(cli, ...lines);
  return errors > 0 ? 1 : 0;
}

// Quiz files are parsed here rather than in the loader: the Markdown parser they need is loaded
// only by the commands that read quizzes.
async function quizProblems(root: string, track: Track): Promise<Problem[]> {
  if (!track.nodes.some((node) => node.criteria.some((c) => c.kind === 'quiz'))) return [];
  const { proveQuizzes } = await import('../../runner/prove-quizzes.js');
  return proveQuizzes(root, track)
    .filter((proof) => !proof.ok)
    .flatMap((proof) =>
      proof.problems.map((text) => {
        const match = /^(.*?):(\d+): (.*)$/s.exec(text);
        return {
          file: match?.[1] ?? proof.file,
          line: Number(match?.[2] ?? 1),
          col: 1,
          code: 'QUIZ_INVALID' as const,
          severity: 'error' as const,
          message: match?.[3] ?? text,
          hint: 'fix the quiz file; docs/quizzes.md describes the format',
        };
      }),
    );
}
