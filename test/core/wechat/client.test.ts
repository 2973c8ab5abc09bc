import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeChatClient } from '../../../electron/core/wechat/client';
import { classifyNetworkError } from '../../../electron/core/wechat/network-error';
import type { Exchange, Outcome } from '../../../electron/core/wechat/types';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';

// Canaries: if any of these shows up in any field of any Exchange, a secret leaked.
const SECRET = 'CANARY-AppSecret-7f3e9a1c5b';
const WRONG_SECRET = 'CANARY-WrongSecret-0d4c2b8e';
const WECOM_SECRET = 'CANARY-CorpSecret-9a8b7c6d';
const OA = 'wx00000000000000a1';
const TEST_ACCOUNT = 'wx00000000000000b2';
const CORP = 'ww00000000000000c3';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);

const allExchanges: Exchange[] = [];
let clock: number;
let fake: FakeWeChat;
let client: WeChatClient;

async function record<T>(pending: Promise<Exchange<T>>): Promise<Exchange<T>> {
  const exchange = await pending;
  allExchanges.push(exchange);
  return exchange;
}

function expectOutcome(exchange: Exchange, expected: Partial<Outcome> & Record<string, unknown>) {
  expect(exchange.outcome).toMatchObject(expected);
  if (exchange.outcome.kind !== 'ok') expect(exchange.result).toBeUndefined();
}

beforeEach(async () => {
  clock = START;
  fake = await startFakeWeChat({
    now: () => clock,
    accounts: [
      { appId: OA, secret: SECRET },
      { appId: TEST_ACCOUNT, secret: SECRET, kind: 'testAccount' },
      { appId: CORP, secret: WECOM_SECRET, kind: 'wecom' },
    ],
  });
  client = new WeChatClient({ apiBase: fake.url, wecomApiBase: fake.url, now: () => clock });
});

afterEach(async () => {
  await fake.close();
});

afterAll(() => {
  const serialised = JSON.stringify(allExchanges);
  expect(allExchanges.length).toBeGreaterThan(30);
  for (const canary of [SECRET, WRONG_SECRET, WECOM_SECRET]) expect(serialised).not.toContain(canary);
});

describe('token calls', () => {
  it('classic: a token, the raw exchange, the redacted request', async () => {
    const exchange = await record(client.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'ok' });
    expect(exchange.call).toBe('classic-token');
    expect(exchange.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(exchange.request).toEqual({
      method: 'GET',
      url: `${fake.url}/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=***`,
    });
    expect(exchange.status).toBe(200);
    expect(exchange.serverDate).toBe(new Date(START).toUTCString());
    expect(exchange.result!.expiresIn).toBe(7200);
    expect(exchange.result!.accessToken.length).toBeGreaterThan(100);
    // The token in the response stays visible: it is what the user came for.
    expect(exchange.bodyText).toContain(exchange.result!.accessToken);
    expect(exchange.json).toEqual({ access_token: exchange.result!.accessToken, expires_in: 7200 });
    expect([exchange.startedAt, exchange.finishedAt, exchange.latencyMs]).toEqual([START, START, 0]);
    expect(fake.calls('classic-token', OA)).toBe(1);
  });

  it('stable: normal and force modes are separate calls with a redacted JSON body', async () => {
    const normal = await record(client.stableToken({ appId: OA, secret: SECRET }));
    expectOutcome(normal, { kind: 'ok' });
    expect(normal.call).toBe('stable-token');
    expect(normal.request.method).toBe('POST');
    expect(JSON.parse(normal.request.body!)).toEqual({
      grant_type: 'client_credential',
      appid: OA,
      secret: '***',
      force_refresh: false,
    });

    const forced = await record(client.stableToken({ appId: OA, secret: SECRET, forceRefresh: true }));
    expectOutcome(forced, { kind: 'ok' });
    expect(forced.call).toBe('stable-token-force');
    expect(forced.result!.accessToken).not.toBe(normal.result!.accessToken);
    expect([fake.calls('stable-token', OA), fake.calls('stable-token-force', OA)]).toEqual([1, 1]);
  });

  it('WeCom: success carries errcode 0 and still yields a token', async () => {
    const exchange = await record(client.wecomToken({ corpId: CORP, secret: WECOM_SECRET }));
    expectOutcome(exchange, { kind: 'ok' });
    expect((exchange.json as { errcode: number }).errcode).toBe(0);
    expect(exchange.request.url).toBe(`${fake.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=***`);
  });

  it('a per-account base URL wins over the global one', async () => {
    const closedPort = await unusedPort();
    const misdirected = new WeChatClient({
      apiBase: `http://127.0.0.1:${closedPort}`,
      wecomApiBase: `http://127.0.0.1:${closedPort}`,
    });
    expectOutcome(await record(misdirected.classicToken({ appId: OA, secret: SECRET })), {
      kind: 'network-error',
      reason: 'refused',
    });
    expectOutcome(await record(misdirected.classicToken({ appId: OA, secret: SECRET, apiBase: `${fake.url}/` })), {
      kind: 'ok',
    });
    expectOutcome(await record(misdirected.wecomToken({ corpId: CORP, secret: WECOM_SECRET, apiBase: fake.url })), {
      kind: 'ok',
    });
  });
});

