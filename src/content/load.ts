import type { z } from 'zod';
import { parseDuration, type Effort } from '../core/duration.js';
import { parseBytes, parseSeconds } from '../core/limits.js';
import { CRITERION_KINDS, NodeFrontMatter, TrackFile, type TrackSpec } from '../core/schema.js';
import { closest } from '../core/text.js';
import { withCriterionIds, type Node, type Track } from '../core/track.js';
import { checkGraph } from './lint-graph.js';
import { sortProblems, type Problem, type ProblemCode } from './problems.js';
import { diskFiles, type TrackFiles } from './track-files.js';
import { splitFrontMatter } from './front-matter.js';
import type { TrackLayout } from './walk.js';
import { parseYamlSource, type Position, type YamlSource } from './yaml-source.js';

/** A track as read from its folder: the track when it is valid, and every problem found. */
export interface LoadResult {
  track: Track | undefined;
  layout: TrackLayout;
  problems: Problem[];
  /** Where each node's front matter keys are, for problems found after loading. */
  locate: (nodeId: string, path: readonly PropertyKey[]) => { file: string } & Position;
}

const KNOWN_KINDS = new Set<string>(CRITERION_KINDS);

/** Reads and checks a track folder; problems carry file, line, column, code and hint. */
export function loadTrack(root: string, layout?: TrackLayout): LoadResult {
  return readTrack(diskFiles(root, layout), root);
}

/** Reads and checks a track from any source of files (a folder, or files in memory). */
export function readTrack(files: TrackFiles, root = '.'): LoadResult {
  const layout = files.layout;
  const problems: Problem[] = [];
  const report: Report = (file, at, code, message, hint, severity = 'error') => problems.push({ file, ...at, code, severity, message, hint });
  const start: Position = { line: 1, col: 1 };

  const trackSpec = readTrackFile(files, root, report);
  const nodes: Node[] = [];
  const sources = new Map<string, { file: string; source: YamlSource }>();
  for (const dir of layout.nodes) {
    const file = `${dir}/overview.md`;
    const text = files.read(file) ?? '';
    const split = splitFrontMatter(text);
    if (!split) {
      report(
        file,
        start,
        'FRONT_MATTER_MISSING',
        'overview.md has no front matter',
        'start the file with a "---" line, the YAML fields (id, title, …) and another "---" line',
      );
      continue;
    }
    const source = parseYamlSource(split.yaml, 2);
    if (reportSyntax(file, source, report)) continue;
    const data = withoutUnknownCriteria(file, source, report);
    const parsed = NodeFrontMatter.safeParse(data, { reportInput: true });
    if (!parsed.success) {
      reportIssues(file, source, parsed.error.issues, report);
      continue;
    }
    const spec = parsed.data;
    let effort: Effort | undefined;
    if (spec.duration !== undefined) {
      effort = parseDuration(spec.duration, trackSpec?.pace);
      if (!effort)
        report(
          file,
          source.locate(['duration']),
          'BAD_DURATION',
          `cannot read the duration "${spec.duration}"`,
          'write a number or range and a unit, e.g. "90 min", "3h", "2-4 weeks", "2 months"',
        );
    }
    const node: Node = { ...spec, criteria: withCriterionIds(spec.criteria), dir, effort };
    node.criteria = withQuizPassMarks(files, file, node, data, source, report);
    checkFiles(files, file, node, source, report);
    checkMath(file, split.body, split.bodyLine, report);
    const criterionIds = new Set<string>();
    node.criteria.forEach((criterion, i) => {
      if (criterionIds.has(criterion.id))
        report(
          file,
          source.locate(['criteria', i]),
          'DUPLICATE_CRITERION',
          `criterion id "${criterion.id}" is used twice in node "${node.id}"`,
          'give each criterion of a node its own "id"; progress is kept by it',
        );
      criterionIds.add(criterion.id);
    });
    if (sources.has(node.id)) {
      const first = sources.get(node.id)!;
      report(
        file,
        source.locate(['id']),
        'DUPLICATE_ID',
        `node id "${node.id}" is already used by ${first.file}`,
        'give each node its own id; ids are how progress is kept',
      );
      continue;
    }
    sources.set(node.id, { file, source });
    nodes.push(node);
  }

  const locate = (nodeId: string, path: readonly PropertyKey[]) => {
    const entry = sources.get(nodeId);
    return entry ? { file: entry.file, ...entry.source.locate(path) } : { file: 'track.yaml', ...start };
  };
  if (trackSpec) {
    const track: Track = { ...trackSpec, nodes };
    checkReferences(track, locate, report);
    if (nodes.length === 0 && problems.length === 0) {
      report('track.yaml', start, 'NO_NODES', 'the track has no nodes', 'add a folder per node, each with an overview.md');
    }
    if (nodes.length > 0) problems.push(...checkGraph(track, locate));
    const sorted = sortProblems(problems);
    return { track: sorted.some((p) => p.severity === 'error') ? undefined : track, layout, problems: sorted, locate };
  }
  return { track: undefined, layout, problems: sortProblems(problems), locate };
}

