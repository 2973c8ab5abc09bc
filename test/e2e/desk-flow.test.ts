/// <reference lib="dom" />
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { axeViolations, describeViolations } from './support/accessibility';
import { saveScreenshot } from './support/chromium';
import { openDesk, type DeskSession } from './support/desk-session';

const APP_ID = 'wx1234567890abcdef';

/** A port nothing listens on right now, for the local endpoint. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const SECRET = 'desk-flow-secret-0123456789abcdef';

/**
 * The desk as a person uses it, in Chromium through the preview, against the fake WeChat server: add an account →
 * token with a ticking countdown → copy → refresh → a 40164 card with the IP → a 45009 card → 简体中文 → dark theme.
 * One page for the whole story; each step saves a screenshot.
 */
describe('the desk, end to end', () => {
  const keychain = uniqueKeychainNamespace('e2e');
  let fake: FakeWeChat;
  let page: Page;
  let pageErrors: string[];
  let desk: DeskSession;

  beforeAll(async () => {
    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET, kind: 'officialAccount' }] });
    desk = await openDesk(fake.url, keychain.prefix, { clipboard: true });
    ({ page, pageErrors } = desk);
  });

  afterAll(async () => {
    await desk?.close();
    await fake?.close();
    await keychain.cleanUp();
  });

  it('adds an account after testing its credentials', async () => {
    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('account-dialog');
    await dialog.getByTestId('field-label').fill('Shop OA');
    await dialog.getByTestId('field-app-id').fill('wx123');
    await dialog.getByTestId('field-app-id').blur();
    await expect.poll(() => dialog.getByRole('alert').first().textContent()).toMatch(/16 hexadecimal characters/);
    await dialog.getByTestId('field-app-id').fill(APP_ID);
    await dialog.getByTestId('field-secret').fill(`  ${SECRET}\n`);
    await dialog.getByTestId('test-credentials').click();
    await expect
      .poll(() => dialog.getByTestId('test-result').textContent())
      .toContain('WeChat accepted these credentials');
    await saveScreenshot(page, '02-add-account');
    await dialog.getByTestId('save-account').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('account-row-Shop OA').isVisible()).toBe(true);
  });

  it('shows the token with a countdown that ticks', async () => {
    const detail = page.getByTestId('account-detail');
    await expect.poll(() => detail.getByTestId('account-status').textContent(), { timeout: 15_000 }).toBe('OK');
    const countdown = detail.getByTestId('countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^1:59:\d\d$|^2:00:00$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(first);
    expect(await detail.getByTestId('token-value').textContent()).toContain('•');
    await saveScreenshot(page, '03-token');
  });

  it('copies the token to the clipboard', async () => {
    const detail = page.getByTestId('account-detail');
    await detail.getByTestId('reveal-token').click();
    const token = (await detail.getByTestId('token-value').textContent())!;
    expect(token).toMatch(/^[\w-]{20,}$/);
    await detail.getByTestId('copy-token').click();
    await expect.poll(() => detail.getByTestId('copy-token').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  });

  it('refreshes (stable mode: WeChat hands back the same valid token) and logs the exchange', async () => {
    const before = fake.calls('stable-token', APP_ID);
    await page.getByTestId('refresh-token').click();
    await expect.poll(() => fake.calls('stable-token', APP_ID)).toBe(before + 1);
    await expect.poll(() => page.getByTestId('history').locator('.timeline-item').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('exchange-request').first().textContent()).toContain('POST');
    expect(await page.getByTestId('account-detail').textContent()).not.toContain(SECRET);
  });

  it('asks before a force refresh and shows WeChat’s budget', async () => {
    await page.getByTestId('force-refresh').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect.poll(() => confirm.textContent()).toContain('30 s and 20 times a day');
    await saveScreenshot(page, '04-force-refresh-confirm');
    expect(
      describeViolations(await axeViolations(page, ['color-contrast', 'button-name', 'aria-dialog-name'])),
    ).toEqual([]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.isVisible()).toBe(false);
  });

  it('explains a 40164 with the IP WeChat saw, and notices the IP changed since the last success', async () => {
    // The office's IP was refused once, then whitelisted; now the egress IP has moved.
    fake.setWhitelist(APP_ID, ['10.1.2.3']);
    fake.setClientIp('198.51.100.4');
    await page.getByTestId('refresh-token').click();
    await expect.poll(() => page.getByTestId('diag-ip').textContent()).toContain('198.51.100.4');
    fake.setWhitelist(APP_ID, ['10.1.2.3', '198.51.100.4']);
    // After a refusal the one button that matters is a real call to WeChat.
    await page.getByTestId('retry-now').click();
    await expect.poll(() => page.getByTestId('account-status').textContent()).toBe('OK');
    fake.setClientIp('203.0.113.7');
    await page.getByTestId('refresh-token').click();
    const card = page.getByTestId('diag-ip');
    await expect
      .poll(() => card.textContent(), { timeout: 10_000 })
      .toContain('WeChat saw your request from 203.0.113.7');
    expect(await card.textContent()).toContain('IP whitelist');
    expect(await card.getByTestId('diag-ip-changed').textContent()).toContain('198.51.100.4');
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    await card.getByTestId('copy-ip').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('203.0.113.7');
    await expect.poll(() => page.getByTestId('account-status').textContent()).toBe('Action needed · 40164');
    await saveScreenshot(page, '05-diagnosis-40164');
  });

  it('has enough contrast and labelled controls in the light theme', async () => {
    const violations = await axeViolations(page, [
      'color-contrast',
      'label',
      'button-name',
      'aria-allowed-attr',
      'aria-required-attr',
    ]);
    expect(describeViolations(violations)).toEqual([]);
  });

  it('explains a 45009 with the quota meter', async () => {
    fake.setWhitelist(APP_ID, undefined);
    fake.fail({ kind: 'errcode', errcode: 45009 }, { account: APP_ID });
    await page.getByTestId('retry-now').click();
    const card = page.getByTestId('diag-quota');
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('Daily token quota used up');
    await expect.poll(() => card.textContent()).toMatch(/TokenDesk made \d+ token calls today/);
    await card.getByTestId('quota-load').click();
    await expect.poll(() => card.textContent()).toMatch(/WeChat’s meter: \d+ of 500000 used/);
    await saveScreenshot(page, '06-diagnosis-45009');
  });

  it('filters the errors in the history', async () => {
    await page.getByTestId('errors-only').check();
    await expect.poll(() => page.getByTestId('history').locator('.timeline-ok').count()).toBe(0);
    expect(await page.getByTestId('history').locator('.timeline-error').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('errors-only').uncheck();
  });

  it('speaks 简体中文', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-language').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('settings-dialog').textContent()).toContain('语言');
    await page.getByTestId('settings-close').click();
    await expect.poll(() => page.getByTestId('account-detail').textContent()).toContain('今日 token 调用次数已用完');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.locator('.detail-pane').evaluate((pane) => pane.scrollTo(0, 0));
    await saveScreenshot(page, '07-zh-CN');
  });

  it('switches to the dark theme', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-theme').selectOption('dark');
    await page.getByTestId('settings-close').click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 29)');
    await page.locator('.detail-pane').evaluate((pane) => pane.scrollTo(0, 0));
    await saveScreenshot(page, '08-dark');
    const violations = await axeViolations(page, ['color-contrast', 'label', 'button-name']);
    expect(describeViolations(violations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('serves the managed token on the local endpoint, with the key from Settings', async () => {
    const port = await freePort();
    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('endpoint-settings');
    await section.getByLabel('端口').fill(String(port));
    await section.getByLabel('端口').blur();
    // A controlled checkbox: it turns on when the core confirms the setting, not on the click itself.
    await section.getByTestId('endpoint-enabled').click();
    await expect.poll(() => section.getByTestId('endpoint-enabled').isChecked()).toBe(true);
    await expect
      .poll(() => section.getByTestId('endpoint-status').textContent())
      .toBe(`正在监听 http://127.0.0.1:${port}`);
    await section.getByTestId('reveal-endpoint-key').click();
    await expect.poll(() => section.getByTestId('endpoint-key').textContent()).toMatch(/^[\w-]{43}$/);
    const key = (await section.getByTestId('endpoint-key').textContent())!;
    const refused = await fetch(`http://127.0.0.1:${port}/v1/tokens/Shop%20OA`);
    expect(refused.status).toBe(401);
    const answer = await fetch(`http://127.0.0.1:${port}/v1/tokens/Shop%20OA`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { access_token: string; expires_in: number };
    await page.getByTestId('settings-close').click();
    const reveal = page.getByTestId('reveal-token');
    if ((await reveal.getAttribute('aria-pressed')) !== 'true') await reveal.click();
    expect(body.access_token).toBe(await page.getByTestId('token-value').textContent());
    expect(body.expires_in).toBeGreaterThan(7000);
    await page.getByTestId('open-settings').click();
    await expect.poll(() => page.getByTestId('endpoint-settings').textContent()).toContain('GET /v1/tokens/');
    await saveScreenshot(page, '09-endpoint-settings');
    await page.getByTestId('settings-close').click();
  });
});
