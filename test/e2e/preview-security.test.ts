/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { launchChromium } from './support/chromium';
import { startPreview, type RunningPreview } from './support/preview-process';

const APP_ID = 'wx5ec0000000000e2e';
const CANARY = 'ca7a5ecca7a5ecca7a5ecca7a5ec0e2e';

/** The preview's key leaves the address bar, and the canary AppSecret never reaches the page's DOM or storage. */
describe('the preview page and its secrets', () => {
  const keychain = uniqueKeychainNamespace('e2e-security');
  let fake: FakeWeChat;
  let preview: RunningPreview;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: CANARY }] });
    preview = await startPreview(['--api-base', fake.url], { TOKENDESK_KEYCHAIN_SERVICE: keychain.prefix });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
    await fake?.close();
    await keychain.cleanUp();
  });

  const everythingThePageHolds = () =>
    page.evaluate(
      () =>
        document.documentElement.outerHTML +
        JSON.stringify({ ...sessionStorage }) +
        JSON.stringify({ ...localStorage }) +
        location.href,
    );

  it('takes the key out of the address bar once connected, and still connects after a reload', async () => {
    await page.goto(preview.url);
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true);
    expect(page.url()).not.toContain('key=');
    expect(page.url()).toBe(new URL('/', preview.url).href);
    await page.reload();
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true);
  });

  it('never shows the AppSecret, after a save, a fetch, or an upstream that echoes it back', async () => {
    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('account-dialog');
    await dialog.getByTestId('field-label').fill('Canary');
    await dialog.getByTestId('field-app-id').fill(APP_ID);
    await dialog.getByTestId('field-secret').fill(CANARY);
    await dialog.getByTestId('save-account').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('account-status').textContent(), { timeout: 15_000 }).toBe('OK');

    fake.fail({ kind: 'echo-credentials', errcode: 40125 }, { times: 'always' });
    await page.getByTestId('refresh-token').click();
    await expect.poll(() => page.getByTestId('account-detail').textContent()).toContain('40125');
    expect(await everythingThePageHolds()).not.toContain(CANARY);
  });
});
