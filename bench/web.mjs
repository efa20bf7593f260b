// The web app's figures: time to a rendered roadmap graph in headless Chromium, and the gzipped bundle.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../scripts/chromium.mjs';
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

// Milliseconds from navigation start until the graph is interactive: placed on the learner's
// position, with the next available node drawn.
async function timeToGraph(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(
    () => document.querySelector('.graph-canvas[data-placed="true"] [data-testid^="graph-node-"][data-status="available"]') !== null,
    undefined,
    { timeout: 60_000, polling: 'raf' },
  );
  return page.evaluate(() => performance.now());
}

// The JavaScript a page loads in a fresh browser (no cache), in bytes as sent (compressed) and as run.
async function scriptsOf(browser, url, ready) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') responses.push(response);
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  let sent = 0;
  let size = 0;
  for (const response of responses) {
    sent += (await response.request().sizes()).responseBodySize;
    size += (await response.body()).length;
  }
  await context.close();
  return { sent, size, files: responses.length };
}

/** Runs the web benchmarks against a fresh home in `work`; prints one line per figure. */
export async function benchWeb({ root, trail, work, pad }) {
  const sizes = bundleSizes(join(root, 'dist', 'web'));
  console.log(
    `${'web bundle, gzipped: first page (JS + CSS)'.padEnd(pad)} ${kb(sizes.initial).padStart(11)}   all ${sizes.files} assets: ${kb(sizes.all)} (the graph, charts and Markdown load on demand)`,
  );

  const home = join(work, 'web-home');
  const tracks = JSON.parse(spawnSync(process.execPath, [trail, 'tracks', '--json'], { encoding: 'utf8' }).stdout).tracks;
  const largest = tracks.reduce((a, b) => (b.nodes > a.nodes ? b : a));
  spawnSync(process.execPath, [trail, 'init', join(home, largest.id), '--track', largest.id], { encoding: 'utf8' });
  generateTrack(join(work, 'track-500'), 500);
  spawnSync(process.execPath, [trail, 'init', join(home, 'generated'), '--track', join(work, 'track-500')], { encoding: 'utf8' });

  // A node page with math and code in its text, and one with code but no math.
  const nn = 'nn-first-principles';
  const lem = 'llm-engineering-mastery';
  for (const id of [nn, lem]) spawnSync(process.execPath, [trail, 'init', join(home, id), '--track', id], { encoding: 'utf8' });

  const server = await serve(trail, home);
  const { browser, source } = await launchChromium();
  try {
    // The system's browser and the bundled headless shell do not take the same time: say which ran.
    console.log(`${'web: browser'.padEnd(pad)} Chromium ${browser.version()} (${source})`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const baseline = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(server.url, { waitUntil: 'commit' });
      await page.getByRole('heading', { name: 'Tracks' }).waitFor();
      baseline.push(await page.evaluate(() => performance.now()));
    }
    const base = median(baseline);
    console.log(`${'web: catalog page rendered (baseline)'.padEnd(pad)} ${base.toFixed(1).padStart(8)} ms`);
    for (const [id, nodes] of [
      [largest.id, largest.nodes],
      ['generated', 500],
    ]) {
      const url = `${server.url}t/${id}`;
      // The server lays the track out on the first visit ever, then keeps the layout.
      rmSync(join(home, id, '.trail', 'layout.json'), { force: true });
      const laying = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const layingOut = await timeToGraph(await laying.newPage(), url);
      await laying.close();
      // A first visit: a browser that has nothing cached; the layout is the server's.
      const firsts = [];
      for (let i = 0; i < 3; i++) {
        const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        firsts.push(await timeToGraph(await fresh.newPage(), url));
        await fresh.close();
      }
      const revisits = [];
      await timeToGraph(page, url);
      for (let i = 0; i < 5; i++) revisits.push(await timeToGraph(page, url));
      const elements = await page.evaluate(() => document.querySelectorAll('*').length);
      const first = median(firsts);
      const revisit = median(revisits);
      console.log(
        `${`web: graph ready, ${nodes} nodes, first visit`.padEnd(pad)} ${first.toFixed(1).padStart(8)} ms   ${(first / base).toFixed(2)}× the catalog   with the server laying it out: ${layingOut.toFixed(0)} ms   target: < 1500 ms`,
      );
      console.log(
        `${`web: graph ready, ${nodes} nodes, again`.padEnd(pad)} ${revisit.toFixed(1).padStart(8)} ms   ${(revisit / base).toFixed(2)}× the catalog   ${elements.toLocaleString('en')} DOM elements   target: < 1000 ms`,
      );
    }
    await context.close();

    // JavaScript per page, each in a fresh browser: what the page costs beyond the catalog's.
    const nodePage = (track, nodeId) => `${server.url}t/${track}/n/${nodeId}`;
    const pages = [
      ['catalog', server.url, (p) => p.getByRole('heading', { name: 'Tracks' }).waitFor()],
      [`graph, ${largest.nodes} nodes`, `${server.url}t/${largest.id}`, (p) => p.locator('.graph-canvas[data-placed="true"]').waitFor()],
      ['list', `${server.url}t/${nn}/list`, (p) => p.locator('main h1').first().waitFor()],
      ['node, math and code', nodePage(nn, 'backward-pass'), (p) => p.locator('.katex').first().waitFor()],
      ['node, code but no math', nodePage(lem, 'm12'), (p) => p.locator('.hljs').first().waitFor()],
      ['experiments', `${server.url}t/${nn}/experiments`, (p) => p.locator('main h1').first().waitFor()],
    ];
    let catalog;
    for (const [name, url, ready] of pages) {
      const js = await scriptsOf(browser, url, ready);
      catalog ??= js;
      const extra = name === 'catalog' ? '' : `   beyond the catalog: ${kb(js.sent - catalog.sent)} sent`;
      console.log(`${`web: JavaScript of a page: ${name}`.padEnd(pad)} ${kb(js.sent).padStart(11)}   ${js.files} files, ${kb(js.size)} unpacked${extra}`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
  if (statSync(home).isDirectory()) rmSync(home, { recursive: true, force: true });
}
