// The README's quick tour, run as a reader types it: only the workspace location differs ($TRAIL_HOME in a temporary folder).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, shellWords, trail, trailAtTerminal, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

/** The commands of the README's quick start that use `trail` (and the `cd` between them), with the exit code each comment documents (0 unless it says "exit N"). */
function tourCommands(): Array<{ line: string; words: string[]; exit: number }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /^trail /m.test(block));
  return blocks.flatMap((block) =>
    block
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const [command, comment = ''] = line.split(/\s+#\s/, 2) as [string, string?];
        return { line: command.trim(), words: shellWords(command), exit: Number(/\(exit (\d+)/.exec(comment)?.[1] ?? 0) };
      }),
  );
}

// A journal entry written as the learner's editor would: the editor is given the draft file to fill.
const ENTRY =
  'Today a Value learned to remember where it came from. Each operation returns a new Value that keeps its operands and a label, so the whole expression becomes a graph I can walk backwards. Checking the numerical derivative with a smaller h showed the error shrink a hundredfold, which is the central difference doing its job.';
const EDITOR = `"${process.execPath}" -e "require('fs').writeFileSync(process.argv[1], process.env.TOUR_ENTRY)"`;

// A roadmap of the reader's own, for `trail import roadmap.md`.
const ROADMAP =
  '# My roadmap\n\n## Phase 1: Basics\n\n- [ ] Linear algebra refresher\n- [ ] Probability basics\n\n## Phase 2: Models\n\n- [ ] Linear regression\n- [ ] Logistic regression\n';

describe("the README's quick tour", () => {
  it('runs as written, each command with the exit code the README gives', { timeout: 120_000 }, async () => {
    const home = tmp();
    const env = { TRAIL_HOME: home, EDITOR, VISUAL: '', TOUR_ENTRY: ENTRY };
    const commands = tourCommands();
    expect(commands.map((c) => c.words.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['trail tracks', 'trail check', 'trail quiz', 'trail review', 'trail journal', 'trail watch', 'trail import']),
    );
    expect(commands.find((c) => c.words[1] === 'check')?.exit).toBe(1);
    let cwd = tmp();
    const printed = new Map<string, string>();
    for (const { line, words, exit } of commands) {
      if (words[0] === 'cd') {
        cwd = words[1]!.replace(/^~\/\.trailguide/, home);
        writeFileSync(join(cwd, 'roadmap.md'), ROADMAP);
        continue;
      }
      expect(words[0], line).toBe('trail');
      // The person at the terminal: q quits a watch; any other prompt gets its first choice (or 1).
      const run = await trailAtTerminal(words.slice(1), (output) => (/q quit/.test(output.slice(-400)) ? 'q' : '1\r'), { cwd, env });
      expect(run.code, `${line}\n${run.stdout}\n${run.stderr}`).toBe(exit);
      printed.set(words[1]!, run.stdout);
    }
    // Each did its work, not only exited as documented.
    expect(printed.get('start')).toContain(`Your workspace for "nn-first-principles" is ${join(home, 'nn-first-principles')}.`);
    expect(printed.get('check')).toContain('✗ fail experiment');
    expect(printed.get('quiz')).toMatch(/Quiz value-objects › \S+: \d+ of 10 right/);
    expect(printed.get('journal')).toMatch(/journal\/\S+\.md/);
    expect(existsSync(join(cwd, 'my-track', 'track.yaml'))).toBe(true);
  });
});

/** The "Examples:" lines of a help text, each split into its words (the comment left out). */
function examplesOf(help: string): Array<{ line: string; words: string[] }> {
  const block = help.slice(help.indexOf('\nExamples:\n') + '\nExamples:\n'.length);
  return block
    .split('\n')
    .filter((line) => line.startsWith('  trail '))
    .map((line) => line.split(/\s+#\s/)[0]!.trim())
    .map((line) => ({ line, words: shellWords(line) }));
}

describe('the examples of the help', () => {
  it('run as printed: those of `trail --help` from any folder, those of `trail check --help` in a workspace', { timeout: 60_000 }, async () => {
    const home = tmp();
    const env = { TRAIL_HOME: home };
    const program = examplesOf((await trail(['--help'])).stdout);
    expect(program.length).toBeGreaterThanOrEqual(3);
    for (const { line, words } of program) {
      // Only the home's location differs, as a shell would expand ~ to the reader's home.
      const run = await trail(
        words.slice(1).map((word) => word.replace(/^~\/\.trailguide/, home)),
        { cwd: tmp(), env },
      );
      expect(run.code, `${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
    const ws = join(home, 'nn-first-principles');
    for (const name of ['check', 'start']) {
      const examples = examplesOf((await trail([name, '--help'])).stdout);
      expect(examples.length, `trail ${name} --help`).toBeGreaterThanOrEqual(2);
      for (const { line, words } of examples) {
        const run = await trail(words.slice(1), { cwd: ws, env });
        // A check of the starter code fails: exit 1, as the example says.
        expect(run.code, `${line}\n${run.stdout}\n${run.stderr}`).toBe(/^trail check /.test(line) ? 1 : 0);
      }
    }
  });

  it('trail start names its workspace with a command that works from any folder, spaces and all', async () => {
    const home = join(tmp(), 'my trail home');
    const started = await trail(['start', '--track', 'llm-engineering-mastery'], { cwd: tmp(), env: { TRAIL_HOME: home } });
    expect(started.code).toBe(0);
    const printed = /Work on it from any folder with: (trail --workspace .+) <command> \(/.exec(started.stdout)?.[1];
    expect(printed).toBe(`trail --workspace "${join(home, 'llm-engineering-mastery')}"`);
    const run = await trail([...shellWords(printed!).slice(1), 'next'], { cwd: tmp() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('trail check m1');
  });
});
