import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, read top-down (ARCHITECTURE.md): a folder imports only folders of a lower
 * rank. Folders of the same rank are siblings and import neither each other. `cli` starts the
 * server and the MCP server, so it sits above both.
 */
const RANK: Record<string, number> = {
  core: 0,
  content: 1,
  runner: 2,
  store: 2,
  workspace: 3,
  records: 4,
  tutor: 5,
  team: 5,
  server: 6,
  mcp: 6,
  cli: 7,
};

/** The folders below the composition points: they are given the time and the environment, never take them. */
const BELOW_EDGE = new Set(['core', 'content', 'runner', 'store', 'workspace', 'records', 'tutor', 'team']);

/**
 * Tests may import any layer (a test of the CLI reads the workspace's files to check them), so
 * `*.test.ts`, `test-support/` and `web-e2e/` are left out of both rules; a source file may not
 * import `test-support/`. No other exception.
 */
function exempt(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith('test-support/') || file.startsWith('web-e2e/');
}

const SRC = resolve(import.meta.dirname);

/** A breach of the layering: where, and what. */
interface Breach {
  file: string;
  line: number;
  problem: string;
}

/** The breaches of one source file (`file` relative to src/, with `/`). */
function breachesOf(file: string, text: string): Breach[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const folder = file.split('/')[0]!;
  const breaches: Breach[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const checkSpecifier = (node: ts.Node, specifier: string) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(SRC, resolve(SRC, dirname(file), specifier))
      .split(sep)
      .join('/');
    const into = target.split('/')[0]!;
    if (into === 'test-support') {
      breaches.push({ file, line: at(node), problem: `imports ${specifier}: test support is for tests only` });
      return;
    }
    if (into === folder || !(folder in RANK)) return;
    if (!(into in RANK)) breaches.push({ file, line: at(node), problem: `imports ${specifier}, outside the layers` });
    else if (RANK[into]! >= RANK[folder]!)
      breaches.push({
        file,
        line: at(node),
        problem: `imports ${specifier}: ${folder}/ may not import ${into}/ (${RANK[into] === RANK[folder] ? 'a sibling' : 'a layer above it'})`,
      });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      checkSpecifier(node, node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      checkSpecifier(node, node.arguments[0].text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal))
      checkSpecifier(node, node.argument.literal.text);
    if (BELOW_EDGE.has(folder)) {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0) {
        breaches.push({ file, line: at(node), problem: 'calls new Date() (the time): take a Clock from the caller' });
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
        breaches.push({ file, line: at(node), problem: 'calls Date() (the time): take a Clock from the caller' });
      } else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ts.isIdentifier(node.expression.expression) &&
        node.expression.expression.text === 'Date' &&
        node.expression.name.text === 'now'
      ) {
        breaches.push({ file, line: at(node), problem: 'calls Date.now() (the time): take a Clock from the caller' });
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'ulid' && node.arguments.length === 0) {
        breaches.push({ file, line: at(node), problem: 'calls ulid() without a time (it reads the system clock): pass the time from a Clock' });
      } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && node.name.text === 'env') {
        breaches.push({ file, line: at(node), problem: 'reads process.env: take the environment from the caller' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return breaches;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'import-fixtures' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

describe('layers of src/', () => {
  it('has no import upward or sideways between folders, and nothing below the composition points takes the time or the environment', () => {
    const files = sourceFiles(SRC).filter((file) => !exempt(file));
    expect(files.length).toBeGreaterThan(100);
    const breaches = files.flatMap((file) => breachesOf(file, readFileSync(join(SRC, file), 'utf8')));
    expect(breaches.map((breach) => `${breach.file}:${breach.line}: ${breach.problem}`)).toEqual([]);
  });

  it('names every folder of src/ in the layers (or as tests only)', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((name) => !(name in RANK) && name !== 'test-support' && name !== 'web-e2e')).toEqual([]);
  });

  // The rule itself, on files made up for it: each breach is found, with its line.
  it.each([
    ['workspace/x.ts', "import { autoExport } from '../records/export.js';", 'workspace/ may not import records/ (a layer above it)'],
    ['workspace/x.ts', "const m = await import('../records/export.js');", 'workspace/ may not import records/ (a layer above it)'],
    ['store/x.ts', "export { runCheck } from '../runner/check.js';", 'store/ may not import runner/ (a sibling)'],
    ['core/x.ts', "type P = typeof import('../content/yaml-source.js').parseYamlSource;", 'core/ may not import content/ (a layer above it)'],
    ['records/x.ts', "import { useTmpDir } from '../test-support/cli.js';", 'test support is for tests only'],
    ['workspace/x.ts', 'const at = new Date();', 'calls new Date()'],
    ['records/x.ts', 'const at = Date.now();', 'calls Date.now()'],
    ['runner/x.ts', 'const id = ulid();', 'calls ulid() without a time'],
    ['tutor/x.ts', 'const key = process.env.OPENAI_API_KEY;', 'reads process.env'],
  ])('finds the breach in %s: %s', (file, text, problem) => {
    expect(breachesOf(file, `\n${text}\n`)).toEqual([expect.objectContaining({ file, line: 2, problem: expect.stringContaining(problem) })]);
  });

  it.each([
    ['cli/x.ts', "import { serve } from '../server/serve.js';\nconst at = new Date();\nconst env = process.env;"],
    [
      'workspace/x.ts',
      "import { TrailError } from '../core/errors.js';\nimport { readJournal } from '../store/journal.js';\nconst at = new Date('2026-11-23');",
    ],
    ['records/x.ts', "import type { Session } from '../workspace/session.js';"],
  ])('lets %s be', (file, text) => {
    expect(breachesOf(file, text)).toEqual([]);
  });
});
