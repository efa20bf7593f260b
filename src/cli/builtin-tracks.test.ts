import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail } from '../test-support/cli.js';

// A file of its own: the proofs are the suite's longest tests, and the runner balances files, not tests.
const BUILTIN = readdirSync(join(ROOT, 'tracks'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('trail test-track on every built-in track: each check fails on its starter and passes on its solution, each quiz parses', () => {
  it('finds the five built-in tracks', () => {
    expect(BUILTIN).toEqual(['first-principles-to-agents', 'learning-path', 'llm-engineering-mastery', 'llm-roadmap', 'nn-first-principles']);
  });

  // Each proof runs every check of a track twice (starter and solution): dozens of programs,
  // which take longer than one test's default limit on a busy machine.
  it.each(BUILTIN)('passes on the built-in track %s', { timeout: 180_000 }, async (id) => {
    const proof = await trail(['test-track', join(ROOT, 'tracks', id)]);
    expect(proof.code, `${proof.stdout}${proof.stderr}`).toBe(0);
  });
});
