// `npm run eval:import`: the importer against its fixtures (src/content/import-fixtures), each an
// input document and the track a careful reader would make of it. Prints per fixture and in total:
// units, phases, details and rules as intended, criteria kept where they belong, the share of the
// text in units and in the notes, and the warnings raised; then what changed since the committed
// baseline (bench/import-scorecard.json). `--write` records the current scorecard as the baseline;
// `--json` prints it as JSON.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { inferTrack } = await import(join(root, 'dist/content/import/infer.js'));
const { formatScorecard, readFixtures, regressions, scorecard } = await import(join(root, 'dist/content/import/scorecard.js'));

const card = scorecard(readFixtures(join(root, 'src/content/import-fixtures')), (input) => inferTrack(input, { fileName: 'input.md' }));
const baselinePath = join(root, 'bench/import-scorecard.json');
if (process.argv.includes('--json')) console.log(JSON.stringify(card, null, 2));
else {
  console.log(formatScorecard(card));
  if (existsSync(baselinePath)) {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
    const worse = regressions(card, baseline);
    const t = baseline.total;
    console.log(
      `baseline: units exact ${t.units}/${t.fixtures} · phases exact ${t.phases}/${t.fixtures} · details exact ${t.details}/${t.fixtures} · rules ${t.rules}/${t.fixtures} · criteria kept ${t.criteriaKept}/${t.criteriaExpected} · warned on ${t.warnedWhenUnsure}/${t.unsure} unsure fixtures, ${t.falseAlarms} other fixtures warned`,
    );
    console.log(worse.length ? `regressions since the baseline:\n  ${worse.join('\n  ')}` : 'no regression since the baseline');
  }
}
if (process.argv.includes('--write')) writeFileSync(baselinePath, `${JSON.stringify(card, null, 2)}\n`);
