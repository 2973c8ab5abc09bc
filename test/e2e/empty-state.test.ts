/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/chromium';
import { startPreview, type RunningPreview } from './support/preview-process';

describe('first launch (browser preview)', () => {
  let preview: RunningPreview;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    preview = await startPreview();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1180, height: 760 }, colorScheme: 'light' });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it('shows the empty state with a way to add the first account', async () => {
    await page.goto(preview.url);
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true);
    await expect(page.getByRole('heading', { name: 'Add your first account' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('add-account').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Browser preview').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, '01-empty-state');
    expect(consoleErrors).toEqual([]);
  });

  it('refuses the socket without the key, so the page shows why', async () => {
    const keyless = await browser.newPage();
    await keyless.goto(preview.url.replace(/\?key=.*/, ''));
    await expect.poll(() => keyless.getByTestId('splash').textContent()).toContain('refused the connection');
    await keyless.close();
  });

  it('opens the add-account dialog with Ctrl+N, focused on its first field, and closes it with Escape', async () => {
    await page.keyboard.press('Control+n');
    await expect.poll(() => page.getByTestId('account-dialog').isVisible()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('field-label');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('account-dialog').isVisible()).toBe(false);
  });
});
