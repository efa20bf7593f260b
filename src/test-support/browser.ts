import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';
import { ROOT } from './cli.js';

/** Where end-to-end screenshots are kept as test artifacts. */
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/** One headless Chromium for the tests of a file: the system's, else the bundled one (TRAIL_CHROMIUM chooses; see scripts/chromium.mjs). */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('the web app is not built: run `npm run build`');
    browser = (await launchChromium()).browser;
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical accessibility violations axe-core finds on the page, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // axe-core, evaluated above, puts itself on the window.
    const { axe } = window as Window & { axe?: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } };
    return (await axe!.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
}
