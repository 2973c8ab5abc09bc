import { createRequire } from 'node:module';
import newman, { type NewmanRunSummary } from 'newman';
import { describe, expect, it } from 'vitest';
import { postmanPreRequestScript, postmanSetupCollection } from '../../../electron/core/snippets/snippets';
import { useShopEndpoint } from './real-endpoint-fixture';

const SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const APP_ID = 'wxaabbccddeeff0011';

/** wechat-api is CommonJS without types; only the few members these tests touch are described. */
interface WeChatApi {
  endpoint: string;
  getLatestToken(callback: (error: Error | null, token: { accessToken: string; expireTime: number }) => void): void;
}
const WeChatAPI = createRequire(import.meta.url)('wechat-api') as new (appId: string, secret: string) => WeChatApi;

describe('real clients nobody here wrote', () => {
  const setupEndpoint = useShopEndpoint(APP_ID, SECRET);

  async function setup() {
    const { fake, real } = await setupEndpoint();
    const upstreamTokenCalls = () => fake.calls('stable-token', APP_ID) + fake.calls('classic-token', APP_ID);
    expect(upstreamTokenCalls()).toBe(1); // the engine's own fetch at start
    return { fake, real, upstreamTokenCalls };
  }

  it('newman runs a collection whose pre-request script takes the token from the endpoint, then calls WeChat with it', async () => {
    const { fake, real, upstreamTokenCalls } = await setup();
    const collection = {
      info: {
        name: 'TokenDesk newman check',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      // The very snippet the desk offers for Postman and Apifox.
      event: [
        {
          listen: 'prerequest',
          script: {
            type: 'text/javascript',
            exec: postmanPreRequestScript({ alias: 'shop', endpointPort: real.endpoint.port }).split('\n'),
          },
        },
      ],
      item: [1, 2].map((n) => ({
        name: `menu/get #${n}`,
        request: { method: 'GET', url: '{{wechat_api_base}}/cgi-bin/menu/get?access_token={{access_token}}' },
        event: [
          {
            listen: 'test',
            script: {
              type: 'text/javascript',
              exec: [
                "pm.test('WeChat accepts the token', () => {",
                '  pm.response.to.have.status(200);',
                "  pm.expect(pm.response.json()).to.not.have.property('errcode');",
                '});',
              ],
            },
          },
        ],
      })),
    };
    const environment = {
      name: 'TokenDesk · shop',
      values: [
        { key: 'wechat_api_base', value: fake.url, type: 'default', enabled: true },
        { key: 'tokendesk_key', value: real.localKey, type: 'secret', enabled: true },
        { key: 'access_token', value: '', type: 'default', enabled: true },
      ],
    };
    const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
      newman.run({ collection, environment, reporters: [] }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
    const failures = summary.run.failures.map((failure) => `${failure.source?.name}: ${failure.error.message}`);
    expect(failures).toEqual([]);
    expect(summary.run.stats.assertions).toMatchObject({ total: 2, failed: 0 });
    expect(fake.calls('menu-get', APP_ID)).toBe(2);
    expect(upstreamTokenCalls()).toBe(1);
    expect(real.records.filter((record) => record.route === 'v1-token' && record.status === 200)).toHaveLength(2);
  });

  it('newman runs the desk’s one-step Postman collection as is: key, script and a first request inside, no environment', async () => {
    const { fake, real, upstreamTokenCalls } = await setup();
    // Addressed by AppID, as the desk does (a rename must not break it).
    const collection = JSON.parse(
      postmanSetupCollection({
        label: 'shop',
        alias: APP_ID,
        apiBase: fake.url,
        endpointPort: real.endpoint.port,
        endpointKey: real.localKey,
      }),
    ) as object;
    const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
      newman.run({ collection, reporters: [] }, (error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(summary.run.failures.map((failure) => `${failure.source?.name}: ${failure.error.message}`)).toEqual([]);
    expect(summary.run.stats.assertions).toMatchObject({ total: 1, failed: 0 });
    expect(fake.calls('check-token', APP_ID)).toBe(1);
    expect(upstreamTokenCalls()).toBe(1);
  });

  it('wechat-api pointed at the WeChat-shaped routes gets the managed token with no extra upstream call', async () => {
    const { fake, real, upstreamTokenCalls } = await setup();
    const api = new WeChatAPI(APP_ID, SECRET);
    // setEndpoint() forces https://; the property is what every call of wechat-api reads (lib/api_common.js).
    api.endpoint = real.url;
    const token = await new Promise<{ accessToken: string; expireTime: number }>((resolve, reject) =>
      api.getLatestToken((error, result) => (error ? reject(error) : resolve(result))),
    );
    const response = await fetch(`${real.url}/v1/tokens/shop`, {
      headers: { Authorization: `Bearer ${real.localKey}` },
    });
    const managed = (await response.json()) as { access_token: string };
    expect(token.accessToken).toBe(managed.access_token);
    expect(token.expireTime).toBeGreaterThan(Date.now() + 7_000_000);
    expect(upstreamTokenCalls()).toBe(1);
    // And the token works on WeChat's (the fake's) business API.
    const menu = await (await fetch(`${fake.url}/cgi-bin/menu/get?access_token=${token.accessToken}`)).json();
    expect(menu).not.toHaveProperty('errcode');
    // A wrong secret gets WeChat's error shape, which wechat-api turns into its own error.
    const wrong = new WeChatAPI(APP_ID, 'f'.repeat(32));
    wrong.endpoint = real.url;
    const failure = await new Promise<Error>((resolve) => wrong.getLatestToken((error) => resolve(error!)));
    expect(failure.message).toContain('invalid appsecret');
    expect(failure.message).not.toContain(SECRET);
  });
});
