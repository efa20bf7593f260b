import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../core/errors.js';
import type { Track } from '../../core/track.js';
import { loadTrack, readTrack } from '../load.js';
import { formatProblem } from '../problems.js';
import { diskFiles, memoryFiles, type TrackFiles } from '../track-files.js';
import { planTrack, type TrackPlan } from './emit.js';
import { inferTrack } from './infer.js';
import type { ImportedTrack } from './model.js';

/** What to import: the document, and the track it updates (`--into`) or nothing for a new one. */
export interface ImportRequest {
  /** The roadmap document's text and file name (the name is recorded in the track). */
  text: string;
  fileName: string;
  /** The folder of a track imported before, updated keeping its node ids; `shown` is how errors name it. */
  into?: { dir: string; shown: string };
  /** A selector naming the reading the units come from (`--units`). */
  units?: string;
  /** The id of a new track (`--id`). */
  id?: string;
}

/** The reading of a document and the track files it makes, checked as a track before anything is written. */
export interface PreparedImport {
  imported: ImportedTrack;
  plan: TrackPlan;
}

/**
 * Reads a roadmap document into a track and plans its files. Every refusal (a bad id, a track to
 * update that is missing or invalid, a document with no curriculum, a track that would not
 * validate) is a TrailError thrown before anything is written; `writePlan` writes the result.
 */
export function prepareImport(request: ImportRequest): PreparedImport {
  if (request.id !== undefined && !/^[a-z0-9][a-z0-9._-]*$/.test(request.id))
    throw new TrailError('USAGE', `"${request.id}" is not a track id`, 'use lower-case letters, digits, ".", "_" or "-", e.g. --id my-roadmap');
  const previous = request.into ? previousTrack(request.into.dir, request.into.shown) : undefined;
  const imported = inferTrack(request.text, { fileName: request.fileName, units: request.units });
  const plan = planTrack(imported, { fileName: request.fileName, previous, idOverride: request.id });
  const check = readTrack(plannedFiles(request.into?.dir, plan));
  const errors = check.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new TrailError(
      'TRACK_INVALID',
      `the track read from ${request.fileName} would not validate, so nothing was written:\n${errors
        .slice(0, 5)
        .map((problem) => formatProblem(problem))
        .join('\n')}`,
      'name the units with --units, or report the document with this message: the importer should not make an invalid track',
    );
  }
  return { imported, plan };
}

function previousTrack(dir: string, shown: string): Track {
  if (!existsSync(join(dir, 'track.yaml'))) throw new TrailError('TRACK_NOT_FOUND', `no track.yaml in ${shown}`, 'use --out to create a new track');
  const loaded = loadTrack(dir);
  if (!loaded.track) {
    const listed = loaded.problems
      .filter((p) => p.severity === 'error')
      .slice(0, 5)
      .map((p) => formatProblem(p, shown))
      .join('\n');
    throw new TrailError(
      'TRACK_INVALID',
      `the track in ${shown} has problems; fix them before re-importing:\n${listed}`,
      `\`trail validate ${shown}\` lists them all`,
    );
  }
  return loaded.track;
}

/**
 * The track as it will be once the plan is written over `root`: the planned files, and the other
 * files of node folders that are kept or moved (a starter file, a quiz) where they will be.
 */
function plannedFiles(root: string | undefined, plan: TrackPlan): TrackFiles {
  const written = new Map(plan.files.map((file) => [file.path, file.content]));
  const planned = memoryFiles(written);
  if (!root) return planned;
  const disk = diskFiles(root, planned.layout);
  const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
  // Where a path of the new track is now; undefined for a folder the plan empties (moved or removed).
  const now = (path: string): string | undefined => {
    const move = plan.moves.find((m) => under(path, m.to));
    if (move) return `${move.from}${path.slice(move.to.length)}`;
    const vacated = plan.moves.some((m) => under(path, m.from)) || plan.removed.some((gone) => under(path, gone.dir));
    return vacated ? undefined : path;
  };
  return {
    layout: planned.layout,
    read: (path) => {
      if (written.has(path)) return written.get(path);
      const before = now(path);
      return before === undefined ? undefined : disk.read(before);
    },
    exists: (path) => {
      if (planned.exists(path)) return true;
      const before = now(path);
      return before !== undefined && disk.exists(before);
    },
  };
}
