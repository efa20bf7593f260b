import { constants, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Track } from '../core/track.js';

// Never copied to the learner: the overview is shown by `trail show`, quizzes hold their
// answers, and solution/ is the reference.
const TRACK_ONLY = new Set(['overview.md', 'quiz.md', 'solution']);

/** What copying starter files did: files copied, and learner files kept as they were. */
export interface StarterCopy {
  copied: string[];
  kept: string[];
}

/** Copies each node's starter files into the workspace, never overwriting a file that is there. */
export function copyStarterFiles(trackDir: string, track: Track, workspace: string): StarterCopy {
  const result: StarterCopy = { copied: [], kept: [] };
  const copy = (relative: string, top: boolean, quizzes: ReadonlySet<string>) => {
    for (const entry of readdirSync(join(trackDir, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || (top && TRACK_ONLY.has(entry.name))) continue;
      const path = `${relative}/${entry.name}`;
      if (quizzes.has(path)) continue;
      if (entry.isDirectory()) {
        copy(path, false, quizzes);
        continue;
      }
      const target = join(workspace, path);
      if (existsSync(target)) {
        result.kept.push(path);
        continue;
      }
      mkdirSync(join(workspace, relative), { recursive: true });
      copyFileSync(join(trackDir, path), target, constants.COPYFILE_EXCL);
      result.copied.push(path);
    }
  };
  for (const node of track.nodes) {
    // A quiz under another name than quiz.md holds its answers all the same.
    const quizzes = new Set(node.criteria.flatMap((criterion) => (criterion.kind === 'quiz' ? [posix.normalize(`${node.dir}/${criterion.file}`)] : [])));
    copy(node.dir, true, quizzes);
  }
  return result;
}
