import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TrackPlan } from './emit.js';

/**
 * Writes a planned track into a folder. Node folders of an earlier version move to their new
 * place (their starter files, solutions and quizzes go with them); folders of units no longer
 * in the document move to `.removed/`, so no author file is ever deleted.
 */
export function writePlan(root: string, plan: TrackPlan): void {
  mkdirSync(root, { recursive: true });
  const staging = join(root, '.import-staging');
  // Two steps, so that folders can swap places.
  for (const move of plan.moves) {
    mkdirSync(staging, { recursive: true });
    renameSync(join(root, move.from), join(staging, move.id));
  }
  for (const gone of plan.removed) {
    const target = join(root, '.removed', gone.id);
    mkdirSync(dirname(target), { recursive: true });
    // An older copy put aside under the same id moves to the first free numbered name.
    if (existsSync(target)) {
      let n = 2;
      while (existsSync(`${target}-${n}`)) n++;
      renameSync(target, `${target}-${n}`);
    }
    renameSync(join(root, gone.dir), target);
  }
  for (const move of plan.moves) {
    mkdirSync(dirname(join(root, move.to)), { recursive: true });
    renameSync(join(staging, move.id), join(root, move.to));
  }
  if (existsSync(staging)) rmdirSync(staging);
  for (const file of plan.files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content);
  }
  removeEmptyFolders(root, root);
}

function removeEmptyFolders(root: string, dir: string): boolean {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && removeEmptyFolders(root, join(dir, entry.name))) continue;
    empty = false;
  }
  if (empty && dir !== root) rmdirSync(dir);
  return empty;
}
