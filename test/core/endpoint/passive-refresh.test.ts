import { afterEach, describe, expect, it } from 'vitest';
import { WeChatClient } from '../../../electron/core/wechat/client';
import { startFakeWeChat } from '../../fake-wechat/server';
import { useTempDirs } from '../../support/temp-dir';
import { startRealEndpoint } from './real-endpoint-fixture';

const APP_ID = 'wx5566778899aabbcc';
const SECRET = 'a0b1c2d3e4f5061728394a5b6c7d8e9f';

interface RefreshAnswer {
  access_token: string;
  refreshed: boolean;
}

/**
 * POST /v1/tokens/<alias>/refresh over the real stack (engine, keychain, HTTP) against the fake WeChat: a reported
 * token is checked with WeChat before anything is dropped or fetched.
 */
describe('passive refresh through the local endpoint', () => {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(tokenMode: 'classic' | 'stable') {
    const fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    cleanups.push(() => fake.close());
    const real = await startRealEndpoint(tempDir(), fake.url, [
      {
        input: { label: 'shop', kind: 'officialAccount', appId: APP_ID, environment: 'production', tokenMode },
        secret: SECRET,
      },
    ]);
    cleanups.push(real.close);
    await real.engine.settled();
    const report = async (token: string): Promise<RefreshAnswer> => {
      const response = await fetch(`${real.url}/v1/tokens/shop/refresh`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${real.localKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ access_token: token }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as RefreshAnswer;
    };
    const current = async (): Promise<string> => {
      const response = await fetch(`${real.url}/v1/tokens/shop`, {
        headers: { Authorization: `Bearer ${real.localKey}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    return { fake, real, report, current };
  }

  it('classic: a valid token reported by 10 callers is checked once and still served, with no fetch', async () => {
    const { fake, report, current } = await setup('classic');
    const token = await current();
    const answers = await Promise.all(Array.from({ length: 10 }, () => report(token)));
    expect(answers.every((answer) => answer.access_token === token && !answer.refreshed)).toBe(true);
    expect(fake.calls('check-token', APP_ID)).toBe(1);
    expect(fake.calls('classic-token', APP_ID)).toBe(1); // the start's own fetch
    expect(await current()).toBe(token);
  });

  it('a token another party killed, reported by 10 callers at once, is replaced with exactly one fetch', async () => {
    const { fake, report, current } = await setup('stable');
    const token = await current();
    // Another program force-refreshes the AppID's stable token: ours dies at once.
    await new WeChatClient({ apiBase: fake.url }).stableToken({ appId: APP_ID, secret: SECRET, forceRefresh: true });
    const before = fake.calls('stable-token', APP_ID);

    const answers = await Promise.all(Array.from({ length: 10 }, () => report(token)));
    expect(new Set(answers.map((answer) => answer.access_token)).size).toBe(1);
    expect(answers.every((answer) => answer.refreshed && answer.access_token !== token)).toBe(true);
    expect(fake.calls('check-token', APP_ID)).toBe(1);
    expect(fake.calls('stable-token', APP_ID)).toBe(before + 1);
    expect(await current()).toBe(answers[0]!.access_token);
  });
});