type Report = (file: string, at: Position, code: ProblemCode, message: string, hint: string, severity?: Problem['severity']) => void;

function readTrackFile(files: TrackFiles, root: string, report: Report): TrackSpec | undefined {
  const text = files.read('track.yaml');
  if (text === undefined) {
    report(
      'track.yaml',
      { line: 1, col: 1 },
      'TRACK_FILE_MISSING',
      `no track.yaml in ${root}`,
      'a track folder starts with a track.yaml holding at least id and title',
    );
    return undefined;
  }
  const source = parseYamlSource(text);
  if (reportSyntax('track.yaml', source, report)) return undefined;
  const parsed = TrackFile.safeParse(source.data ?? {}, { reportInput: true });
  if (!parsed.success) {
    reportIssues('track.yaml', source, parsed.error.issues, report);
    return undefined;
  }
  const seen = new Set<string>();
  parsed.data.phases.forEach((phase, i) => {
    if (seen.has(phase.id))
      report('track.yaml', source.locate(['phases', i, 'id']), 'DUPLICATE_PHASE', `phase id "${phase.id}" appears twice`, 'give each phase its own id');
    seen.add(phase.id);
    if (phase.duration !== undefined && !parseDuration(phase.duration)) {
      report(
        'track.yaml',
        source.locate(['phases', i, 'duration']),
        'BAD_DURATION',
        `cannot read the duration "${phase.duration}"`,
        'write a number or range and a unit, e.g. "2-3 months"',
      );
    }
  });
  return parsed.data;
}

function reportSyntax(file: string, source: YamlSource, report: Report): boolean {
  for (const error of source.syntaxErrors) {
    report(file, error, 'YAML_SYNTAX', error.message, 'fix the YAML at this place: check indentation, colons and quotes');
  }
  return source.syntaxErrors.length > 0;
}

// Criteria of an unknown kind get their own message; the rest of the node is still checked.
function withoutUnknownCriteria(file: string, source: YamlSource, report: Report): unknown {
  const data = source.data;
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { criteria?: unknown }).criteria)) return data;
  const criteria = (data as { criteria: unknown[] }).criteria;
  const kept = criteria.filter((criterion, i) => {
    const kind = (criterion as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || KNOWN_KINDS.has(kind)) return true;
    report(
      file,
      source.locate(['criteria', i, 'kind']),
      'UNKNOWN_CRITERION_KIND',
      `unknown criterion kind "${kind}"`,
      `use one of: ${CRITERION_KINDS.join(', ')}`,
    );
    return false;
  });
  return { ...data, criteria: kept };
}

function reportIssues(file: string, source: YamlSource, issues: z.core.$ZodIssue[], report: Report): void {
  for (const issue of issues) {
    const path = issue.path.filter((step): step is string | number => typeof step !== 'symbol');
    const where = path.join('.') || '(top level)';
    // A union (such as an exercise written as text or as an object): report the problems of the
    // branch whose type the value has, at their own places, instead of one vague "Invalid input".
    const branch =
      issue.code === 'invalid_union'
        ? issue.errors.find((errors) => errors.length > 0 && !errors.some((e) => e.code === 'invalid_type' && e.path.length === 0))
        : undefined;
    if (branch) {
      reportIssues(
        file,
        source,
        branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
        report,
      );
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        report(
          file,
          source.locate(path, key),
          'FIELD_UNKNOWN',
          `unknown field "${[...path, key].join('.')}"`,
          'remove it or check its spelling; docs/track-format.md lists the fields',
        );
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      report(file, source.locate(path.slice(0, -1)), 'FIELD_MISSING', `missing field "${where}"`, `add "${String(path.at(-1))}" (${issue.expected})`);
    } else {
      report(file, source.locate(path), 'FIELD_INVALID', `field "${where}": ${issue.message}`, 'see docs/track-format.md for what this field takes');
    }
  }
}

