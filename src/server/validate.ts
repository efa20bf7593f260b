import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './http-error.js';

function problem(where: string, error: z.ZodError): HttpError {
  const first = error.issues[0]!;
  const path = [where, ...first.path.map(String)].join('.');
  return new HttpError('BAD_REQUEST', `${path}: ${first.message}`, error.issues.length > 1 ? `${error.issues.length} problems; this is the first` : undefined);
}

/** The request's JSON body, checked against its schema; a 400 that names the field otherwise. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    throw new HttpError('BAD_REQUEST', 'body: not valid JSON', 'send a JSON object with Content-Type: application/json');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw problem('body', parsed.error);
  return parsed.data;
}

/** The request's query parameters, checked against their schema. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw problem('query', parsed.error);
  return parsed.data;
}
