import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../core/check.js';
import type { Node } from '../../core/track.js';
import type { CheckSpec } from '../../workspace/run-checks.js';
import type { Session } from '../../workspace/session.js';
import { requireNode } from '../../workspace/actions.js';
import { colours, printJson, printLines } from '../output.js';
import type { Cli } from '../context.js';
import { teamClient } from '../team-client.js';
import { openFor } from './common.js';
import { describeResult } from './check.js';
import { syncWorkspace } from './sync.js';
import { teamCredential } from './team.js';

// What a node folder holds that is not the learner's code: caches and the like, never uploaded.
const LEFT_OUT = new Set(['__pycache__', 'node_modules', '.ipynb_checkpoints']);

/** The files of a node folder as a team server takes them: paths relative to it, bytes in base64; hidden files and caches left out. */
export function nodeFolderFiles(folder: string, prefix = ''): Array<{ path: string; content: string }> {
  const files: Array<{ path: string; content: string }> = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || LEFT_OUT.has(entry.name)) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...nodeFolderFiles(folder, path));
    else if (entry.isFile() || statSync(join(folder, path)).isFile()) files.push({ path, content: readFileSync(join(folder, path)).toString('base64') });
  }
  return files;
}

/** A check the team's workers ran: its job, the worker, and the result (or why it could not be run). */
interface Verified {
  criterion: string;
  job: string;
  worker?: string;
  result?: CheckResult;
  failure?: { code: string; message: string };
}

/**
 * `trail check <node> --submit`: sends the workspace's events to the team server, uploads the
 * node folder's files for each check, follows each job as the team's workers run it (output as it
 * comes), then brings the verified runs back into the workspace. Exit codes as `trail check`.
 */
export async function submitChecks(
  cli: Cli,
  session: Session,
  node: Node,
  checks: readonly CheckSpec[],
  options: { server?: string; json?: boolean; workspace?: string },
): Promise<number> {
  const { server, token, email } = teamCredential(cli, options.server);
  const c = colours(cli, cli.stderr);
  const client = teamClient(server, token);
  // The learner follows the track on the server too (a built-in track; the server has no other), and the
  // server decides what is open from the events it holds: it gets this workspace's first.
  await client.call('/tracks', { method: 'POST', body: JSON.stringify({ track: session.track.id }) });
  await syncWorkspace(cli, session, server, token);
  const files = nodeFolderFiles(join(session.workspace.root, node.dir));
  const verified: Verified[] = [];
  for (const criterion of checks) {
    const { job } = await client.call<{ job: string }>(`/tracks/${encodeURIComponent(session.track.id)}/nodes/${encodeURIComponent(node.id)}/checks`, {
      method: 'POST',
      body: JSON.stringify({ criterion: criterion.id, files }),
    });
    const done: Verified = { criterion: criterion.id, job };
    verified.push(done);
    if (!options.json)
      cli.stderr.write(`${c.bold(`▶ ${node.id} › ${criterion.id}`)} ${c.dim(`${files.length} file(s) sent to ${server} as ${email}; job ${job}`)}\n`);
    await client.follow(`/jobs/${encodeURIComponent(job)}`, ({ event, data }) => {
      const value = JSON.parse(data) as Record<string, unknown>;
      if (event === 'output' && !options.json) (value.stream === 'stdout' ? cli.stdout : cli.stderr).write(String(value.text));
      else if ((event === 'attempt' || event === 'retrying') && !options.json)
        cli.stderr.write(
          c.dim(
            `${event === 'attempt' ? 'attempt' : 'attempt failed, retrying:'} ${value.attempt} of ${value.of} on ${value.worker}${value.error ? ` (${value.error})` : ''}\n`,
          ),
        );
      else if (event === 'result') {
        done.result = value.result as CheckResult;
        done.worker = String(value.worker ?? '');
      } else if (event === 'failure') done.failure = value as Verified['failure'];
      return event === 'done' || event === 'failure';
    });
  }
  // The verified runs come back as events of this workspace.
  await syncWorkspace(cli, session, server, token);
  const after = await openFor(cli, options);
  const status = requireNode(after, node.id).state.status;
  const failed = verified.some((run) => run.failure || run.result?.status === 'error');
  const code = failed ? 4 : verified.every((run) => run.result?.status === 'pass' || run.result?.status === 'skipped') ? 0 : 1;
  if (options.json) {
    printJson(cli, { node: node.id, server, runs: verified, status });
    return code;
  }
  printLines(
    cli,
    '',
    ...verified.flatMap((run) =>
      run.result
        ? describeResult(cli, run.criterion, run.result, `verified by ${run.worker} on ${server} (job ${run.job})`)
        : [`${colours(cli).red('! error')} ${run.criterion}: ${run.failure?.message ?? 'the job ended without a result'}`],
    ),
    `${node.id} is ${status.replace('_', ' ')} on your workspace, with the verified runs synced back.`,
  );
  return code;
}