// A quiz has one pass mark: the quiz file's `pass` when it sets one, else the criterion's. Taken
// here, every place that shows or applies it (status, node page, grading) agrees.
function withQuizPassMarks(files: TrackFiles, file: string, node: Node, data: unknown, source: YamlSource, report: Report): Node['criteria'] {
  const raw = (data as { criteria?: unknown[] }).criteria ?? [];
  return node.criteria.map((criterion, i) => {
    if (criterion.kind !== 'quiz') return criterion;
    const split = splitFrontMatter(files.read(`${node.dir}/${criterion.file}`) ?? '');
    const pass = split ? (parseYamlSource(split.yaml, 2).data as { pass?: unknown } | null)?.pass : undefined;
    if (typeof pass !== 'number' || pass < 0 || pass > 1) return criterion;
    const written = raw[i] as { pass?: unknown } | undefined;
    if (typeof written?.pass === 'number' && written.pass !== pass) {
      report(
        file,
        source.locate(['criteria', i, 'pass']),
        'QUIZ_PASS_TWICE',
        `this criterion passes at ${written.pass}, but ${criterion.file} says "pass: ${pass}", which is the one used`,
        `keep one pass mark: remove "pass" here or in ${criterion.file}`,
        'warning',
      );
    }
    return { ...criterion, pass };
  });
}

// A "$$" line with a formula after it opens a display block whose first line is taken as "meta"
// (remark-math): the formula is lost and the block runs on to the next "$$" line or the end.
function checkMath(file: string, body: string, firstLine: number, report: Report): void {
  let fence: string | undefined;
  body.split(/\r?\n/).forEach((line, i) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opener && (!fence || opener.startsWith(fence))) fence = fence ? undefined : opener.slice(0, 3);
    if (fence || opener) return;
    if (/^\s{0,3}\$\$(?!\s*$)/.test(line) && !/\$\$\s*$/.test(line.trim().slice(2))) {
      report(
        file,
        { line: firstLine + i, col: line.indexOf('$$') + 1 },
        'MATH_BLOCK',
        'a display formula starts on its "$$" line and ends on a later line: it will not render, and the text after it is swallowed',
        'put "$$" alone on the lines before and after the formula',
        'warning',
      );
    }
  });
}

