import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { requireQuiz } from '../content/quiz.js';
import type { Question } from '../core/quiz.js';
import { SCREENSHOTS, seriousViolations, useBrowser } from '../test-support/browser.js';
import { ROOT, useTmpDir } from '../test-support/cli.js';
import { startScriptedModel } from '../runner/scripted-model.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const browser = useBrowser();
const SECTION = 'phase-1/section-1-value-objects';
const TRACK_DIR = join(ROOT, 'tracks', 'nn-first-principles');

// Answers one question of the quiz form the way a learner does, with the quiz file's own answer.
async function answer(form: Locator, question: Question): Promise<void> {
  const group = form.getByRole('group', { name: question.prompt, exact: true });
  switch (question.type) {
    case 'single':
    case 'multiple':
      for (const option of question.options.filter((o) => o.correct)) await group.getByLabel(option.text, { exact: true }).check();
      return;
    case 'numeric':
      return group.getByRole('spinbutton').fill(String(question.value));
    case 'text':
      return group.getByRole('textbox').fill('text' in question.accept[0]! ? question.accept[0].text : '');
    case 'ordering':
      for (const [target, item] of question.items.entries()) {
        const shown = await group.getByRole('listitem').allTextContents();
        for (let at = shown.findIndex((text) => text.includes(item)); at > target; at--) await group.getByRole('button', { name: `Move "${item}" up` }).click();
      }
  }
}

