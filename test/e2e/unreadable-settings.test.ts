import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { startPreview, type RunningPreview } from './support/preview-process';

describe('a settings file that cannot be read', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-unreadable-'));
  let preview: RunningPreview;
  let browser: Browser;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{"settings": {"theme": "dark"'); // cut off mid-write
    // The second --data-dir wins (parseArgs keeps the last), so the preview opens the damaged folder.
    preview = await startPreview(['--data-dir', dataDir]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is kept aside, and the desk says where', async () => {
    const kept = fs.readdirSync(dataDir).find((name) => name.startsWith('config.unreadable-'));
    expect(kept).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, kept!), 'utf8')).toBe('{"settings": {"theme": "dark"');
    const page = await browser.newPage();
    await page.goto(preview.url);
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toContain(path.join(dataDir, kept!));
    await page.close();
  });
});