describe('helper calls', () => {
  it('checkToken proves a token works and catches a stale one with the on-use reading of 40001', async () => {
    const first = (await record(client.classicToken({ appId: OA, secret: SECRET }))).result!.accessToken;
    const check = await record(client.checkToken({ accessToken: first }));
    expectOutcome(check, { kind: 'ok' });
    expect(check.result!.ipList.length).toBeGreaterThan(0);
    expect(check.request.url).toBe(`${fake.url}/cgi-bin/get_api_domain_ip?access_token=***`);

    await record(client.classicToken({ appId: OA, secret: SECRET }));
    clock += 300_000;
    const stale = await record(client.checkToken({ accessToken: first }));
    expectOutcome(stale, { kind: 'wechat-error', errcode: 40001 });
    if (stale.outcome.kind !== 'wechat-error') throw new Error('unreachable');
    expect(stale.outcome.entry).toMatchObject({ errcode: 40001, when: 'use' });
    expect(stale.outcome.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  it('checkToken for WeCom reads WeCom codes and the from-ip fact', async () => {
    const token = (await record(client.wecomToken({ corpId: CORP, secret: WECOM_SECRET }))).result!.accessToken;
    expectOutcome(await record(client.checkToken({ accessToken: token, family: 'wecom' })), { kind: 'ok' });
    fake.setWhitelist(CORP, ['198.51.100.0/24']);
    fake.setClientIp('203.0.113.77');
    const refused = await record(client.checkToken({ accessToken: token, family: 'wecom' }));
    expectOutcome(refused, { kind: 'wechat-error', errcode: 60020, facts: { fromIp: '203.0.113.77' } });
    if (refused.outcome.kind !== 'wechat-error') throw new Error('unreachable');
    expect(refused.outcome.entry?.family).toBe('wecom');
    expect(refused.outcome.rid).toMatch(/^\d{25}$/);
  });

  it('getQuota reports the day’s use of /cgi-bin/token by default', async () => {
    const token = (await record(client.classicToken({ appId: TEST_ACCOUNT, secret: SECRET }))).result!.accessToken;
    await record(client.classicToken({ appId: TEST_ACCOUNT, secret: SECRET }));
    const quota = await record(client.getQuota({ accessToken: token }));
    expectOutcome(quota, { kind: 'ok' });
    expect(quota.result).toEqual({ dailyLimit: 200, used: 2, remain: 198 });
    expect(JSON.parse(quota.request.body!)).toEqual({ cgi_path: '/cgi-bin/token' });
    const stable = await record(client.getQuota({ accessToken: token, cgiPath: '/cgi-bin/stable_token' }));
    expect(stable.result).toEqual({ dailyLimit: 500_000, used: 0, remain: 500_000 });
  });

  it('clearQuotaV2 resets the quota with the AppSecret, redacted in the query', async () => {
    await record(client.classicToken({ appId: OA, secret: SECRET }));
    const cleared = await record(client.clearQuotaV2({ appId: OA, secret: SECRET }));
    expectOutcome(cleared, { kind: 'ok' });
    expect(cleared.result).toEqual({});
    expect(cleared.request.url).toBe(`${fake.url}/cgi-bin/clear_quota/v2?appid=${OA}&appsecret=***`);
    const token = (await record(client.classicToken({ appId: OA, secret: SECRET }))).result!.accessToken;
    expect((await record(client.getQuota({ accessToken: token }))).result!.used).toBe(1);
  });

  it('lookupRid returns what WeChat saw, with the echoed AppSecret redacted', async () => {
    const failed = await record(client.stableToken({ appId: OA, secret: WRONG_SECRET }));
    expectOutcome(failed, { kind: 'wechat-error', errcode: 40125 });
    if (failed.outcome.kind !== 'wechat-error') throw new Error('unreachable');
    const token = (await record(client.stableToken({ appId: OA, secret: SECRET }))).result!.accessToken;

    const lookup = await record(client.lookupRid({ accessToken: token, rid: failed.outcome.rid! }));
    expectOutcome(lookup, { kind: 'ok' });
    expect(lookup.result).toMatchObject({ invokeTime: START / 1000, clientIp: '127.0.0.1', requestUrl: '' });
    expect(JSON.parse(lookup.result!.requestBody)).toMatchObject({ appid: OA, secret: '***' });
    expect(JSON.parse(lookup.result!.responseBody)).toMatchObject({ errcode: 40125 });
    expect(lookup.bodyText).toContain('\\"secret\\":\\"***\\"');

    const unknown = await record(client.lookupRid({ accessToken: token, rid: '6b0750a1-00000000-00000000' }));
    expectOutcome(unknown, { kind: 'wechat-error', errcode: 76001 });
  });
});

describe('WeChat errors become wechat-error outcomes with catalogue entries and facts', () => {
  it('40013 unknown AppID', async () => {
    const exchange = await record(client.classicToken({ appId: 'wx0000000000000bad', secret: SECRET }));
    expectOutcome(exchange, {
      kind: 'wechat-error',
      errcode: 40013,
      entry: expect.objectContaining({ errcode: 40013 }),
    });
    expect(exchange.status).toBe(200);
  });

  it('a wrong secret on classic fetch reads as a credential problem, not a stale token', async () => {
    const exchange = await record(client.classicToken({ appId: OA, secret: WRONG_SECRET }));
    expectOutcome(exchange, {
      kind: 'wechat-error',
      errcode: 40001,
      entry: expect.objectContaining({ when: 'fetch' }),
    });
  });

  it('40164 with the IPv4 unwrapped from ::ffff:', async () => {
    fake.setWhitelist(OA, ['198.51.100.7']);
    const refused = await record(client.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(refused, { kind: 'wechat-error', errcode: 40164, facts: { ip: '127.0.0.1' } });
    if (refused.outcome.kind !== 'wechat-error') throw new Error('unreachable');
    expect(refused.outcome.errmsg).toMatch(/^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: /);
  });

  it.each([
    [-1, { transient: true }, {}],
    [45009, { transient: false }, {}],
    [89503, { transient: false }, {}],
    [89506, { transient: false }, { lockoutSeconds: 86_400 }],
    [89507, { transient: false }, { lockoutSeconds: 3_600 }],
  ])('injected %i', async (errcode, entry, facts) => {
    fake.fail({ kind: 'errcode', errcode }, { account: OA, endpoint: 'stable-token' });
    const exchange = await record(client.stableToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'wechat-error', errcode, entry: expect.objectContaining(entry), facts });
  });

  it('an injected 40164 carries the IP the fake was told the caller has', async () => {
    fake.fail({ kind: 'errcode', errcode: 40164 });
    fake.setClientIp('203.0.113.9');
    const exchange = await record(client.clearQuotaV2({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'wechat-error', errcode: 40164, facts: { ip: '203.0.113.9' } });
  });
});

describe('transport and body faults never throw', () => {
  it('times out with a small timeoutMs', async () => {
    fake.fail({ kind: 'delay', ms: 5_000 });
    const impatient = new WeChatClient({ apiBase: fake.url, timeoutMs: 50 });
    const exchange = await record(impatient.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'network-error', reason: 'timeout' });
    expect(exchange.status).toBeUndefined();
  });

  it('a delay shorter than the timeout is only slow', async () => {
    fake.fail({ kind: 'delay', ms: 20 });
    expectOutcome(await record(client.classicToken({ appId: OA, secret: SECRET })), { kind: 'ok' });
  });

  it('connection refused on a closed port', async () => {
    const closed = new WeChatClient({ apiBase: `http://127.0.0.1:${await unusedPort()}` });
    const exchange = await record(closed.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'network-error', reason: 'refused' });
    if (exchange.outcome.kind === 'network-error') expect(exchange.outcome.message).toMatch(/ECONNREFUSED/);
  });

  it('connection reset', async () => {
    fake.fail({ kind: 'reset' });
    expectOutcome(await record(client.stableToken({ appId: OA, secret: SECRET })), {
      kind: 'network-error',
      reason: 'reset',
    });
  });

  it('TLS spoken to a plain-HTTP server', async () => {
    const tls = new WeChatClient({ apiBase: fake.url.replace('http:', 'https:') });
    expectOutcome(await record(tls.classicToken({ appId: OA, secret: SECRET })), {
      kind: 'network-error',
      reason: 'tls',
    });
  });

  it('an HTML 502 page', async () => {
    fake.fail({ kind: 'html-502' });
    const exchange = await record(client.wecomToken({ corpId: CORP, secret: WECOM_SECRET }));
    expectOutcome(exchange, { kind: 'bad-response', reason: 'html' });
    expect(exchange.status).toBe(502);
    expect(exchange.bodyText).toContain('502 Bad Gateway');
  });

  it('malformed JSON', async () => {
    fake.fail({ kind: 'malformed-json' });
    const exchange = await record(client.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'bad-response', reason: 'not-json' });
    expect(exchange.json).toBeUndefined();
  });

  it('a non-JSON 404 from a wrong base path', async () => {
    const wrongPath = new WeChatClient({ apiBase: `${fake.url}/not-wechat` });
    const exchange = await record(wrongPath.classicToken({ appId: OA, secret: SECRET }));
    expectOutcome(exchange, { kind: 'bad-response', reason: 'not-json' });
    expect(exchange.status).toBe(404);
  });

  it('a JSON error page without errcode from a proxy (outside-world fetch stand-in)', async () => {
    const proxy = new WeChatClient({
      fetch: async () => new Response('{"message":"upstream unavailable"}', { status: 503 }),
    });
    expectOutcome(await record(proxy.classicToken({ appId: OA, secret: SECRET })), {
      kind: 'bad-response',
      reason: 'http-status',
    });
  });

  it('missing fields, for every call', async () => {
    const token = (await record(client.stableToken({ appId: OA, secret: SECRET }))).result!.accessToken;
    const calls: Array<() => Promise<Exchange>> = [
      () => client.classicToken({ appId: OA, secret: SECRET }),
      () => client.stableToken({ appId: OA, secret: SECRET }),
      () => client.stableToken({ appId: OA, secret: SECRET, forceRefresh: true }),
      () => client.wecomToken({ corpId: CORP, secret: WECOM_SECRET }),
      () => client.checkToken({ accessToken: token }),
      () => client.getQuota({ accessToken: token }),
      () => client.clearQuotaV2({ appId: OA, secret: SECRET }),
      () => client.lookupRid({ accessToken: token, rid: '6b0750a1-00000000-00000000' }),
    ];
    for (const call of calls) {
      fake.fail({ kind: 'missing-fields' });
      const exchange = await record(call());
      expect(exchange.outcome, exchange.call).toMatchObject({ kind: 'bad-response', reason: 'missing-fields' });
    }
  });
});

describe('classifyNetworkError on the shapes undici throws', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['dns', fetchFailed(coded('ENOTFOUND', 'getaddrinfo ENOTFOUND api.weixin.qq.com'))],
    ['dns', fetchFailed(coded('EAI_AGAIN'))],
    ['reset', fetchFailed(coded('UND_ERR_SOCKET', 'other side closed'))],
    ['refused', fetchFailed(Object.assign(new AggregateError([coded('ECONNREFUSED')], ''), { code: undefined }))],
    ['tls', fetchFailed(coded('CERT_HAS_EXPIRED'))],
    ['tls', fetchFailed(coded('ERR_SSL_WRONG_VERSION_NUMBER'))],
    ['timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    ['timeout', fetchFailed(coded('UND_ERR_CONNECT_TIMEOUT'))],
    ['other', fetchFailed(new Error('something new'))],
  ])('%s', (reason, error) => {
    expect(classifyNetworkError(error).reason).toBe(reason);
  });
});

async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
