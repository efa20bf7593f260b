import { readdirSync, statSync, watch as watchFiles, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface, emitKeypressEvents } from 'node:readline';
import { topologicalOrder } from '../../core/graph.js';
import { TrailError } from '../../core/errors.js';
import type { Node } from '../../core/track.js';
import { openSession, type Session } from '../../workspace/session.js';
import { colours, printLines } from '../output.js';
import { checksOf, runNodeChecks } from '../../workspace/run-checks.js';
import { describeResult, liveListener } from './check.js';
import { reported, requireNode, requireUnlocked } from './common.js';
import { command } from '../command.js';
import type { Cli } from '../context.js';
import { cliHost } from '../host.js';

// The next open node with a check after `current`, in prerequisite order.
function nextNode(session: Session, current: string | undefined): Node | undefined {
  const order = topologicalOrder(session.graph).order.filter((v) => v < session.graph.size);
  const open = order.filter((v) => {
    const state = session.state.nodes[v]!;
    return (state.status === 'available' || state.status === 'in_progress') && session.track.nodes[v]!.criteria.some((c) => c.kind === 'check');
  });
  const at = open.findIndex((v) => session.graph.ids[v] === current);
  const v = open[at + 1] ?? open.find((w) => session.graph.ids[w] !== current);
  return v === undefined ? undefined : session.track.nodes[v];
}

/** `trail watch`. */
export const watchCommand = command({
  name: 'watch',
  description: 're-run the checks of a node whenever you save (h hint, n next node, q quit)',
  arguments: [{ name: '[node]', description: 'node id (default: the first open node with a check)' }],
  options: [{ flags: '--manual', description: 'do not watch files: press Enter to run again' }],
  action: (cli, node: string | undefined, options: { manual?: boolean }) => watch(cli, node, options),
});

/**
 * `trail watch [node]`: runs the node's checks, then again on every save in its folder.
 * Keys (or lines when input is not a terminal): h hint, n next node, q quit, Enter run again.
 */
export async function watch(cli: Cli, nodeId: string | undefined, options: { manual?: boolean }): Promise<number> {
  let session = await openSession(cli.where, cliHost(cli));
  let node = nodeId ? requireNode(session, nodeId).node : nextNode(session, undefined);
  if (!node) throw new TrailError('NODE_NOT_FOUND', 'no open node has an exercise check', '`trail next` shows what is open');
  requireUnlocked(requireNode(session, node.id).state);
  checksOf(node, undefined);
  const c = colours(cli);
  let watcher: FSWatcher | undefined;
  let running = false;
  let again = false;
  let last: Awaited<ReturnType<typeof runNodeChecks>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  // A run writes files of its own (plots, caches): a change counts when a file differs from how
  // the last run left it.
  let leftBy = new Map<string, number>();
  let stopped = false;
  const mtimes = (dir: string) => {
    const found = new Map<string, number>();
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      found.set(relative(dir, path), statSync(path).mtimeMs);
    }
    return found;
  };

  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    session = await openSession(cli.where, cliHost(cli));
    const { state } = requireNode(session, node!.id);
    requireUnlocked(state);
    last = await runNodeChecks(session, node!, checksOf(node!, undefined), liveListener(cli, node!.id), cli.env);
    reported(cli, last.outcome);
    printLines(
      cli,
      '',
      ...last.runs.flatMap(({ criterion, run: r }) =>
        describeResult(cli, criterion, r.result, `${r.dir.slice(session.workspace.root.length + 1)}/result.json`),
      ),
    );
    printLines(cli, c.dim(`watching ${node!.dir}/ — h hint · n next node · q quit · Enter run again`));
    leftBy = mtimes(join(session.workspace.root, node!.dir));
    running = false;
    if (again) {
      again = false;
      await run();
    }
  };
  const follow = (target: Node) => {
    watcher?.close();
    watcher = undefined;
    if (options.manual) return;
    try {
      watcher = watchFiles(join(session.workspace.root, target.dir), { recursive: true }, (_event, file) => {
        // Runs write their own files; only the learner's edits count.
        if (!file || running || /^\.|__pycache__|trail_metrics/.test(String(file))) return;
        const now = statSync(join(session.workspace.root, target.dir, String(file)), { throwIfNoEntry: false })?.mtimeMs;
        if (now !== undefined && now === leftBy.get(String(file))) return;
        clearTimeout(timer);
        timer = setTimeout(() => void rerun(), 200);
      });
    } catch (error) {
      printLines(cli, c.yellow(`File watching is not available here (${(error as Error).message}); press Enter to run again.`));
    }
  };

  // Runs started by a save report errors instead of crashing the watch.
  const rerun = () =>
    run().catch((error: unknown) => {
      running = false;
      cli.stderr.write(`${c.red('error:')} ${(error as Error).message}\n`);
    });
  follow(node);
  await run();
  return new Promise((resolve) => {
    const quit = () => {
      stopped = true;
      watcher?.close();
      clearTimeout(timer);
      input.close();
      if (cli.stdin.isTTY) cli.stdin.setRawMode?.(false);
      // Let the process end: nothing else is waiting for input.
      cli.stdin.destroy?.();
      resolve(last?.runs.every(({ run: r }) => r.result.status === 'pass') ? 0 : 1);
    };
    const command = async (key: string) => {
      if (key === 'q') return quit();
      if (key === 'h') {
        const failed = last?.runs.flatMap(({ run: r }) => r.result.tests).find((t) => t.status !== 'pass' && t.status !== 'skipped');
        printLines(
          cli,
          c.bold('Hint'),
          failed ? `  ${failed.name}: ${failed.message ?? 'failed'}` : '  every test passes',
          ...(node!.exercise ? [`  exercise: ${node!.exercise.text}`] : []),
          ...(node!.mvu ? [`  aim: ${node!.mvu}`] : []),
        );
        return;
      }
      if (key === 'n') {
        session = await openSession(cli.where, cliHost(cli));
        const next = nextNode(session, node!.id);
        if (!next) return printLines(cli, 'No other open node has a check.');
        node = next;
        follow(node);
        return run();
      }
      if (key === '' || key === 'r') return run();
    };
    // A run can fail for reasons of the learner's making (the node locked again): say so and go on.
    const safely = (key: string) =>
      command(key).catch((error: unknown) => {
        running = false;
        cli.stderr.write(`${c.red('error:')} ${(error as Error).message}${error instanceof TrailError && error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      });
    const input = createInterface({ input: cli.stdin, terminal: false });
    if (cli.stdin.isTTY) {
      emitKeypressEvents(cli.stdin);
      cli.stdin.setRawMode?.(true);
      cli.stdin.on('keypress', (text: string | undefined, key: { name?: string; ctrl?: boolean }) => {
        if (key?.ctrl && key.name === 'c') return quit();
        void safely(key?.name === 'return' ? '' : (text ?? ''));
      });
    } else {
      input.on('line', (line) => void safely(line.trim()));
      input.on('close', () => quit());
    }
  });
}
