import { z } from 'zod';
import { NodeFrontMatter, TrackFile } from '../core/schema.js';

/** JSON Schemas of overview.md front matter and track.yaml, generated from the zod schemas. */
export function jsonSchemas(): Record<'node' | 'track', Record<string, unknown>> {
  const make = (schema: z.ZodType, title: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    title,
  });
  return {
    node: make(NodeFrontMatter, 'Trailguide node (front matter of overview.md)'),
    track: make(TrackFile, 'Trailguide track (track.yaml)'),
  };
}
