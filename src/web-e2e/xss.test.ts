import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useBrowser } from '../test-support/browser.js';
import { overview, trail, useTmpDir, writeTree } from '../test-support/cli.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const browser = useBrowser();

// Each payload would set window.__xss (or load a script) if it ran.
const PAYLOAD = [
  '<script>window.__xss = "script"</script>',
  '<img src="x" onerror="window.__xss = \'img\'">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '<iframe src="javascript:window.parent.__xss = \'iframe\'"></iframe>',
  "[click me](javascript:window.__xss='link')",
  '<a href="javascript:window.__xss=\'a\'">raw link</a>',
  '<details open ontoggle="window.__xss = \'details\'"><summary>x</summary></details>',
  '$\\href{javascript:window.__xss=1}{math}$',
].join('\n\n');

/** What the page would show if any payload had run, or had left an active element behind. */
async function traces(page: import('playwright-core').Page) {
  return page.evaluate(() => ({
    ran: (window as Window & { __xss?: string }).__xss ?? null,
    active: [...document.querySelectorAll('main script, main iframe, main [onerror], main [onload], main [ontoggle], main a[href^="javascript:"]')].map(
      (element) => element.outerHTML,
    ),
  }));
}

describe('Markdown from learners and authors is rendered inert', () => {
  it('a journal entry with script payloads shows as text, runs nothing', async () => {
    const home = tmp();
    const { url } = await serve([], { TRAIL_HOME: home });
    const page = await browser().newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Start LLM Engineering Mastery' }).click();
    await page.getByTestId('graph-node-m1').waitFor();
    const saved = await trail(['journal', 'add', '--title', 'Payloads', '--text', PAYLOAD], { cwd: join(home, 'llm-engineering-mastery') });
    expect(saved.code, saved.stderr).toBe(0);
    await page.goto(`${url}t/llm-engineering-mastery/journal`);
    await page.getByText('Payloads').first().click();
    await page.getByText('click me').first().waitFor();
    await page.waitForTimeout(300);
    expect(await traces(page)).toEqual({ ran: null, active: [] });
    await page.screenshot({ path: join(SCREENSHOTS, 'xss-journal.png'), fullPage: true });
  });

  it('a track whose overview holds the payloads shows its node page, runs nothing', async () => {
    const root = tmp();
    writeTree(root, {
      'track/track.yaml': 'id: evil\ntitle: Evil track\n',
      'track/a/overview.md': overview('id: a\ntitle: Payload node\ncriteria:\n  - kind: attest\n    text: I read it\n    minLength: 10', PAYLOAD),
      'track/b/overview.md': overview(
        'id: b\ntitle: Plain node\ncriteria:\n  - kind: attest\n    text: I read it\n    minLength: 10',
        'Nothing but words here.',
      ),
    });
    expect((await trail(['init', join(root, 'ws'), '--track', join(root, 'track')])).code).toBe(0);
    const { url } = await serve(['--workspace', join(root, 'ws')], {});
    const page = await browser().newPage();
    const assets: string[] = [];
    page.on('request', (request) => assets.push(new URL(request.url()).pathname));
    await page.goto(`${url}t/evil/n/a`);
    await page.getByRole('heading', { name: 'Payload node', level: 1 }).waitFor();
    await page.getByText('click me').first().waitFor();
    await page.waitForTimeout(300);
    expect(await traces(page)).toEqual({ ran: null, active: [] });
    expect(assets.filter((path) => /markdown-math|KaTeX/.test(path)).length).toBeGreaterThan(0);
    // Text without math or code blocks loads the Markdown renderer, but neither KaTeX nor highlight.js.
    const plain = await browser().newPage();
    const plainAssets: string[] = [];
    plain.on('request', (request) => plainAssets.push(new URL(request.url()).pathname));
    await plain.goto(`${url}t/evil/n/b`);
    await plain.getByText('Nothing but words here.').waitFor();
    expect(plainAssets.filter((path) => path.includes('markdown-renderer'))).toHaveLength(1);
    expect(plainAssets.filter((path) => /markdown-(math|code)|KaTeX/.test(path))).toEqual([]);
  });
});
