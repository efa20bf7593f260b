// The web app's figures: time to a rendered roadmap graph in headless Chromium, and the gzipped bundle.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateTrack } from './generate.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** Gzipped size of what the first page loads (index.html's script and styles) and of every asset. */
export function bundleSizes(webDir) {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const gz = (path) => gzipSync(readFileSync(join(webDir, path))).length;
  const assets = readdirSync(join(webDir, 'assets')).filter((name) => /\.(js|css)$/.test(name));
  return { initial: initial.reduce((sum, path) => sum + gz(path), 0), all: assets.reduce((sum, name) => sum + gz(`assets/${name}`), 0), files: assets.length };
}

function serve(trail, home) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [trail, 'serve', '--home', '--port', '0'], { env: { ...process.env, TRAIL_HOME: home, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /running at (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`trail serve exited ${code}: ${output}`)));
  });
}

// Milliseconds from navigation start until every node of the track is drawn on the graph.
async function timeToGraph(page, url, nodes) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid^="graph-node-"]').length >= count, nodes, { timeout: 60_000, polling: 'raf' });
  return page.evaluate(() => performance.now());
}

/** Runs the web benchmarks against a fresh home in `work`; prints one line per figure. */
export async function benchWeb({ root, trail, work, pad }) {
  const sizes = bundleSizes(join(root, 'dist', 'web'));
  console.log(`${'web bundle, gzipped: first page (JS + CSS)'.padEnd(pad)} ${kb(sizes.initial).padStart(11)}   all ${sizes.files} assets: ${kb(sizes.all)} (the graph, charts and Markdown load on demand)`);

  const home = join(work, 'web-home');
  const tracks = JSON.parse(spawnSync(process.execPath, [trail, 'tracks', '--json'], { encoding: 'utf8' }).stdout).tracks;
  const largest = tracks.reduce((a, b) => (b.nodes > a.nodes ? b : a));
  spawnSync(process.execPath, [trail, 'init', join(home, largest.id), '--track', largest.id], { encoding: 'utf8' });
  generateTrack(join(work, 'track-500'), 500);
  spawnSync(process.execPath, [trail, 'init', join(home, 'generated'), '--track', join(work, 'track-500')], { encoding: 'utf8' });

  const server = await serve(trail, home);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const baseline = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(server.url, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Tracks' }).waitFor();
      baseline.push(await page.evaluate(() => performance.now()));
    }
    const base = median(baseline);
    console.log(`${'web: catalog page rendered (baseline)'.padEnd(pad)} ${base.toFixed(1).padStart(8)} ms`);
    for (const [id, nodes, target] of [[largest.id, largest.nodes, 1000], ['generated', 500, 3000]]) {
      rmSync(join(home, id, '.trail', 'layout.json'), { force: true });
      const cold = await timeToGraph(page, `${server.url}t/${id}`, nodes);
      const warm = [];
      for (let i = 0; i < 5; i++) warm.push(await timeToGraph(page, `${server.url}t/${id}`, nodes));
      const ms = median(warm);
      const name = `web: graph rendered, ${id} (${nodes} nodes)`;
      console.log(`${name.padEnd(pad)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / base).toFixed(2)}× the catalog   first time (laying out): ${cold.toFixed(0)} ms   target: < ${target} ms`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
  if (statSync(home).isDirectory()) rmSync(home, { recursive: true, force: true });
}
