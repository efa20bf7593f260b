import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from '../../core/track.js';
import { enqueueCheck, type CheckJob, type CheckSpec, type QueueAdd, type SqlPool } from './store.js';
import { readUpload, type CheckFile, type UploadedFile } from './upload.js';

/** Attempts a check job gets before it is given up (the dead letter). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * The track's files a check runs with (check files, tests, starter files): sent with the job, so
 * a worker on another machine needs nothing but the database, and runs the track as it was when
 * the learner asked.
 */
export function trackFilesOf(trackDir: string, node: Node, criterion: CheckSpec): CheckFile[] {
  const paths = new Set([...criterion.checkFiles, ...(criterion.tests?.files ?? []), ...criterion.files]);
  const files: CheckFile[] = [];
  for (const path of paths) {
    const source = join(trackDir, node.dir, path);
    // A starter file the track does not ship is the learner's to write.
    if (!existsSync(source) && criterion.files.includes(path) && !criterion.checkFiles.includes(path)) continue;
    const bytes = readFileSync(source);
    files.push({ path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return files;
}

/** What a learner asks for: one check of a node, with their files. */
export interface CheckSubmission {
  learner: string;
  /** Who the verified events name as their actor (the learner's email); the learner's id when absent. */
  actor?: string;
  track: string;
  trackDir: string;
  node: Node;
  criterion: CheckSpec;
  files: readonly UploadedFile[];
  maxAttempts?: number;
  now: Date;
}

/** Checks the upload's size and paths, keeps the files and queues the job; returns the job. */
export async function submitCheck(pool: SqlPool, queue: QueueAdd, submission: CheckSubmission): Promise<CheckJob> {
  const learnerFiles = readUpload(submission.files);
  return enqueueCheck(pool, queue, {
    learner: submission.learner,
    ...(submission.actor === undefined ? {} : { actor: submission.actor }),
    track: submission.track,
    node: submission.node,
    criterion: submission.criterion,
    learnerFiles,
    trackFiles: trackFilesOf(submission.trackDir, submission.node, submission.criterion),
    maxAttempts: submission.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    now: submission.now,
  });
}
