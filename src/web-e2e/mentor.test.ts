import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, seriousViolations, useBrowser } from '../test-support/browser.js';
import { ROOT, useTmpDir } from '../test-support/cli.js';
import { usePostgres } from '../test-support/postgres.js';
import { packageWithTracks, trailAt, useTeamServer } from '../test-support/team-process.js';

const tmp = useTmpDir();
const postgres = usePostgres();
const serveTeam = useTeamServer();
const browser = useBrowser();

const TRACK = 'mentored';
const MENTOR = 'mentor@example.org';
const ADA = 'ada@example.org';
const BO = 'bo@example.org';
const PASSWORD = 'correct horse battery staple';
const DAY = 24 * 60 * 60 * 1000;

/** A learner of the team server talking to its API with their own session cookie, as the web app does. */
async function signedIn(url: string, email: string) {
  const login = await fetch(`${url}api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}api${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
}

/** The statuses of a learner's row of the matrix, by node. */
async function row(page: Page, email: string): Promise<Record<string, string>> {
  const cells = page.locator(`tr[data-learner="${email}"] td[data-node]`);
  const entries = await cells.evaluateAll((tds) =>
    tds.map((td) => [(td as HTMLElement).dataset.node!, (td as HTMLElement).dataset.status! + ((td as HTMLElement).dataset.failing ? '+failing' : '')]),
  );
  return Object.fromEntries(entries);
}

describe('a mentor in the web app of a team server', () => {
  it('signs in, reads the cohort matrix, signs a review off, and a learner cannot see the team pages', { timeout: 180_000 }, async () => {
    const root = tmp();
    const bin = packageWithTracks(root, { [TRACK]: join(ROOT, 'src/test-support/fixtures/mentored') });
    const env = { DATABASE_URL: await postgres().createDatabase(), TRAIL_HOME: join(root, 'home') };
    const team = async (...args: string[]) => {
      const run = await trailAt(bin, ['team', ...args], { env, input: PASSWORD });
      expect(run.code, run.stderr).toBe(0);
    };
    await team('cohort', 'add', 'spring', '--track', TRACK);
    await team('user', 'add', MENTOR, '--role', 'mentor', '--password-stdin');
    await team('enroll', 'spring', MENTOR, '--mentor');
    for (const learner of [ADA, BO]) {
      await team('user', 'add', learner, '--role', 'learner', '--password-stdin');
      await team('enroll', 'spring', learner);
    }
    const { url } = await serveTeam(bin, env);

    // Ada works on the server today: node a done, b's statement made (its review waits), one entry shared, one kept private.
    const ada = await signedIn(url, ADA);
    await ada('POST', '/tracks', { track: TRACK });
    await ada('POST', `/tracks/${TRACK}/nodes/a/attest`, { criterion: 'attest-1', text: 'I read the notes on byte-pair encoding.' });
    await ada('POST', `/tracks/${TRACK}/nodes/b/attest`, { criterion: 'attest-1', text: 'All forty test strings round-trip.' });
    await ada('POST', `/tracks/${TRACK}/journal`, { node: 'b', title: 'Private doubts', allowShort: true, body: 'Nobody else reads this.' });
    // The entry for her mentor she writes in the app, ticking the box that shares it.
    const adaPage = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await adaPage.goto(`${url}sign-in`);
    await adaPage.getByLabel('Email').fill(ADA);
    await adaPage.getByLabel('Password').fill(PASSWORD);
    await adaPage.getByRole('button', { name: 'Sign in' }).click();
    await adaPage.getByRole('heading', { name: 'Tracks' }).waitFor();
    await adaPage.goto(`${url}t/${TRACK}/journal?node=b&new=1`);
    const editor = adaPage.getByRole('form', { name: 'New journal entry' });
    await editor.getByLabel('Title').fill('Merges, explained');
    await editor.getByLabel('Entry (Markdown)').fill('Why **merges** are ranked by frequency, and what ties do to the vocabulary.');
    await editor.getByLabel('Share with my mentors').check();
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await adaPage.getByText('shared with mentors').waitFor();
    await adaPage.close();
    // Bo worked in a personal workspace ten days ago and synced: node a done, its optional check failing.
    const bo = await signedIn(url, BO);
    const then = (minutes: number) => new Date(Date.now() - 10 * DAY + minutes * 60_000).toISOString();
    await bo('POST', `/team/sync/${TRACK}/events`, {
      events: [
        {
          id: 'bo-1',
          timestamp: then(-30),
          actor: { name: BO },
          verb: 'attested',
          object: { type: 'criterion', node: 'a', criterion: 'attest-1' },
          result: { response: 'Read them twice, with notes.' },
          context: { track: TRACK },
        },
        {
          id: 'bo-2',
          timestamp: then(-20),
          actor: { name: BO },
          verb: 'checked',
          object: { type: 'criterion', node: 'a', criterion: 'runs' },
          result: { status: 'fail' },
          context: { track: TRACK },
        },
      ],
    });

    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Asked for by address before signing in: the sign-in page, then back to the cohort.
    await page.goto(`${url}team/spring`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Email').fill(MENTOR);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/team\/spring$/);
    await page.locator('table.cohort-matrix').waitFor();

    expect(await row(page, ADA)).toEqual({ a: 'done', b: 'in_progress', c: 'locked' });
    expect(await row(page, BO)).toEqual({ a: 'done+failing', b: 'available', c: 'locked' });
    expect(await page.locator(`tr[data-learner="${BO}"] [data-testid="stuck"]`).textContent()).toMatch(/stuck 10 days/);
    expect(await page.locator(`tr[data-learner="${ADA}"] [data-testid="stuck"]`).count()).toBe(0);
    await page.getByText(/1 stuck · 1 with a failing check/).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Basics' }).getAttribute('colspan')).toBe('2');
    await page.screenshot({ path: join(SCREENSHOTS, 'cohort-matrix.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // On a phone the table scrolls sideways and the learner column stays in view.
    await page.setViewportSize({ width: 390, height: 844 });
    const scroller = page.locator('.matrix-scroll');
    expect(await scroller.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    const name = page.locator(`tr[data-learner="${BO}"] th`);
    const box = (await name.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeLessThan(40);
    await scroller.evaluate((element) => element.scrollTo({ left: 0 }));
    await page.screenshot({ path: join(SCREENSHOTS, 'cohort-matrix-phone.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Ada's page: the review waiting, her shared entry (not the private one), her events newest first.
    await page.getByRole('link', { name: ADA }).click();
    await page.getByRole('heading', { name: ADA, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Merges, explained' }).waitFor();
    expect(await page.getByText('Private doubts').count()).toBe(0);
    expect(await page.locator('.timeline li span:not(.muted)').allTextContents()).toEqual([
      'affirmed attest-1: “All forty test strings round-trip.”',
      'affirmed attest-1: “I read the notes on byte-pair encoding.”',
    ]);
    const review = page.locator('form.sign-off[data-node="b"]');
    await review.getByLabel('Comment for the learner').fill('Clean merge loop; add a test for empty input.');
    expect(await seriousViolations(page)).toEqual([]);
    await review.getByRole('button', { name: 'Sign off' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed off' }).getByText('Done').waitFor();
    await page.getByText('Nothing is waiting for a review.').waitFor();
    await page.locator('.timeline').getByText(`signed off review-1 (${MENTOR}): “Clean merge loop; add a test for empty input.”`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'mentor-learner.png'), fullPage: true });

    await page.getByRole('link', { name: 'spring' }).click();
    await page.locator('table.cohort-matrix').waitFor();
    await expect.poll(() => row(page, ADA)).toEqual({ a: 'done', b: 'done', c: 'available' });
    // By progress: least done first, then most done first; the rows were by name before.
    const order = () => page.locator('table.cohort-matrix tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.learner));
    expect(await order()).toEqual([ADA, BO]);
    await page.getByRole('button', { name: /^Progress/ }).click();
    expect(await page.getByRole('columnheader', { name: /^Progress/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('button', { name: /^Progress/ }).click();
    await expect.poll(order).toEqual([BO, ADA]);
    expect(await page.getByRole('columnheader', { name: /^Progress/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).search).toBe('?sort=progress-ascending');
    // The sign-off reaches the learner's own track too.
    expect((await ada('GET', `/tracks/${TRACK}`)).nodes.find((node: { id: string }) => node.id === 'b').status).toBe('done');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(errors).toEqual([]);

    // A learner signed in gets no cohort's progress: the API's refusal is shown.
    const learner = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await learner.goto(`${url}sign-in`);
    await learner.getByLabel('Email').fill(ADA);
    await learner.getByLabel('Password').fill(PASSWORD);
    await learner.getByRole('button', { name: 'Sign in' }).click();
    await learner.getByRole('heading', { name: 'Tracks' }).waitFor();
    expect(await learner.getByRole('link', { name: 'Team' }).count()).toBe(0);
    await learner.goto(`${url}team/spring`);
    await learner.getByRole('alert').getByText('you do not mentor the cohort "spring"').waitFor();
    expect(await learner.locator('table.cohort-matrix').count()).toBe(0);
    await learner.goto(`${url}team/spring/${encodeURIComponent(BO)}`);
    await learner.getByRole('alert').getByText('you do not mentor the cohort "spring"').waitFor();
    await learner.goto(`${url}team`);
    await learner.getByText('You mentor no cohort yet.').waitFor();
  });
});
