// `npm run eval:tutor`: the tutor's retrieval without a model, on questions written for the
// built-in tracks, each naming the node that answers it. Prints recall@1 and recall@5 (is that
// node among the first 1 / 5 nodes cited?) per track and in all, and the query latency.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadTrack } = await import(join(root, 'dist/content/load.js'));
const { CourseIndex } = await import(join(root, 'dist/tutor/retrieval.js'));

const questions = JSON.parse(readFileSync(join(root, 'bench/tutor-questions.json'), 'utf8'));
const visible = { hintsShown: new Map(), answered: new Set() };
const indexes = new Map();
for (const track of new Set(questions.map((q) => q.track))) {
  const dir = join(root, 'tracks', track);
  indexes.set(track, CourseIndex.build(dir, loadTrack(dir).track));
}

const rows = [];
const times = [];
for (let round = 0; round < 3; round++) {
  for (const q of questions) {
    const start = process.hrtime.bigint();
    const hits = indexes.get(q.track).query(q.question, { limit: 10, visible });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (round === 0) {
      const nodes = [...new Set(hits.map((h) => h.passage.node))];
      rows.push({ ...q, at: nodes.indexOf(q.node) + 1 || null, top: nodes[0] ?? null });
    } else times.push(ms);
  }
}
times.sort((a, b) => a - b);
const recall = (list, k) => list.filter((r) => r.at !== null && r.at <= k).length / list.length;
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('track', 28)} ${pad('questions', 10)} recall@1  recall@5`);
for (const track of indexes.keys()) {
  const list = rows.filter((r) => r.track === track);
  console.log(`${pad(track, 28)} ${pad(list.length, 10)} ${recall(list, 1).toFixed(2).padStart(8)}  ${recall(list, 5).toFixed(2).padStart(8)}`);
}
console.log(
  `${pad('all', 28)} ${pad(rows.length, 10)} ${recall(rows, 1).toFixed(2).padStart(8)}  ${recall(rows, 5).toFixed(2).padStart(8)}   target: recall@5 ≥ 0.90`,
);
console.log(
  `query latency over ${times.length} queries (after one warm-up round): median ${times[Math.floor(times.length / 2)].toFixed(2)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(2)} ms   target: p95 < 10 ms`,
);
const misses = rows.filter((r) => r.at === null || r.at > 5);
if (misses.length > 0)
  console.log(`\nnot in the first five: ${misses.map((r) => `\n  [${r.track}] "${r.question}" → wanted ${r.node}, first ${r.top}`).join('')}`);
