// A node:test reporter that writes one JSON result per test (the file is --test-reporter-destination).
export default async function* reporter(source) {
  const outcomes = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, details, nesting } = event.data;
    // Suites report too; keep the leaves (tests without subtests report type "test").
    if (details?.type === 'suite') continue;
    const entry = { name: nesting > 0 ? name : name, status: event.type === 'test:pass' ? (event.data.skip ? 'skipped' : 'pass') : 'fail' };
    if (event.type === 'test:fail') {
      const error = details?.error?.cause ?? details?.error;
      const object = typeof error === 'object' && error !== null;
      entry.message = String((object ? error.message : error) ?? 'failed').split('\n')[0];
      if (object && 'expected' in error) entry.expected = JSON.stringify(error.expected);
      if (object && 'actual' in error) entry.actual = JSON.stringify(error.actual);
      entry.output = String(error?.stack ?? '').slice(-4000);
    }
    outcomes.push(entry);
  }
  yield JSON.stringify(outcomes);
}
