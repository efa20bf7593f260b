import { createRequire } from 'node:module';

// Read at this depth (src/cli/ and, bundled, dist/bundle/) so the path to package.json is the same.
/** The version of Trailguide, from package.json. */
export const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
