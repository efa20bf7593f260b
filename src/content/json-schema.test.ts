import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/cli.js';
import { findNodeDirs } from './walk.js';
import { jsonSchemas } from './json-schema.js';
import { splitFrontMatter } from './front-matter.js';

const published = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schema', `${name}.schema.json`), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });

describe('published JSON Schemas', () => {
  it('are the ones the zod schemas generate (run `npm run schema` after changing them)', () => {
    const generated = jsonSchemas();
    expect(published('node')).toEqual(JSON.parse(JSON.stringify(generated.node)));
    expect(published('track')).toEqual(JSON.parse(JSON.stringify(generated.track)));
  });

  it('accept the front matter and track.yaml of every built-in track', () => {
    const node = ajv.compile(published('node'));
    const track = ajv.compile(published('track'));
    for (const id of ['first-principles-to-agents', 'learning-path', 'llm-engineering-mastery', 'llm-roadmap', 'nn-first-principles']) {
      const dir = join(ROOT, 'tracks', id);
      expect(track(parse(readFileSync(join(dir, 'track.yaml'), 'utf8'))), JSON.stringify(track.errors)).toBe(true);
      for (const nodeDir of findNodeDirs(dir)) {
        const front = splitFrontMatter(readFileSync(join(dir, nodeDir, 'overview.md'), 'utf8'))!;
        expect(node(parse(front.yaml)), `${id}/${nodeDir}: ${JSON.stringify(node.errors)}`).toBe(true);
      }
    }
  });

  it('reject what the validator rejects: unknown fields, unknown kinds, bad ids', () => {
    const node = ajv.compile(published('node'));
    expect(node({ id: 'a', title: 'A', colour: 'blue' })).toBe(false);
    expect(node({ id: 'a', title: 'A', criteria: [{ kind: 'vibes' }] })).toBe(false);
    expect(node({ id: 'Not An Id', title: 'A' })).toBe(false);
    expect(node({ id: 'a', title: 'A', exercise: 'Do the thing' })).toBe(true);
  });
});
