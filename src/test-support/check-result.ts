/** A check result as the runner writes it (contract v1), failing, with `marker` in its message and output. */
export const failingResult = (marker: string): string =>
  JSON.stringify({
    version: 1,
    status: 'fail',
    message: `1 of 1 tests failed ${marker}`,
    tests: [{ name: 'test_mul', status: 'fail', message: `AssertionError ${marker}` }],
    metrics: [],
    artifacts: [],
    durationMs: 120,
    exitCode: 1,
    network: 'denied',
    limits: 'best-effort',
    stdout: '',
    stderr: `Traceback ${marker}`,
    truncated: false,
  });
