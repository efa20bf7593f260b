import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import type { TrackPlan } from './emit.js';

/**
 * Writes a planned track into a folder, all or nothing: the plan is written into a copy beside
 * the folder, which then takes the folder's place. When writing fails half-way (a file in the
 * way, a full disk) the folder is as it was, or still absent. Node folders of an earlier version
 * move to their new place (their starter files, solutions and quizzes go with them); folders of
 * units no longer in the document move to `.removed/`, so no author file is ever deleted.
 */
export function writePlan(root: string, plan: TrackPlan): void {
  const made = mkdirSync(dirname(root), { recursive: true });
  const staging = mkdtempSync(join(dirname(root), `.${basename(root)}.import-`));
  const old = `${staging}.old`;
  try {
    if (existsSync(root)) cpSync(root, staging, { recursive: true, verbatimSymlinks: true });
    applyPlan(staging, plan);
    if (existsSync(root)) renameSync(root, old);
    try {
      renameSync(staging, root);
    } catch (error) {
      if (existsSync(old)) renameSync(old, root);
      throw error;
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (made) rmSync(made, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      const where = String((error as NodeJS.ErrnoException).path ?? '').slice(staging.length + 1);
      throw new TrailError(
        'OUTPUT_EXISTS',
        `cannot write the track in ${root}: a file is in the way of ${where || 'a node folder'}; nothing was written`,
        'move or rename that file, and import again',
      );
    }
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

// The plan written over a folder: moves first, then the files.
function applyPlan(root: string, plan: TrackPlan): void {
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
