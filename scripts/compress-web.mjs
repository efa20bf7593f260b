// Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the built web app, so that
// `trail serve` sends the one the browser accepts without compressing anything per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = fileURLToPath(new URL('../dist/web/', import.meta.url));
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|map|ttf)$/;
let before = 0;
let after = 0;
for (const name of readdirSync(web, { recursive: true })) {
  const path = join(web, name);
  if (!TEXT.test(name) || !statSync(path).isFile() || statSync(path).size < 1024) continue;
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  before += bytes.length;
  after += br.length;
}
if (process.argv.includes('--verbose')) console.log(`web app: ${(before / 1024).toFixed(0)} kB of text, ${(after / 1024).toFixed(0)} kB with Brotli`);
