// Bundles the compiled CLI (dist/cli/main.js) and the packages it uses into dist/bundle/, one
// file per part that a command loads on demand. Node then reads a few files at start-up instead of
// hundreds of small modules: `trail import` starts about 200 ms sooner.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

// zod's mini build checks every event, workspace.json and cache on the way in, so most commands
// load it. Bundled with the rest it would share a chunk with the full zod the track loader uses
// (650 kB, ~25 ms to load); built on its own with only the functions the code calls, it is
// ~30 kB (~3 ms). The names are those used as `z.<name>` in the compiled files that import it.
const used = new Set();
for (const name of readdirSync(`${root}dist`, { recursive: true })) {
  if (!name.endsWith('.js') || name.startsWith('bundle')) continue;
  const text = readFileSync(`${root}dist/${name}`, 'utf8');
  if (!/from ['"]zod\/mini['"]/.test(text)) continue;
  for (const match of text.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(match[1]);
}
await build({
  stdin: { contents: `export { ${[...used].sort().join(', ')} } from 'zod/mini';`, resolveDir: root, loader: 'js' },
  outfile: `${outdir}/zod-mini.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
const zodMini = { name: 'zod-mini', setup: (esbuild) => esbuild.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: './zod-mini.js', external: true })) };

await build({
  entryPoints: [`${root}dist/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
  plugins: [zodMini],
  // Team mode's database drivers and password hashing load files of their own (PGlite's WebAssembly,
  // a native argon2 addon) from beside their modules: they stay packages, loaded from node_modules.
  external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-native', 'kysely'],
  // Bundled CommonJS packages call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
});
