import { z } from 'zod';

/**
 * The check result contract v1 (docs/checks.md), as the runner writes it: what a result file
 * (`.trail/runs/<id>/result.json`, `.trail/checks/<node>/<criterion>.json`) must hold to be read,
 * and what the API sends.
 */
export const CheckResultSchema = z.strictObject({
  version: z.literal(1),
  status: z.enum(['pass', 'fail', 'error', 'timeout', 'skipped']),
  message: z.string(),
  tests: z.array(
    z.strictObject({
      name: z.string(),
      status: z.enum(['pass', 'fail', 'error', 'skipped']),
      message: z.string().optional(),
      expected: z.string().optional(),
      actual: z.string().optional(),
      output: z.string().optional(),
    }),
  ),
  metrics: z.array(
    z.strictObject({
      name: z.string(),
      of: z.string(),
      value: z.number().nullable(),
      op: z.string(),
      threshold: z.number().nullable(),
      tolerance: z.number().optional(),
      ok: z.boolean(),
    }),
  ),
  artifacts: z.array(z.strictObject({ path: z.string(), sha256: z.string(), bytes: z.number() })),
  durationMs: z.number(),
  exitCode: z.number().nullable(),
  network: z.string(),
  limits: z.enum(['enforced', 'best-effort', 'not run']),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean(),
  missing: z.array(z.strictObject({ need: z.string(), reason: z.string() })).optional(),
});
