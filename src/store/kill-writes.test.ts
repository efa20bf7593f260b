import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns } from './runs.js';
import type { RunProblem } from '../core/runs.js';
import { readPapers } from './papers.js';
import type { Criterion } from '../core/track.js';
import { readLatestChecks } from './checks.js';
import { MILESTONES, overview, ROOT, trail, useTmpDir, writeTree } from '../test-support/cli.js';
import { readEventLog } from './event-log.js';
import { readJournal } from './journal.js';
import { openWorkspace } from '../workspace/workspace.js';

const tmp = useTmpDir();

// A writer that never stops: journal entries, paper notes, events, runs, check runs of `trackDir` and an export file.
function writer(root: string, trackDir: string): string {
  const dist = (path: string) => JSON.stringify(join(ROOT, 'dist', path));
  return `
    const { writeJournalEntry } = await import(${dist('store/journal.js')});
    const { writePaper } = await import(${dist('store/papers.js')});
    const { appendEvents } = await import(${dist('store/event-log.js')});
    const { writeRunFile } = await import(${dist('store/runs.js')});
    const { openWorkspace } = await import(${dist('workspace/workspace.js')});
    const { writeFileAtomic } = await import(${dist('store/safe-files.js')});
    const { runCheck } = await import(${dist('runner/check.js')});
    const { loadValidTrack } = await import(${dist('workspace/track-cache.js')});
    const workspace = openWorkspace(${JSON.stringify(root)});
    const trackDir = ${JSON.stringify(trackDir)};
    const [node] = (await loadValidTrack(trackDir)).nodes;
    // Entries of 1 MB with an event of 100 kB: each round writes for milliseconds, so kills land in the middle of writes.
    const body = 'word '.repeat(200000);
    const small = 'word '.repeat(1000);
    for (let i = 0; ; i++) {
      const stamp = process.pid + '-' + i;
      await writeJournalEntry(workspace, { node: 'm1', title: 'entry ' + stamp, tags: [], body: body + ' end-' + stamp, date: new Date() });
      await writePaper(workspace, { title: 'Paper ' + stamp, authors: [], year: null, url: 'https://example.org/' + stamp, nodes: [], status: 'to-read' });
      appendEvents(workspace.eventsPath, [{ id: '01KILL' + String(i).padStart(20, '0') + process.pid, timestamp: new Date().toISOString(), actor: { name: 'k' }, verb: 'attested', object: { type: 'criterion', node: 'm1', criterion: 'exit-1' }, result: { response: 'x'.repeat(100000) } }]);
      writeRunFile(workspace, { id: '01RUN' + process.pid + 'X' + i, node: 'm1', criterion: null, kind: 'manual', command: null, objective: 'o', params: {}, notes: small, startedAt: new Date().toISOString(), durationMs: null, exitCode: null, status: null, metrics: { loss: [1] }, artifacts: [], gitCommit: null });
      writeFileAtomic(workspace.root + '/PROGRESS.md', small + stamp);
      await runCheck({ workspaceRoot: workspace.root, trackDir, node, criterion: node.criteria[0], runId: '01CHECK' + process.pid + 'X' + i, now: new Date(), env: process.env, writeFile: writeFileAtomic });
      // One whole round of writes first, then the kill can come at any moment.
      if (i === 0) process.stdout.write('ready\\n');
    }`;
}

/** Starts the writer, lets it write for `ms`, then kills it with SIGKILL. */
function killAfter(root: string, trackDir: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(root, trackDir)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
    child.on('exit', () => resolve());
  });
}

describe('a writer killed in the middle of writing', () => {
  it('leaves no half file that the next read trips on, and loses nothing written before', async () => {
    const root = tmp();
    expect((await trail(['init', root, '--track', MILESTONES])).code).toBe(0);
    mkdirSync(join(root, 'journal'), { recursive: true });
    // A check whose result keeps about 60 kB of output: a write long enough for a kill to land in.
    const trackDir = writeTree(tmp(), {
      'track.yaml': 'id: k\ntitle: K\n',
      'a/overview.md': overview('id: a\ntitle: A\ncriteria:\n  - kind: check\n    id: run\n    run: seq 1 12000'),
    });
    for (let round = 0; round < 6; round++) await killAfter(root, trackDir, 30 + Math.floor(Math.random() * 120));
    const workspace = openWorkspace(root);

    const journal = await readJournal(workspace);
    expect(journal.problems).toEqual([]);
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const entry of journal.entries) expect(entry.body.trim()).toMatch(/ end-\d+-\d+$/);
    expect(readPapers(workspace).problems).toEqual([]);
    const problems: RunProblem[] = [];
    expect(listRuns(workspace, problems).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Every check run's result that is there is whole, and so is the check's latest result.
    const checkRuns = readdirSync(join(root, '.trail/runs')).filter((id) => id.startsWith('01CHECK'));
    expect(checkRuns.length).toBeGreaterThan(0);
    for (const id of checkRuns) {
      const result = join(root, '.trail/runs', id, 'result.json');
      if (existsSync(result)) expect(JSON.parse(readFileSync(result, 'utf8'))).toMatchObject({ version: 1 });
    }
    const latest = readLatestChecks(root, { id: 'a', criteria: [{ kind: 'check', id: 'run' } as Criterion] });
    expect(latest.problems).toEqual([]);
    expect(latest.results.run).toMatchObject({ version: 1, status: 'pass' });
    expect(readdirSync(join(root, '.trail/checks/a'))).toEqual(['run.json']);
    expect(readFileSync(join(root, 'PROGRESS.md'), 'utf8')).toMatch(/^(?:word ){1000}\d+-\d+$/);

    // The log may end in a torn line (reported); every whole line before it is an event.
    const log = readEventLog(workspace.eventsPath);
    expect(log.events.length).toBeGreaterThan(0);
    for (const problem of log.problems) expect(problem.message).toMatch(/is torn|is not valid JSON/);
    // What a killed writer left behind is hidden in .trail/: `.tmp` files no reader looks at.
    expect([...readdirSync(join(root, 'journal')), ...readdirSync(join(root, 'papers_notes'))].filter((name) => !name.endsWith('.md'))).toEqual([]);
    for (const name of readdirSync(join(root, '.trail'))) expect(name).toMatch(/^(?:\..*\.tmp|[\w.-]+\.(?:json|jsonl|tmp|out)|runs|checks)$/);

    const status = await trail(['status', '--json'], { cwd: root });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).warnings.every((warning: string) => warning.startsWith('.trail/events.jsonl: line'))).toBe(true);
  });
});