function checkFiles(files: TrackFiles, file: string, node: Node, source: YamlSource, report: Report): void {
  const missing = (relative: string, path: PropertyKey[]) => {
    if (!files.exists(`${node.dir}/${relative}`)) {
      report(
        file,
        source.locate(path),
        'MISSING_FILE',
        `"${relative}" is named here but ${node.dir}/${relative} does not exist`,
        'add the file to the node folder or fix the name',
      );
    }
  };
  node.exercise?.files.forEach((name, i) => missing(name, ['exercise', 'files', i]));
  node.criteria.forEach((criterion, i) => {
    if (criterion.kind === 'quiz') missing(criterion.file, ['criteria', i, 'file']);
    if (criterion.kind === 'experiment' && criterion.metrics.length === 0) {
      report(
        file,
        source.locate(['criteria', i]),
        'EXPERIMENT_ANY_RUN',
        'this experiment criterion has no conditions, so any run — even one typed by hand — meets it',
        'add conditions under "metrics:" (and "from: check" when the number must be measured), or use a check',
        'warning',
      );
    }
    if (criterion.kind === 'check') {
      criterion.files.forEach((name, j) => missing(name, ['criteria', i, 'files', j]));
      criterion.checkFiles.forEach((name, j) => missing(name, ['criteria', i, 'checkFiles', j]));
      criterion.tests?.files.forEach((name, j) => missing(name, ['criteria', i, 'tests', 'files', j]));
      if (!criterion.run && !criterion.tests)
        report(
          file,
          source.locate(['criteria', i]),
          'FIELD_MISSING',
          'a check needs "run" (a command) or "tests"',
          'add run: <command> to run in the node folder, or tests: { framework, files }',
        );
      if (criterion.run && criterion.tests)
        report(
          file,
          source.locate(['criteria', i, 'tests']),
          'FIELD_INVALID',
          'a check has "run" or "tests", not both',
          'make two checks: one that runs the program, one that runs the tests',
        );
      if (criterion.llmScript !== undefined) missing(criterion.llmScript, ['criteria', i, 'llmScript']);
      if (criterion.llmScript !== undefined && !criterion.needs.includes('llm'))
        report(
          file,
          source.locate(['criteria', i, 'llmScript']),
          'FIELD_INVALID',
          'a check has "llmScript" but does not need llm',
          'add llm to its "needs", or remove "llmScript"',
        );
      for (const need of ['network', 'llm'] as const) {
        if (criterion.needs.includes(need) && !criterion.network)
          report(
            file,
            source.locate(['criteria', i, 'needs']),
            'FIELD_INVALID',
            `a check needs ${need} but runs with "network: false"`,
            need === 'llm' ? 'add "network: true": the program must reach the model server, even one on localhost' : 'add "network: true" to the check',
          );
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        const pattern = criterion.expect[stream]?.matches;
        if (pattern === undefined) continue;
        try {
          new RegExp(pattern, 'm');
        } catch (error) {
          report(
            file,
            source.locate(['criteria', i, 'expect', stream, 'matches']),
            'FIELD_INVALID',
            `"matches" is not a regular expression: ${(error as Error).message}`,
            'write a JavaScript regular expression, without slashes',
          );
        }
      }
      for (const [key, text] of [
        ['timeout', criterion.timeout],
        ['memory', criterion.memory],
      ] as const) {
        if ((key === 'timeout' ? parseSeconds(text) : parseBytes(text)) === undefined)
          report(
            file,
            source.locate(['criteria', i, key]),
            'FIELD_INVALID',
            `cannot read ${key} "${text}"`,
            key === 'timeout' ? 'write e.g. "30s", "2 min", "90"' : 'write e.g. "512MB", "2GB"',
          );
      }
    }
  });
}

function checkReferences(track: Track, locate: LoadResult['locate'], report: Report): void {
  const ids = new Set(track.nodes.map((node) => node.id));
  const phases = new Set(track.phases.map((phase) => phase.id));
  for (const node of track.nodes) {
    if (node.phase !== undefined && !phases.has(node.phase)) {
      const where = locate(node.id, ['phase']);
      const known = track.phases.map((phase) => phase.id).join(', ');
      report(
        where.file,
        where,
        'UNKNOWN_PHASE',
        `phase "${node.phase}" is not declared in track.yaml`,
        known ? `use one of: ${known}` : 'declare it under "phases:" in track.yaml',
      );
    }
    for (const [i, required] of node.requires.entries()) {
      if (ids.has(required)) continue;
      const where = locate(node.id, ['requires', i]);
      const near = closest(
        required,
        [...ids].filter((id) => id !== node.id),
      );
      report(
        where.file,
        where,
        'UNKNOWN_REQUIRES',
        `"${node.id}" requires "${required}", which is not a node of this track`,
        near ? `did you mean "${near}"?` : 'name the id of a node in this track',
      );
    }
    if (node.requires.length > 0 && !track.rules.includes('prerequisites')) {
      const where = locate(node.id, ['requires']);
      report(
        where.file,
        where,
        'REQUIRES_IGNORED',
        `"requires" of "${node.id}" has no effect: the track's rules (${track.rules.join(', ')}) do not include "prerequisites"`,
        'add "prerequisites" to "rules" in track.yaml, or remove "requires"',
        'warning',
      );
    }
    if (node.criteria.length === 0) {
      const where = locate(node.id, ['id']);
      report(
        where.file,
        where,
        'NO_CRITERIA',
        `node "${node.id}" has no criteria, so it can never be done`,
        'add criteria, e.g. "- kind: attest" with a statement, or "- kind: journal"',
      );
    } else if (node.criteria.every((criterion) => criterion.optional)) {
      const where = locate(node.id, ['criteria']);
      report(
        where.file,
        where,
        'NO_CRITERIA',
        `every criterion of node "${node.id}" is optional, so nothing proves it`,
        'make at least one criterion required (remove its "optional: true")',
      );
    }
  }
}