describe('a section of nn-first-principles in the web app', () => {
  it('reveals a hint, runs the check on the learner’s code from the page, and takes the quiz', async () => {
    const home = tmp();
    const { url } = await serve([], { TRAIL_HOME: home });
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto(url);
    await page.getByRole('button', { name: 'Start Learning Plan: Neural Networks from First Principles' }).click();
    await page.waitForURL(/\/t\/nn-first-principles$/);
    await page.getByTestId('graph-node-value-objects').click();
    await page.getByRole('heading', { name: 'Value Objects', level: 1 }).waitFor();

    // Hints come one at a time; the page shows only those revealed.
    const hints = page.getByLabel('Hints');
    await hints.getByText('(0 of 3 shown)').waitFor();
    await hints.getByRole('button', { name: 'Show a hint' }).click();
    await hints.getByText('(1 of 3 shown)').waitFor();
    expect(await hints.getByRole('listitem').count()).toBe(1);

    // The page says where the learner's code is.
    expect(await page.getByTestId('node-folder').textContent()).toBe(`${join(home, 'nn-first-principles')}/${SECTION}`);
    await page.getByRole('link', { name: 'open in VS Code' }).first().waitFor();

    // The starter fails, and every failing test is listed with what it expected; after a reload the result is still there.
    const check = page.locator('[data-criterion="experiment"]');
    await check.getByRole('button', { name: 'Run check' }).click();
    await check.getByText('✗ Failed').waitFor({ timeout: 30_000 });
    await check.getByRole('heading', { name: /^What failed \(\d+\)$/ }).waitFor();
    expect(await check.locator('.failing-test').count()).toBeGreaterThan(1);
    await page.reload();
    await check.getByText('Your latest run:').waitFor();
    await check.getByText('✗ Failed').waitFor();
    cpSync(join(TRACK_DIR, SECTION, 'solution'), join(home, 'nn-first-principles', SECTION), { recursive: true });
    await check.getByRole('button', { name: 'Run check again' }).click();
    await check.getByText('✓ Passed').waitFor({ timeout: 30_000 });
    await expect.poll(() => check.getAttribute('data-state')).toBe('met');
    // The criterion names the run that satisfied it, measured, and links to it on the experiments page.
    const runs = (await (await fetch(`${url}api/tracks/nn-first-principles/runs?node=value-objects`)).json()) as {
      runs: Array<{ id: string; status: string }>;
    };
    const passed = runs.runs.find((run) => run.status === 'pass')!.id;
    await check.getByText(`latest run ${passed.slice(-8)} passed (measured)`).waitFor();
    const evidence = check.getByTestId('criterion-evidence');
    expect(await evidence.textContent()).toBe(`Met by: Run ${passed.slice(-8)} measured`);
    expect(await evidence.getByRole('link', { name: passed.slice(-8) }).getAttribute('href')).toBe(`/t/nn-first-principles/experiments?run=${passed}`);
    // One duration for the run: the result's, no second "took … s" from the page's own timer.
    expect(
      await check
        .locator('.check-runner')
        .getByText(/\b\d+(\.\d+)? (s|ms)\b/)
        .count(),
    ).toBe(1);
    expect(await check.getByRole('timer').count()).toBe(0);

    const quiz = requireQuiz(readFileSync(join(TRACK_DIR, SECTION, 'quiz.md'), 'utf8'), 'quiz.md');
    const panel = page.locator('[data-criterion="quiz"]');
    await panel.getByRole('button', { name: 'Take the quiz' }).click();
    const form = panel.getByRole('form');
    for (const question of quiz.questions) await answer(form, question);
    await page.screenshot({ path: join(SCREENSHOTS, 'course-quiz.png'), fullPage: true });
    await form.getByRole('button', { name: 'Submit answers' }).click();
    await panel.getByText(`${quiz.questions.length} of ${quiz.questions.length} right (100%): passed`).waitFor();
    await expect.poll(() => panel.getAttribute('data-state')).toBe('met');
    await page
      .getByText(/Unlocked/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'course-section.png'), fullPage: true });

    // The link from the criterion opens that run on the experiments page, which says it was measured.
    await page.locator('[data-criterion="experiment"]').getByTestId('criterion-evidence').getByRole('link').click();
    const row = page.locator('.runs-table tr[aria-current="true"]');
    await row.waitFor();
    expect(await row.locator('code').textContent()).toBe(passed.slice(-8));
    expect(await row.locator('.tag').textContent()).toBe('measured');

    // A locked node shows its criteria read-only: no form, no button, and what it waits for.
    await page.goto(`${url}t/nn-first-principles/n/backward-pass`);
    await page.getByText(/Locked:/).waitFor();
    await page.getByRole('link', { name: 'Forward Pass' }).first().waitFor();
    expect(await page.locator('[data-criterion]').count()).toBe(2);
    expect(await page.locator('[data-criterion] button, [data-criterion] textarea, [data-criterion] input').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('asks the tutor on a node page: the answer streams in, with its sources as links', async () => {
    const model = await startScriptedModel({
      replies: [
        {
          match: 'causal mask',
          reply: 'The mask sets the scores of **later** positions to $-\\infty$ before the softmax, so they get weight 0 [attention-mechanisms].',
        },
        { system: 'five-year-old', reply: 'Attention is like looking around the room for the friend who knows the answer [attention-mechanisms].' },
      ],
    });
    try {
      const home = tmp();
      const { url } = await serve(['--track', 'nn-first-principles'], { TRAIL_HOME: home, ...model.env });
      const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${url}t/nn-first-principles/n/attention-mechanisms`);
      const tutor = page.getByRole('complementary', { name: 'Tutor' });
      await tutor.getByLabel('Your question').fill('What does the causal mask do?');
      await tutor.getByRole('button', { name: 'Explain' }).click();
      const answer = tutor.getByTestId('tutor-answer');
      await answer.getByText('before the softmax, so they get weight 0').waitFor();
      await tutor.getByText('Written by the model from the course.').waitFor();
      await tutor
        .getByRole('link', { name: /Attention Mechanisms — / })
        .first()
        .waitFor();
      expect(model.received.some((request) => request.path === '/chat/completions')).toBe(true);
      // The level chosen for Explain reaches the model's instructions.
      await tutor.getByLabel('Explain at').selectOption({ label: 'Like I’m five' });
      await tutor.getByLabel('Your question').fill('What is attention?');
      await tutor.getByRole('button', { name: 'Explain' }).click();
      await tutor.getByText('looking around the room for the friend who knows the answer').waitFor();
      await tutor.getByText('explain · Like I’m five').waitFor();
      const last = model.received.filter((request) => request.path === '/chat/completions').at(-1)!.body as { messages: Array<{ content: string }> };
      expect(last.messages[0]!.content).toContain('Explain it like to a curious five-year-old');
      await page.screenshot({ path: join(SCREENSHOTS, 'tutor.png') });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await model.close();
    }
  });
});
