import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.mjs';

// The package ships one Linux x64 build; elsewhere the system's browser is the only one.
const bundledRuns = process.platform === 'linux' && process.arch === 'x64';
const { TRAIL_CHROMIUM: _, ...withoutChoice } = process.env;
const browsers: Browser[] = [];
afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
});

/** How many pixels a line of text darkens on a canvas: zero when the browser has no font to draw with. */
async function inkOfText(browser: Browser): Promise<number> {
  const page = await browser.newPage();
  await page.setContent('<canvas width="300" height="60"></canvas><p id="p">Prove it: the backward pass</p>');
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const context = canvas.getContext('2d')!;
    context.font = '24px sans-serif';
    context.fillText(document.getElementById('p')!.textContent!, 4, 40);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 128) ink++;
    return ink;
  });
}

describe('the Chromium the web tests drive', () => {
  it.skipIf(!bundledRuns)('the bundled @sparticuz/chromium (Linux x64 only) unpacks into node_modules/.cache, launches, and draws text', async () => {
    const { browser, source, executablePath } = await launchChromium({ ...withoutChoice, TRAIL_CHROMIUM: 'bundled' });
    browsers.push(browser);
    expect(source).toBe('bundled');
    expect(executablePath).toContain(`${sep}node_modules${sep}.cache${sep}sparticuz-chromium-143.`);
    expect(browser.version()).toMatch(/^143\./);
    expect(await inkOfText(browser)).toBeGreaterThan(500);
  });

  it.skipIf(!bundledRuns)('a system Chromium that does not start gives way to the bundled one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trail-broken-chromium-'));
    try {
      // What a snap-only wrapper does in a container: it is on PATH and exits at once.
      writeFileSync(join(dir, 'chromium'), '#!/bin/sh\necho "chromium is a snap; run snap install chromium" >&2\nexit 1\n');
      chmodSync(join(dir, 'chromium'), 0o755);
      const { browser, source } = await launchChromium({ ...withoutChoice, PATH: `${dir}${delimiter}${process.env.PATH}` });
      browsers.push(browser);
      expect(source).toBe('bundled');
      expect(await inkOfText(browser)).toBeGreaterThan(500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('TRAIL_CHROMIUM naming a missing file stops with what to do, without trying another browser', async () => {
    await expect(launchChromium({ ...withoutChoice, TRAIL_CHROMIUM: '/nowhere/chrome' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: TRAIL_CHROMIUM=/nowhere/chrome is not an executable file: point it at a Chromium or Chrome executable, or unset it to use the system's or the bundled one]`,
    );
  });
});
