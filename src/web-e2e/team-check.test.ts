import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useBrowser } from '../test-support/browser.js';
import { ROOT, useTmpDir } from '../test-support/cli.js';
import { packageWithTracks, trailAt, useTeamServer } from '../test-support/team-process.js';

const tmp = useTmpDir();
const serveTeam = useTeamServer();
const browser = useBrowser();

const TRACK = 'queue-fixture';
const LEARNER = 'lin@example.org';
const PASSWORD = 'correct horse battery staple';

describe('a learner in the web app of a team server', () => {
  it('uploads the files of a node folder, follows the check the server runs, and sees the node done on the verified run', { timeout: 120_000 }, async () => {
    const root = tmp();
    const bin = packageWithTracks(root, { [TRACK]: join(ROOT, 'src/team/checks/fixtures/queue-track') });
    // No database address: the embedded database, whose server runs the checks itself.
    const env = { TRAIL_HOME: join(root, 'home') };
    const added = await trailAt(bin, ['team', 'user', 'add', LEARNER, '--role', 'learner', '--password-stdin'], { env, input: PASSWORD });
    expect(added.code, added.stderr).toBe(0);
    const { url } = await serveTeam(bin, env);

    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}sign-in`);
    await page.getByLabel('Email').fill(LEARNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((address) => !address.pathname.endsWith('/sign-in'));
    const followed = await page.evaluate(async (track) => {
      const response = await fetch('/api/tracks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ track }) });
      return response.status === 201 ? 201 : await response.text();
    }, TRACK);
    expect(followed).toBe(201);
    await page.goto(`${url}t/${TRACK}/n/answer`);

    // Nothing to run before a file is chosen; a wrong answer first, then the right one.
    const run = page.getByRole('button', { name: /^Run check/ });
    await expect.poll(() => run.isDisabled()).toBe(true);
    const chooser = page.getByLabel(/files of your node folder/);
    const wrong = join(root, 'wrong', 'answer.py');
    const right = join(root, 'right', 'answer.py');
    for (const [path, text] of [
      [wrong, 'ANSWER = 41\n'],
      [right, 'ANSWER = 42\n'],
    ] as const) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    await chooser.setInputFiles(wrong);
    await run.click();
    await expect.poll(() => page.getByTestId('check-output').textContent(), { timeout: 30_000 }).toContain('answer 41');
    await expect.poll(() => page.getByText(/fail/i).first().isVisible(), { timeout: 30_000 }).toBe(true);

    await chooser.setInputFiles(right);
    await page.getByRole('button', { name: /^Run check/ }).click();
    await expect.poll(() => page.getByTestId('check-output').textContent(), { timeout: 30_000 }).toContain('answer 42');
    // The page reads the node again once the job is done: the check holds on the server's verified run.
    await expect.poll(() => page.locator('.node-page').textContent(), { timeout: 30_000 }).toMatch(/latest run [0-9A-Z]{8} passed \(verified\)/);
    // The worker's runs are the learner's records too: both attempts are listed with their outcome, newest first.
    const runs = page.locator('section[aria-labelledby="records"] li').filter({ hasText: /\((pass|fail)\)/ });
    await expect.poll(() => runs.allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('(pass)'), expect.stringContaining('(fail)')]);
    // The failed attempt, opened from there, says what it came to: the expectation it missed, what it printed.
    await runs.filter({ hasText: '(fail)' }).getByRole('link').first().click();
    const result = page.getByRole('region', { name: 'Check result' });
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('answer 42');
    expect(await result.textContent()).toContain('answer 41');
    await page.screenshot({ path: join(SCREENSHOTS, 'team-check.png'), fullPage: true });
  });
});
