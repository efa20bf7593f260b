import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useBrowser } from '../test-support/browser.js';
import { useTmpDir } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const browser = useBrowser();
const TRACKS = ['first-principles-to-agents', 'learning-path', 'llm-engineering-mastery', 'llm-roadmap', 'nn-first-principles'];

describe('the roadmap graph opens where the learner is, readable', () => {
  it.each([
    [1280, 800],
    [390, 844],
  ])('at %i×%i: every built-in track shows its next open node in view, its title at 12 px or more', { timeout: 120_000 }, async (width, height) => {
    const { url } = await serve([], { TRAIL_HOME: tmp() });
    const page = await browser().newPage({ viewport: { width, height } });
    for (const track of TRACKS) {
      await page.request.post(`${url}api/tracks`, { data: { track }, headers: { origin: url.replace(/\/$/, '') } });
      const state = await (await page.request.get(`${url}api/tracks/${track}`)).json();
      const next = state.nodes.find((n: { status: string }) => n.status === 'available' || n.status === 'in_progress');
      await page.goto(`${url}t/${track}?view=graph`);
      const node = page.getByTestId(`graph-node-${next.id}`);
      await node.waitFor();
      // React Flow fits the view in a frame after the nodes render.
      await page.waitForTimeout(300);
      // In view: inside the canvas, and inside the window the learner sees without scrolling.
      const canvas = (await page.locator('.graph-canvas').boundingBox())!;
      const seen = {
        left: Math.max(canvas.x, 0),
        top: Math.max(canvas.y, 0),
        right: Math.min(canvas.x + canvas.width, width),
        bottom: Math.min(canvas.y + canvas.height, height),
      };
      const box = (await node.boundingBox())!;
      expect(box.x, `${track}: ${next.id} left edge`).toBeGreaterThanOrEqual(seen.left);
      expect(box.y, `${track}: ${next.id} top edge`).toBeGreaterThanOrEqual(seen.top);
      expect(box.x + box.width, `${track}: ${next.id} right edge`).toBeLessThanOrEqual(seen.right);
      expect(box.y + box.height, `${track}: ${next.id} bottom edge`).toBeLessThanOrEqual(seen.bottom);
      const shown = await node.locator('.graph-node-title').evaluate((title) => {
        const scale = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
        return parseFloat(getComputedStyle(title).fontSize) * scale;
      });
      expect(shown, `${track}: title size on screen`).toBeGreaterThanOrEqual(12);
      await page.screenshot({ path: join(SCREENSHOTS, `graph-${track}-${width}.png`) });
    }
  });

  it('opens a track as the list on a phone, with the graph a click away', async () => {
    const { url } = await serve(['--track', 'learning-path'], { TRAIL_HOME: tmp() });
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url}t/learning-path`);
    await page.waitForURL(/\/t\/learning-path\/list$/);
    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await page.getByTestId('graph-node-math-foundations').waitFor();
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    await page.getByRole('button', { name: 'Show an overview map' }).click();
    await page.locator('.react-flow__minimap').waitFor();
  });
});
