import { createReadStream, realpathSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { isAbsolute, join, sep } from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';

const forbidden = (path: string) =>
  new HttpError('FORBIDDEN', `${path}: only files inside the workspace can be read, and not hidden ones`, 'ask for a path such as visualizations/<file>.svg');

/** Files of a workspace (plots, artifacts): never outside it, never hidden, never run as a page. */
export function fileRoutes({ library }: ServerContext): Hono {
  return new Hono().get('/tracks/:track/files/*', async (c) => {
    const prefix = `/api/tracks/${c.req.param('track')}/files/`;
    const raw = c.req.path.slice(c.req.path.indexOf('/files/') + '/files/'.length);
    let path: string;
    try {
      path = decodeURIComponent(raw);
    } catch {
      throw forbidden(raw);
    }
    const parts = path.split(/[\\/]/);
    if (!path || isAbsolute(path) || path.includes('\0') || parts.some((part) => part === '..' || part.startsWith('.'))) throw forbidden(path);
    const { session } = await library.snapshot(c.req.param('track'));
    const root = realpathSync(session.workspace.root);
    let real: string;
    try {
      real = realpathSync(join(root, path));
    } catch {
      throw new HttpError('NOT_FOUND', `no file ${path} in the workspace`, `files are named from the workspace, e.g. ${prefix}visualizations/<file>.svg`);
    }
    // A symlink may point out of the workspace: what counts is where it leads.
    const stat = statSync(real);
    if (!real.startsWith(root + sep) || !stat.isFile()) throw forbidden(path);
    const type = getMimeType(real) ?? 'application/octet-stream';
    // Streamed from the disk: a large artifact is never held whole in memory.
    const body = Readable.toWeb(createReadStream(real)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, {
      'Content-Type': type,
      'Content-Length': String(stat.size),
      'Content-Security-Policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    });
  });
}
