import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser download is not available on these machines. */
export const CHROMIUM_PATH = process.env.TOKENDESK_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots of every scenario land here (README: "Screenshots"). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox', // we run as root in CI; the page is our own
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking', // the machine has no network; without this Chromium retries Google hosts
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-window PNG named after the scenario step; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
