import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// The longest files, started first so that none runs alone at the end while a core idles. Vitest
// orders by the durations of the last run when it has them; a fresh clone (CI) has none, and its
// fallback (larger files first) would start the built-in track proofs, a small file, last.
const LONG = ['src/cli/builtin-tracks.test.ts', 'src/content/import/fuzz.test.ts', 'src/web-e2e/'];

class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONG.findIndex((part) => file.moduleId.includes(part));
      return at === -1 ? LONG.length : at;
    };
    return sorted.map((file, index) => ({ file, index })).sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index).map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test-support/global-setup.ts'],
    // Test files spend much of their time waiting on learners' programs, browsers and databases
    // in other processes: one file per core keeps the cores busy (vitest's default leaves one idle).
    maxWorkers: availableParallelism(),
    // A worker process runs file after file without starting afresh: a fresh process and module
    // graph per file cost a tenth of the suite's CPU. Nothing below the CLI keeps process-wide
    // state a test could leave behind (the environment, the clock and the folder are passed in;
    // what the sandbox learns is kept per set of tools found).
    isolate: false,
    restoreMocks: true,
    sequence: { sequencer: LongFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A poll waits for what a page or a process will show: on a busy machine that takes more than
    // vitest's default second, and a poll that passes returns as soon as it does.
    expect: { poll: { timeout: 10_000 } },
  },
});
