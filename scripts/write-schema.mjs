// Writes schema/*.schema.json from the zod schemas (run through `npm run schema`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemas } from '../dist/content/json-schema.js';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(`${name}.schema.json`, dir), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schema/${name}.schema.json`);
}
