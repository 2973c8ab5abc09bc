import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { startRedisServer, type RunningRedis } from '../support/redis-server';
import { saveScreenshot } from './support/chromium';
import { openDesk, type DeskSession } from './support/desk-session';

const APP_ID = 'wx00000000000000e1';
const TEAM_TOKEN = '87_team-token-first-0123456789abcdefghijklmnop';
const ROTATED = '87_team-token-second-0123456789abcdefghijklmno';
const KEY = `wx:access_token:${APP_ID}`;
const MANAGED_APP_ID = 'wx00000000000000e2';
const MANAGED_SECRET = '0123456789abcdef0123456789abcdef';

/**
 * Team mode in Chromium through the preview: a developer follows the token a team's WxJava server keeps in a real
 * redis-server — no AppSecret, a "Test connection" first — sees its countdown, and sees the team's rotation noticed.
 * The fake WeChat server counts every token call: there must be none for this AppID.
 */
describe('following a team token in Redis, end to end', () => {
  const keychain = uniqueKeychainNamespace('e2e-team-mode');
  let fake: FakeWeChat;
  let redis: RunningRedis;
  let team: Redis;
  let page: Page;
  let pageErrors: string[];
  let desk: DeskSession;

  beforeAll(async () => {
    fake = await startFakeWeChat({
      accounts: [
        { appId: APP_ID, secret: '0123456789abcdef0123456789abcdef' },
        { appId: MANAGED_APP_ID, secret: MANAGED_SECRET },
      ],
    });
    redis = await startRedisServer({ keyspaceEvents: 'K$gx' });
    team = new Redis(redis.port, '127.0.0.1');
    await team.set(KEY, TEAM_TOKEN, 'EX', 7200);
    desk = await openDesk(fake.url, keychain.prefix, { viewport: { width: 1280, height: 900 } });
    ({ page, pageErrors } = desk);
  });

  afterAll(async () => {
    await desk?.close();
    team?.disconnect();
    await redis?.stop();
    await fake?.close();
    await keychain.cleanUp();
  });

  it('adds a followed account after testing the connection, without an AppSecret', async () => {
    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('account-dialog');
    await dialog.getByTestId('field-source').selectOption('redis');
    expect(await dialog.getByTestId('field-secret').count()).toBe(0);
    await dialog.getByTestId('field-label').fill('Team OA');
    await dialog.getByTestId('field-app-id').fill(APP_ID);
    await dialog.getByTestId('field-redis-url').fill(redis.url);
    await dialog.getByTestId('field-redis-format').selectOption('wxjava');
    await dialog.getByTestId('team-test').click();
    await expect.poll(() => dialog.getByTestId('team-test-result').textContent()).toContain(`Found 87_tea… at ${KEY}`);
    await saveScreenshot(page, '40-team-test-connection');
    await dialog.getByTestId('save-account').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it("shows the team's token with its countdown and source", async () => {
    await page.getByTestId('account-row-Team OA').click();
    const detail = page.getByTestId('account-detail');
    await expect.poll(() => detail.getByTestId('follow-status').textContent(), { timeout: 15_000 }).toBe('Live');
    expect(await detail.getByTestId('follow-badge').textContent()).toContain('Followed from Redis · WxJava');
    expect(await detail.getByTestId('follow-where').textContent()).toBe(KEY);
    await detail.getByTestId('countdown').waitFor();
    expect(await detail.getByTestId('force-refresh').count()).toBe(0);
    await saveScreenshot(page, '41-team-followed-token');
  });

  it("notices the team server's rotation", async () => {
    await team.set(KEY, ROTATED, 'EX', 7200);
    const detail = page.getByTestId('account-detail');
    await detail.getByTestId('follow-rotated').waitFor({ timeout: 15_000 });
    await saveScreenshot(page, '42-team-rotation-noticed');
    expect(fake.calls('stable-token', APP_ID) + fake.calls('classic-token', APP_ID)).toBe(0);
  });

  it('publishes a managed token into Redis as WxJava writes it, for a local backend', async () => {
    const draft = {
      label: 'Shop OA',
      kind: 'officialAccount',
      appId: MANAGED_APP_ID,
      environment: 'staging',
      tokenMode: 'stable',
      autoRefresh: true,
      marginSeconds: null,
      apiBase: null,
      notes: '',
    };
    // Through the preview's own socket, from the page (its origin, its key): the contract calls a form would make.
    const answers = await page.evaluate(
      async ({ draft, secret, url }) => {
        const key = sessionStorage.getItem('tokendesk-preview-key') ?? '';
        const socket = new WebSocket(`ws://${location.host}/ws?key=${encodeURIComponent(key)}`);
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onclose = reject;
        });
        let id = 0;
        const call = (channel: string, args: unknown[]) =>
          new Promise<{
            value?: { ok?: boolean; account?: { id: string }; token?: { value: string }; publishTargets?: unknown };
          }>((resolve) => {
            const mine = id++;
            socket.onmessage = (message: MessageEvent<string>) => {
              const data = JSON.parse(message.data) as { type: string; id: number; envelope: never };
              if (data.type === 'result' && data.id === mine) resolve(data.envelope);
            };
            socket.send(JSON.stringify({ type: 'invoke', id: mine, channel, args }));
          });
        const added = await call('accounts:add', [draft, secret]);
        const accountId = added.value?.account?.id ?? '';
        const held = await call('token:get', [accountId]);
        const published = await call('publish:add', [
          accountId,
          { url, format: 'wxjava', keyPrefix: null, keyTemplate: null, valueField: null },
        ]);
        socket.close();
        return { added: added.value?.ok, token: held.value?.token?.value, published: published.value?.publishTargets };
      },
      { draft, secret: MANAGED_SECRET, url: redis.url },
    );
    expect(answers.added).toBe(true);
    await page.getByTestId('account-row-Shop OA').click();
    const detail = page.getByTestId('account-detail');
    await expect.poll(() => detail.getByTestId('publish-status').textContent()).toMatch(/^written at/);
    expect(await team.get(`wx:access_token:${MANAGED_APP_ID}`)).toBe(answers.token);
    await saveScreenshot(page, '43-team-publish-target');
    expect(pageErrors).toEqual([]);
  });
});
