/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { saveScreenshot } from './support/chromium';
import { addAccountsThroughPage, draftOf, openDesk, type DeskSession } from './support/desk-session';

const SECRET = '0123456789abcdef0123456789abcdef';
const OA = 'wx00000000000000d1';
const MINI = 'wx00000000000000d2';

/**
 * The desk's tools beyond the token, in Chromium through the preview against the fake WeChat server: the IP WeChat
 * sees (and that it changed), the API console (a JSON answer, an errcode explained, an image), and the JS-SDK ticket
 * with the signature calculator. Each step saves a screenshot.
 */
describe('API console, IP card and signature calculator, end to end', () => {
  const keychain = uniqueKeychainNamespace('e2e-api-tools');
  let fake: FakeWeChat;
  let page: Page;
  let pageErrors: string[];
  let desk: DeskSession;

  const select = async (label: string) => {
    await page.getByTestId(`account-row-${label}`).click();
    await page.getByTestId('token-value').waitFor();
  };
  const shoot = async (testId: string, name: string) => {
    await page.getByTestId(testId).scrollIntoViewIfNeeded();
    await saveScreenshot(page, name);
  };

  beforeAll(async () => {
    fake = await startFakeWeChat({
      accounts: [
        { appId: OA, secret: SECRET },
        { appId: MINI, secret: SECRET, kind: 'miniProgram' },
      ],
    });
    desk = await openDesk(fake.url, keychain.prefix, { viewport: { width: 1280, height: 900 } });
    ({ page, pageErrors } = desk);
    await page.getByTestId('empty-state').waitFor();
    await addAccountsThroughPage(page, [
      [draftOf({ label: 'Shop OA', appId: OA, environment: 'staging' }), SECRET],
      [draftOf({ label: 'Mini', appId: MINI, kind: 'miniProgram', environment: 'staging' }), SECRET],
    ]);
  });

  afterAll(async () => {
    await desk?.close();
    await fake?.close();
    await keychain.cleanUp();
  });

  it('asks WeChat which IP it sees, and says when that IP changed', async () => {
    await select('Shop OA');
    fake.setClientIp('::ffff:203.0.113.7');
    await page.getByTestId('ip-probe').click();
    await expect.poll(() => page.getByTestId('ip-value').textContent()).toBe('203.0.113.7');
    fake.setClientIp('198.51.100.2');
    await page.getByTestId('ip-probe').click();
    await expect.poll(() => page.getByTestId('ip-value').textContent()).toBe('198.51.100.2');
    await expect.poll(() => page.getByTestId('ip-changed').textContent()).toContain('203.0.113.7');
    expect(await page.getByTestId('ip-sightings').locator('li').count()).toBe(2);
    await shoot('ip-card', '30-ip-card');
  });

  it('calls an API from the list, and explains an errcode with its rid', async () => {
    await page.getByTestId('console-path').fill('/cgi-bin/user/get');
    expect(await page.getByTestId('console-query').inputValue()).toBe('next_openid=');
    await page.getByTestId('console-send').click();
    await expect.poll(() => page.getByTestId('console-result').textContent()).toContain('"total"');
    expect(await page.getByTestId('console-result').getByTestId('exchange-request').textContent()).toContain(
      'access_token=***',
    );

    await page.getByTestId('console-path').fill('/cgi-bin/message/template/send');
    expect(await page.getByTestId('console-method').inputValue()).toBe('POST');
    await page.getByTestId('console-send').click();
    await expect.poll(() => page.getByTestId('console-errcode').textContent()).toContain('40003 Invalid OpenID.');
    await page.getByTestId('console-rid-lookup').click();
    await expect.poll(() => page.getByTestId('console-errcode').textContent()).toContain('client_ip');
    await shoot('api-console', '31-api-console');
  });

  it('shows a Mini Program code as an image', async () => {
    await select('Mini');
    await page.getByTestId('console-path').fill('/wxa/getwxacodeunlimit');
    await page.getByTestId('console-send').click();
    const image = page.getByTestId('console-image').locator('img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(84);
    expect(await page.getByTestId('console-image').textContent()).toContain('image/jpeg');
    await shoot('api-console', '32-api-console-image');
  });

  it('fetches a jsapi ticket with its countdown and signs a page with the docs’ inputs', async () => {
    await select('Shop OA');
    await page.getByTestId('get-ticket-jsapi').click();
    const ticket = page.getByTestId('ticket-jsapi').locator('.ticket-value');
    await ticket.waitFor();
    const value = (await ticket.getAttribute('title'))!;
    await page.getByTestId('sign-url').fill('https://shop.example/page?x=1#/route');
    await page.getByTestId('sign-noncestr').fill('Wm3WZYTPz0wzccnW');
    await page.getByTestId('sign-timestamp').fill('1414587457');
    await page.getByTestId('sign-submit').click();
    const expected = createHash('sha1')
      .update(`jsapi_ticket=${value}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=https://shop.example/page?x=1`)
      .digest('hex');
    await expect.poll(() => page.getByTestId('signature-value').textContent()).toBe(expected);
    expect(await page.getByTestId('wx-config-snippet').textContent()).toContain(`appId: "${OA}"`);
    expect(fake.calls('ticket', OA)).toBe(1);
    await shoot('jssdk-card', '33-signature-calculator');
    expect(pageErrors).toEqual([]);
  });
});
