import { createHash } from 'node:crypto';
import { TrailError } from '../../core/errors.js';

/** How much a learner may upload for one check: per file, in all, and how many files. */
export const UPLOAD_LIMITS = {
  fileBytes: 1024 * 1024,
  uploadBytes: 4 * 1024 * 1024,
  files: 200,
} as const;

/** The request body limit of the upload route: the upload in base64 with room for the JSON around it. */
export const UPLOAD_BODY_BYTES = Math.ceil((UPLOAD_LIMITS.uploadBytes * 4) / 3) + 64 * 1024;

/** One file of an upload as the route receives it: a path in the node's folder and its bytes in base64. */
export interface UploadedFile {
  path: string;
  content: string;
}

/** A file ready to be kept: its path, bytes and digest. */
export interface CheckFile {
  path: string;
  bytes: Buffer;
  sha256: string;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} kB`;

/** Checks a path of the node's folder: relative, "/" separators, no "..", nothing hidden of Trailguide's. */
export function uploadPathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 300) return 'a path of 1 to 300 characters';
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\')) return 'a relative path with "/" separators';
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return 'a path without empty, "." or ".." parts';
  if (parts[0] === '.trail' || parts[0] === '.git') return `a file outside ${parts[0]}/`;
  for (const char of path) if (char.charCodeAt(0) < 0x20) return 'a path without control characters';
  return undefined;
}

/**
 * Decodes and checks an upload: each file within the file limit, all within the upload limit
 * (413 `UPLOAD_TOO_LARGE`, naming the file), valid and distinct paths (400 `UPLOAD_INVALID`).
 */
export function readUpload(files: readonly UploadedFile[]): CheckFile[] {
  if (files.length > UPLOAD_LIMITS.files)
    throw new TrailError(
      'UPLOAD_TOO_LARGE',
      `the upload has ${files.length} files; a check takes ${UPLOAD_LIMITS.files} at most`,
      'upload only the files of the node folder the check runs',
    );
  const seen = new Set<string>();
  const out: CheckFile[] = [];
  let total = 0;
  for (const file of files) {
    const problem = uploadPathProblem(file.path);
    if (problem)
      throw new TrailError(
        'UPLOAD_INVALID',
        `"${file.path}" is not a file of the node folder: it must be ${problem}`,
        'name files relative to the node folder, e.g. "train.py" or "src/model.py"',
      );
    if (seen.has(file.path)) throw new TrailError('UPLOAD_INVALID', `"${file.path}" is uploaded twice`, 'send each file once');
    seen.add(file.path);
    // base64 length says the size before decoding anything large.
    const estimate = Math.floor((file.content.length * 3) / 4);
    if (estimate > UPLOAD_LIMITS.fileBytes + 2) throw tooLarge(file.path, estimate);
    const bytes = Buffer.from(file.content, 'base64');
    if (bytes.length > UPLOAD_LIMITS.fileBytes) throw tooLarge(file.path, bytes.length);
    total += bytes.length;
    if (total > UPLOAD_LIMITS.uploadBytes)
      throw new TrailError(
        'UPLOAD_TOO_LARGE',
        `the upload is over ${kb(UPLOAD_LIMITS.uploadBytes)} in all (at ${file.path})`,
        'leave data sets and outputs out: the check needs only your code',
      );
    out.push({ path: file.path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return out;
}

function tooLarge(path: string, bytes: number): TrailError {
  return new TrailError(
    'UPLOAD_TOO_LARGE',
    `${path} is ${kb(bytes)}; a file of a check upload may have ${kb(UPLOAD_LIMITS.fileBytes)} at most`,
    'leave data sets and outputs out: the check needs only your code',
  );
}
