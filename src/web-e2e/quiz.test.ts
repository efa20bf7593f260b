import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, seriousViolations, useBrowser } from '../test-support/browser.js';
import { trail, useTmpDir } from '../test-support/cli.js';
import { quizWorkspace } from '../test-support/quiz-track.js';
import { useServer } from '../test-support/server.js';

const tmp = useTmpDir();
const serve = useServer();
const browser = useBrowser();

describe('quizzes and review in the web app', () => {
  it('takes a quiz inline (every question type), then reviews the missed question until none is due', async () => {
    const ws = await quizWorkspace(tmp());
    expect((await trail(['attest', 'a', 'did', '--text', 'I traced a graph by hand'], { cwd: ws })).code).toBe(0);
    const { url } = await serve(['--workspace', ws], {});
    const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}t/qt/n/a`);
    const panel = page.locator('[data-criterion="quiz-1"]');
    await panel.getByRole('button', { name: 'Take the quiz' }).click();
    const quiz = panel.getByRole('form');
    await quiz.getByRole('group', { name: 'What does backward() compute?' }).getByLabel('Gradients of the output with respect to every node').check();
    const activations = quiz.getByRole('group', { name: 'Which of these are activation functions?' });
    await activations.getByLabel('ReLU').check();
    await activations.getByLabel('tanh').check();
    // Wrong on purpose: this one comes back in review.
    await quiz.getByRole('group', { name: 'What is the derivative of x² at x = 3?' }).getByRole('spinbutton').fill('9');
    await quiz.getByRole('group', { name: 'Which algorithm computes gradients with the chain rule?' }).getByRole('textbox').fill('Backprop');
    // Put the shuffled steps in order with the keyboard-friendly buttons.
    const steps = ['Forward pass', 'Compute the loss', 'Backward pass', 'Optimizer step'];
    const ordering = quiz.getByRole('group', { name: 'Put the steps of a training step in order.' });
    for (const [target, step] of steps.entries()) {
      const items = await ordering.getByRole('listitem').allTextContents();
      for (let at = items.findIndex((text) => text.includes(step)); at > target; at--)
        await ordering.getByRole('button', { name: `Move "${step}" up` }).click();
    }
    await quiz.getByRole('button', { name: 'Submit answers' }).click();
    await panel.getByText('4 of 5 right (80%): passed').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'quiz.png'), fullPage: true });
    await expect.poll(() => panel.getAttribute('data-state')).toBe('met');

    await page.keyboard.press('r');
    await page.waitForURL(/\/review$/);
    const card = page.getByRole('form', { name: 'Review card' });
    await card.getByRole('spinbutton').fill('6');
    await card.getByRole('button', { name: 'Answer' }).click();
    await page.getByText(/next due/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'review.png'), fullPage: true });
    await page.getByRole('button', { name: /Done: check for more|Next card/ }).click();
    await page.getByText('Nothing to review now.').waitFor();
    await page.getByText(/The next card is due in \d+ days/).waitFor();
    const review = JSON.parse((await trail(['review', '--json'], { cwd: ws })).stdout);
    expect(review.due).toEqual([]);
    expect(review.cards).toBe(1);
  });
});
