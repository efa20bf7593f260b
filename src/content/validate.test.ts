import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, trail, trailJson, useTmpDir } from '../test-support/cli.js';
import type { ValidateJson } from '../test-support/cli-json.js';

const FIXTURES = join(ROOT, 'src/content/fixtures');
const validate = (name: string) => trail(['validate', name], { cwd: FIXTURES });

describe('trail validate', () => {
  it('accepts a valid track', async () => {
    const run = await validate('valid');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "✓ valid: a valid track of 2 nodes
      "
    `);
  });

  it('warns about a display formula opened with text on its $$ line, outside code blocks only', async () => {
    const run = await validate('math-block');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "math-block/a/overview.md:19:1: MATH_BLOCK (warning) a display formula starts on its "$$" line and ends on a later line: it will not render, and the text after it is swallowed
        hint: put "$$" alone on the lines before and after the formula
      ✓ math-block: a valid track of 1 node, 1 warning(s)
      "
    `);
  });

  it('warns about an experiment criterion without conditions, which any typed number meets', async () => {
    const run = await validate('experiment-any-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "experiment-any-run/a/overview.md:5:5: EXPERIMENT_ANY_RUN (warning) this experiment criterion has no conditions, so any run — even one typed by hand — meets it
        hint: add conditions under "metrics:" (and "from: check" when the number must be measured), or use a check
      ✓ experiment-any-run: a valid track of 1 node, 1 warning(s)
      "
    `);
  });

  it('reports duplicate ids with the first file', async () => {
    const run = await validate('duplicate-id');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "duplicate-id/02-a-again/overview.md:2:5: DUPLICATE_ID node id "a" is already used by 01-a/overview.md
        hint: give each node its own id; ids are how progress is kept
      1 error(s), 0 warning(s) in duplicate-id
      "
    `);
  });

  it('reports unknown requires, each at its own place, with a suggestion', async () => {
    const run = await validate('unknown-requires');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "unknown-requires/02-next/overview.md:4:12: UNKNOWN_REQUIRES "next" requires "basic", which is not a node of this track
        hint: did you mean "basics"?
      unknown-requires/02-next/overview.md:4:19: UNKNOWN_REQUIRES "next" requires "missing-node", which is not a node of this track
        hint: name the id of a node in this track
      2 error(s), 0 warning(s) in unknown-requires
      "
    `);
  });

  it('prints the path of a cycle, the missing entry node and what the cycle makes unreachable', async () => {
    const run = await validate('cycle');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "cycle/a/overview.md:2:5: NO_ENTRY_NODE no node can be started: every node waits for another
        hint: give at least one node no "requires" (or mark one "anytime: true")
      cycle/a/overview.md:4:12: CYCLE prerequisites form a cycle: a needs c, c needs b, b needs a
        hint: remove one of these "requires" (or move a node to another phase) so the chain has a start
      cycle/d/overview.md:4:12: UNREACHABLE required node "d" can never unlock: it waits for c, which can never be finished
        hint: break the cycle it waits on, or mark the nodes in between "optional: true"
      3 error(s), 0 warning(s) in cycle
      "
    `);
  });

  it('reports unknown criterion kinds with the known ones', async () => {
    const run = await validate('unknown-criterion-kind');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "unknown-criterion-kind/a/overview.md:7:11: UNKNOWN_CRITERION_KIND unknown criterion kind "vibes"
        hint: use one of: attest, journal, quiz, check, experiment, review, paper
      1 error(s), 0 warning(s) in unknown-criterion-kind
      "
    `);
  });

  it('reports referenced files that are missing', async () => {
    const run = await validate('missing-file');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "missing-file/a/overview.md:6:11: MISSING_FILE "experiment.py" is named here but a/experiment.py does not exist
        hint: add the file to the node folder or fix the name
      missing-file/a/overview.md:8:5: MISSING_FILE "quiz.md" is named here but a/quiz.md does not exist
        hint: add the file to the node folder or fix the name
      2 error(s), 0 warning(s) in missing-file
      "
    `);
  });

  it('reports an unknown phase with the declared ones', async () => {
    const run = await validate('unknown-phase');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "unknown-phase/a/overview.md:4:8: UNKNOWN_PHASE phase "two" is not declared in track.yaml
        hint: use one of: one
      1 error(s), 0 warning(s) in unknown-phase
      "
    `);
  });

  it('reports durations it cannot read', async () => {
    const run = await validate('bad-duration');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "bad-duration/a/overview.md:4:11: BAD_DURATION cannot read the duration "a fortnight or so"
        hint: write a number or range and a unit, e.g. "90 min", "3h", "2-4 weeks", "2 months"
      1 error(s), 0 warning(s) in bad-duration
      "
    `);
  });

  it('reports malformed YAML with its line, in overview.md and in track.yaml', async () => {
    const overview = await validate('malformed-yaml');
    expect(overview.code).toBe(1);
    expect(overview.stdout).toMatchInlineSnapshot(`
      "malformed-yaml/a/overview.md:5:1: YAML_SYNTAX Flow sequence in block collection must be sufficiently indented and end with a ]
        hint: fix the YAML at this place: check indentation, colons and quotes
      1 error(s), 0 warning(s) in malformed-yaml
      "
    `);
    const track = await validate('malformed-track-yaml');
    expect(track.code).toBe(1);
    expect(track.stdout).toMatchInlineSnapshot(`
      "malformed-track-yaml/track.yaml:2:1: YAML_SYNTAX Missing closing "quote
        hint: fix the YAML at this place: check indentation, colons and quotes
      1 error(s), 0 warning(s) in malformed-track-yaml
      "
    `);
  });

  it('reports every field problem at once: missing, invalid, unknown', async () => {
    const run = await validate('fields');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "fields/a/overview.md:2:1: FIELD_MISSING missing field "title"
        hint: add "title" (string)
      fields/a/overview.md:3:7: FIELD_INVALID field "kind": Invalid option: expected one of "stage"|"section"|"milestone"|"project"|"topic"
        hint: see docs/track-format.md for what this field takes
      fields/a/overview.md:4:11: FIELD_INVALID field "optional": Invalid input: expected boolean, received string
        hint: see docs/track-format.md for what this field takes
      fields/a/overview.md:5:1: FIELD_UNKNOWN unknown field "colour"
        hint: remove it or check its spelling; docs/track-format.md lists the fields
      fields/track.yaml:3:24: FIELD_INVALID field "rules.1": Invalid option: expected one of "prerequisites"|"sequential"|"phase-gate"
        hint: see docs/track-format.md for what this field takes
      5 error(s), 0 warning(s) in fields
      "
    `);
  });

  it('reports nodes without criteria or front matter, and tracks without nodes', async () => {
    expect((await validate('no-criteria')).stdout).toMatchInlineSnapshot(`
      "no-criteria/a/overview.md:2:5: NO_CRITERIA node "a" has no criteria, so it can never be done
        hint: add criteria, e.g. "- kind: attest" with a statement, or "- kind: journal"
      no-criteria/b/overview.md:1:1: FRONT_MATTER_MISSING overview.md has no front matter
        hint: start the file with a "---" line, the YAML fields (id, title, …) and another "---" line
      2 error(s), 0 warning(s) in no-criteria
      "
    `);
    expect((await validate('no-nodes')).stdout).toMatchInlineSnapshot(`
      "no-nodes/track.yaml:1:1: NO_NODES the track has no nodes
        hint: add a folder per node, each with an overview.md
      1 error(s), 0 warning(s) in no-nodes
      "
    `);
  });

  it('reports two criteria of a node with one id', async () => {
    const run = await validate('duplicate-criterion');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchInlineSnapshot(`
      "duplicate-criterion/a/overview.md:7:5: DUPLICATE_CRITERION criterion id "attest-1" is used twice in node "a"
        hint: give each criterion of a node its own "id"; progress is kept by it
      1 error(s), 0 warning(s) in duplicate-criterion
      "
    `);
  });

  it('warns, without failing, when requires has no effect under the rules', async () => {
    const run = await validate('requires-ignored');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "requires-ignored/b/overview.md:4:11: REQUIRES_IGNORED (warning) "requires" of "b" has no effect: the track's rules (sequential) do not include "prerequisites"
        hint: add "prerequisites" to "rules" in track.yaml, or remove "requires"
      ✓ requires-ignored: a valid track of 2 nodes, 1 warning(s)
      "
    `);
  });

  it('says so when the folder does not exist', async () => {
    const run = await validate('no-such-folder');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('error: no folder no-such-folder\n  hint: pass the folder that holds the track.yaml\n');
  });

  it('prints problems as JSON with --json', async () => {
    const result = await trailJson<ValidateJson>(['validate', 'unknown-phase'], { cwd: FIXTURES });
    expect(result.$code).toBe(1);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      {
        file: 'a/overview.md',
        line: 4,
        col: 8,
        code: 'UNKNOWN_PHASE',
        severity: 'error',
        message: 'phase "two" is not declared in track.yaml',
        hint: 'use one of: one',
      },
    ]);
  });

  const tmp = useTmpDir();
  it('says where to look when a folder holds no track', async () => {
    const run = await trail(['validate', tmp()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('TRACK_FILE_MISSING no track.yaml in');
  });

  it('needs a folder outside a workspace', async () => {
    const run = await trail(['validate'], { cwd: tmp() });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: no Trailguide workspace at');
  });
});
