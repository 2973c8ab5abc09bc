import { afterEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { useTempDirs } from '../../support/temp-dir';
import { startRealEndpoint, useShopEndpoint } from './real-endpoint-fixture';

/** What the endpoint and WeChat answer, as far as these tests read it. */
interface Answer {
  access_token: string;
  expires_in: number;
  refreshed?: boolean;
  errcode?: number;
}
const answer = async (response: Response | Promise<Response>) => (await (await response).json()) as Answer;

const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const APP_ID = 'wx5566778899aabbcc';

describe('the endpoint over the real engine', () => {
  const setup = useShopEndpoint(APP_ID, SECRET);

  it('a hundred callers reporting the same failed token cause one refresh (passive refresh, no stampede)', async () => {
    const { fake, real } = await setup();
    const auth = { Authorization: `Bearer ${real.localKey}` };
    const first = await answer(fetch(`${real.url}/v1/tokens/shop`, { headers: auth }));
    expect(fake.calls('stable-token', APP_ID)).toBe(1);
    // Another party force-refreshes behind TokenDesk's back: the token everyone holds is dead.
    const elsewhere = await answer(
      fetch(`${fake.url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET, force_refresh: true }),
      }),
    );
    expect(elsewhere.access_token).not.toBe(first.access_token);
    const callsBefore = fake.calls('stable-token', APP_ID);

    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${real.url}/v1/tokens/shop/refresh`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ access_token: first.access_token }),
        }).then(answer),
      ),
    );
    expect(new Set(answers.map((each) => each.access_token))).toEqual(new Set([elsewhere.access_token]));
    expect(fake.calls('stable-token', APP_ID) - callsBefore).toBe(1);
    expect(answers.every((each) => each.refreshed === true)).toBe(true);
    // A late caller with the same dead token gets the current one and causes no call; one with the current token
    // learns that nothing newer exists (stable mode hands out the same token while it is valid).
    const late = await fetch(`${real.url}/v1/tokens/shop/refresh`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ access_token: first.access_token }),
    });
    expect(await answer(late)).toMatchObject({ access_token: elsewhere.access_token, refreshed: true });
    expect(fake.calls('stable-token', APP_ID) - callsBefore).toBe(1);
  });

  it('answers the WeChat-shaped routes from the keychain’s secret, with no upstream call', async () => {
    const { fake, real } = await setup();
    const before = fake.calls('stable-token', APP_ID) + fake.calls('classic-token', APP_ID);
    const managed = await answer(
      fetch(`${real.url}/v1/tokens/shop`, { headers: { Authorization: `Bearer ${real.localKey}` } }),
    );
    const classic = await answer(
      fetch(`${real.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${SECRET}`),
    );
    expect(classic).toEqual({ access_token: managed.access_token, expires_in: managed.expires_in });
    const wrong = await answer(
      fetch(`${real.url}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${'0'.repeat(32)}`),
    );
    expect(wrong.errcode).toBe(40125);
    expect(fake.calls('stable-token', APP_ID) + fake.calls('classic-token', APP_ID)).toBe(before);
    expect(JSON.stringify(real.records)).not.toContain(SECRET);
  });
});

describe('a failed answer of the endpoint', () => {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function failing(prepare: (fake: FakeWeChat) => void) {
    const fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    cleanups.push(() => fake.close());
    prepare(fake);
    const real = await startRealEndpoint(tempDir(), fake.url, [
      { input: { label: 'shop', kind: 'officialAccount', appId: APP_ID, environment: 'test' }, secret: SECRET },
    ]);
    cleanups.push(real.close);
    await real.engine.settled();
    const response = await fetch(`${real.url}/v1/tokens/shop`, {
      headers: { Authorization: `Bearer ${real.localKey}` },
    });
    return { status: response.status, error: ((await response.json()) as { error: Record<string, unknown> }).error };
  }

  it('says a person must act when WeChat refused (40164)', async () => {
    const answer = await failing((fake) => {
      fake.setWhitelist(APP_ID, ['203.0.113.9']);
      fake.setClientIp('198.51.100.1');
    });
    expect(answer).toMatchObject({ status: 502, error: { errcode: 40164, health: 'actionNeeded' } });
  });

  it('says TokenDesk retries by itself after a transient failure (-1)', async () => {
    const answer = await failing((fake) =>
      fake.fail({ kind: 'errcode', errcode: -1 }, { endpoint: 'stable-token', times: 'always' }),
    );
    expect(answer).toMatchObject({ status: 502, error: { errcode: -1, health: 'retrying' } });
  });
});
