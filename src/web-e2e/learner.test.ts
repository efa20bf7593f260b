import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCREENSHOTS, seriousViolations, useBrowser } from '../test-support/browser.js';
import { ROOT, trail, useTmpDir } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const browser = useBrowser();
const FIXTURE = join(ROOT, 'src/runner/fixtures/verify-track');
const MILESTONES = join(ROOT, 'src/test-support/fixtures/milestones');
const REFLECTION =
  'Logistic regression taught me that a model is a function with parameters and a loss, and that gradient descent needs nothing more than the derivative of that loss. Deriving the gradient by hand and checking it against finite differences made the chain rule concrete; next I want to see how the same idea scales to many layers.';

describe('a new learner in the web app', () => {
  it('picks llm-engineering-mastery in the catalog and sees where to start on its graph', async () => {
    const { url } = await serve([], { TRAIL_HOME: tmp() });
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto(url);
    await page.getByRole('heading', { name: 'Tracks' }).waitFor();
    await page.getByText('Choose a track to start').waitFor();
    // Each card says what its track is about, in the words of its track.yaml's summary.
    for (const id of ['llm-engineering-mastery', 'nn-first-principles']) {
      const { title, summary } = parse(readFileSync(join(ROOT, 'tracks', id, 'track.yaml'), 'utf8')) as { title: string; summary: string };
      await page
        .locator('.track-card')
        .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
        .getByText(summary.trim())
        .waitFor();
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Start LLM Engineering Mastery' }).click();
    await page.waitForURL(/\/t\/llm-engineering-mastery$/);
    const m1 = page.getByTestId('graph-node-m1');
    await expect.poll(() => m1.getAttribute('data-status')).toBe('available');
    expect(await page.getByTestId('graph-node-m2').getAttribute('data-status')).toBe('locked');
    // A track with durations: its critical path is outlined on the graph, and the legend says so.
    expect(await page.locator('.graph-node.critical').count()).toBeGreaterThan(1);
    await page.locator('.legend-critical').getByText('thick outline: critical path').waitFor();
    expect(await page.getByText(/^No durations in this track/).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'graph.png') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    // A track not followed yet, opened by its address: a Start button follows it and shows it.
    await page.goto(`${url}t/llm-roadmap`);
    const alert = page.getByRole('alert');
    await alert.getByText('you do not follow a track "llm-roadmap"').waitFor();
    await alert.getByText('start it with its Start button (here or in the catalog), or on a terminal with `trail start --track llm-roadmap`').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await alert.getByRole('button', { name: /^Start / }).click();
    await page.locator('[data-testid^="graph-node-"][data-status="available"]').first().waitFor();
    expect(page.url()).toBe(`${url}t/llm-roadmap`);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The refusals before the Start are the only failed requests.
    expect(errors.every((error) => error.includes('404 (Not Found)'))).toBe(true);
  });

  it('proves a milestone with statements and a journal entry, and sees the next one unlocked on the graph', async () => {
    // The engine's fixture of milestones proven by statements and journal entries, served as a workspace.
    const ws = tmp();
    expect((await trail(['init', ws, '--track', MILESTONES])).code).toBe(0);
    const { url } = await serve(['--workspace', ws], {});
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${url}t/llm-engineering-mastery?view=graph`);
    const m1 = page.getByTestId('graph-node-m1');
    await expect.poll(() => m1.getAttribute('data-status')).toBe('available');
    await m1.click();
    await page.waitForURL(/\/t\/llm-engineering-mastery\/n\/m1$/);
    await page.getByRole('heading', { name: 'Logistic Regression', level: 1 }).waitFor();
    for (const [criterion, text] of [
      ['exit-1', 'I trained logistic regression on a binary dataset and reached 92% accuracy.'],
      ['exit-2', 'I derived the gradient of the log loss by hand and checked it numerically.'],
    ] as const) {
      const panel = page.locator(`[data-criterion="${criterion}"]`);
      await panel.getByRole('textbox').fill(text);
      await panel.getByRole('button', { name: 'Affirm' }).click();
      await expect.poll(() => panel.getAttribute('data-state')).toBe('met');
    }
    const reflection = page.locator('[data-criterion="reflection"]');
    await reflection.getByRole('button', { name: 'Write a journal entry' }).click();
    // Too short for the criterion: refused with the reason, and kept only when the learner says so.
    await reflection.getByLabel('Entry (Markdown)').fill('Loss fell fast.');
    await reflection.getByRole('button', { name: 'Save entry' }).click();
    await reflection.getByText(/asks for 50 in one entry/).waitFor();
    await reflection.getByRole('button', { name: 'Keep it as a short note' }).click();
    await reflection.getByRole('button', { name: 'Write a journal entry' }).click();
    expect(await reflection.getAttribute('data-state')).toBe('open');
    await reflection.getByText(/This entry has 3 words/).waitFor();
    await reflection.getByLabel('Entry (Markdown)').fill(REFLECTION);
    await reflection.getByRole('button', { name: 'Save entry' }).click();
    await expect.poll(() => reflection.getAttribute('data-state')).toBe('met');
    await page
      .getByText(/Unlocked/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'node.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await expect.poll(() => page.getByTestId('graph-node-m1').getAttribute('data-status')).toBe('done');
    // A track without durations says so once, and marks no critical path.
    expect(await page.getByText(/^No durations in this track/).count()).toBe(1);
    expect(await page.locator('.graph-node.critical').count()).toBe(0);
    expect(await page.locator('.legend-critical').count()).toBe(0);
    expect(await page.getByTestId('graph-node-m2').getAttribute('data-status')).toBe('available');
    expect(await page.getByTestId('graph-node-m3').getAttribute('data-status')).toBe('locked');
    await page.screenshot({ path: join(SCREENSHOTS, 'graph-after-m1.png') });

    await page.keyboard.press('e');
    await page.waitForURL(/\/experiments/);
    await page.getByRole('heading', { name: 'Experiments', level: 1 }).waitFor();
    await page.getByText('No runs yet').waitFor();

    await page.keyboard.press('l');
    await page.waitForURL(/\/list$/);
    await page
      .getByRole('link', { name: /Logistic Regression/ })
      .first()
      .waitFor();
    // The one refusal asked for above (a too-short entry) is the only failed request.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('lists every failed expectation of a check, its missing file included', async () => {
    const ws = tmp();
    expect((await trail(['init', ws, '--track', FIXTURE])).code).toBe(0);
    appendFileSync(join(ws, '01-gradient-descent/gd.py'), 'print("x stayed at", x)\n');
    const { url } = await serve(['--workspace', ws], {});
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}t/verify-fixture/n/gradient-descent`);
    const panel = page.locator('[data-criterion="converges"]');
    await panel.getByRole('button', { name: 'Run check' }).click();
    await panel.getByText('✗ Failed').waitFor({ timeout: 30_000 });
    const failing = panel.locator('.failing-test');
    await failing.filter({ hasText: 'visualizations/loss.svg' }).first().waitFor();
    const expected = [
      expect.stringMatching(/^metric: last x ≈ 3 ± 0.01.*Actual0$/),
      expect.stringMatching(/^metric: loss decreasing/),
      expect.stringMatching(/^file visualizations\/loss.svg exists.*no such file$/),
    ];
    expect(await failing.allTextContents()).toEqual(expected);

    // The run's page on the experiments page says the same, with the output's tail.
    await page.goto(`${url}t/verify-fixture/experiments`);
    await page.getByRole('button', { name: /^Show run / }).click();
    const details = page.locator('.run-details');
    await details.getByText('✗ Failed').waitFor();
    expect(await details.locator('.failing-test').allTextContents()).toEqual(expected);
    await details.getByText('Output of the run (last lines)').click();
    expect(await details.locator('pre.check-output').last().textContent()).toBe('x stayed at 0.0');
  });

  it('runs a check with its output streamed, then draws and compares the runs on the experiments page', async () => {
    const ws = tmp();
    expect((await trail(['init', ws, '--track', FIXTURE])).code).toBe(0);
    cpSync(join(FIXTURE, '01-gradient-descent/solution'), join(ws, '01-gradient-descent'), { recursive: true });
    const { url } = await serve(['--workspace', ws], {});
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${url}t/verify-fixture/n/gradient-descent`);
    const panel = page.locator('[data-criterion="converges"]');
    await panel.getByRole('button', { name: 'Run check' }).click();
    await panel.getByText('✓ Passed').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('check-output').textContent()).toMatch(/\S/);
    await expect.poll(() => panel.getAttribute('data-state')).toBe('met');
    await panel
      .getByRole('link', { name: '01-gradient-descent/visualizations/loss.svg' })
      .or(panel.getByRole('link', { name: 'visualizations/loss.svg' }))
      .first()
      .waitFor();
    await panel.getByRole('button', { name: 'Run check again' }).click();
    await panel.getByRole('button', { name: 'Run check again' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'node-check.png'), fullPage: true });

    await page.goto(`${url}t/verify-fixture/experiments`);
    const show = page.getByRole('button', { name: /^Show run / });
    await expect.poll(() => show.count()).toBe(2);
    await show.first().click();
    await page.locator('figure[aria-label="Chart of loss"] svg').waitFor();
    await page.getByRole('checkbox').nth(0).check();
    await page.getByRole('checkbox').nth(1).check();
    await page.getByRole('button', { name: 'Compare the two ticked runs' }).click();
    await page.locator('figure[aria-label="Chart of loss"] svg').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'experiments.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    // In dark mode the charts are drawn again with vega's dark theme, on the page's background.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(() =>
        page
          .locator('figure[aria-label="Chart of loss"] svg text')
          .first()
          .evaluate((text) => getComputedStyle(text).fill),
      )
      .not.toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'experiments-dark.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('fits a phone-width screen without sideways scrolling, in light and dark', async () => {
    const { url } = await serve([], { TRAIL_HOME: tmp() });
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url);
    await page.getByRole('button', { name: 'Start LLM Engineering Mastery' }).click();
    // On a phone the track opens as its list.
    await page.waitForURL(/\/t\/llm-engineering-mastery\/list$/);
    await page.goto(`${url}t/llm-engineering-mastery/n/m1`);
    await page.getByRole('heading', { name: 'Logistic Regression', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'node-phone.png'), fullPage: true });
    // The dark theme follows the system, and keeps its contrast.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'node-phone-dark.png'), fullPage: true });
  });
});
