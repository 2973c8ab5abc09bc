// Pins the fake's WeChat semantics with plain fetch (not our client), so the fake stays an independent yardstick.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, startFakeWeChat, type FakeWeChat, type FakeWeChatOptions } from './server';

const OA = 'wx00000000000000a1';
const OTHER = 'wx00000000000000a2';
const TEST_ACCOUNT = 'wx00000000000000b2';
const CORP = 'ww00000000000000c3';
const SECRET = 'oa-secret';
// 2026-11-25 10:00 Beijing time (02:00 UTC): the quota day ends 14 hours later.
const START = Date.UTC(2026, 10, 25, 2, 0, 0);
const RID = /^([0-9a-f]{8})-[0-9a-f]{8}-[0-9a-f]{8}$/;

let clock: number;
let fake: FakeWeChat;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function start(options: Partial<FakeWeChatOptions> = {}) {
  fake = await startFakeWeChat({
    now: () => clock,
    accounts: [
      { appId: OA, secret: SECRET },
      { appId: OTHER, secret: 'other-secret', kind: 'miniProgram' },
      { appId: TEST_ACCOUNT, secret: SECRET, kind: 'testAccount' },
      { appId: CORP, secret: 'app-one', kind: 'wecom' },
      { appId: CORP, secret: 'app-two', kind: 'wecom' },
    ],
    ...options,
  });
}

beforeEach(async () => {
  clock = START;
  await start();
});
afterEach(async () => {
  await fake.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Json> {
  const response = await fetch(`${fake.url}${path}`, { headers });
  return (await response.json()) as Json;
}
async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Json;
}
const classic = (appId = OA, secret = SECRET, headers: Record<string, string> = {}) =>
  get(`/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${secret}`, headers);
const stable = (force = false, appId = OA, secret = SECRET) =>
  post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: appId, secret, force_refresh: force });
const wecom = (secret = 'app-one', corpId = CORP) => get(`/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`);
const menu = (token: string) => get(`/cgi-bin/menu/get?access_token=${token}`);
const seconds = (n: number) => n * 1000;

describe('wire format', () => {
  it('answers like WeChat: HTTP 200 errors, its content type, a Date from the clock, success without errcode', async () => {
    const response = await fetch(`${fake.url}/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=wrong`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; encoding=utf-8');
    expect(response.headers.get('date')).toBe('Wed, 25 Nov 2026 02:00:00 GMT');
    const error = (await response.json()) as Json;
    expect(error.errcode).toBe(40001);
    const rid = /rid: (\S+)$/.exec(error.errmsg)![1]!;
    expect(rid).toMatch(RID);
    expect(Number.parseInt(RID.exec(rid)![1]!, 16)).toBe(START / 1000);

    const ok = await classic();
    expect(Object.keys(ok).sort()).toEqual(['access_token', 'expires_in']);
    expect(ok.expires_in).toBe(7200);
  });

  it('honours a configured expires_in', async () => {
    await fake.close();
    await start({ expiresIn: 60 });
    expect((await classic()).expires_in).toBe(60);
    expect((await stable()).expires_in).toBe(60);
  });
});

describe('classic /cgi-bin/token', () => {
  it('mints a new token per fetch; the previous one works for 300 s more, then 40001', async () => {
    const first = (await classic()).access_token as string;
    clock += seconds(10);
    const second = (await classic()).access_token as string;
    expect(second).not.toBe(first);
    clock += seconds(299);
    expect(await menu(first)).toHaveProperty('menu');
    clock += seconds(1);
    expect((await menu(first)).errcode).toBe(40001);
    expect((await menu(first)).errmsg).toMatch(/^invalid credential, access_token is invalid or not latest.* rid: /);
    expect(await menu(second)).toHaveProperty('menu');
  });

  it('expires after expires_in with 42001', async () => {
    const token = (await classic()).access_token as string;
    clock += seconds(7199);
    expect(await menu(token)).toHaveProperty('menu');
    clock += seconds(1);
    expect(await menu(token)).toMatchObject({
      errcode: 42001,
      errmsg: expect.stringMatching(/^access_token expired rid: /),
    });
  });

  it('validates parameters in WeChat’s order', async () => {
    expect((await get(`/cgi-bin/token?appid=${OA}&secret=${SECRET}`)).errcode).toBe(40002);
    expect((await get(`/cgi-bin/token?grant_type=client_credential&secret=${SECRET}`)).errcode).toBe(41002);
    expect((await get(`/cgi-bin/token?grant_type=client_credential&appid=${OA}`)).errcode).toBe(41004);
    expect((await classic('wx000000000000dead')).errmsg).toMatch(/^invalid appid rid: /);
    expect((await menu('')).errcode).toBe(41001);
  });

  it('answers a wrong secret with 40001 by default, or 40125 when configured', async () => {
    expect((await classic(OA, 'wrong')).errcode).toBe(40001);
    await fake.close();
    await start({ classicWrongSecretErrcode: 40125 });
    expect((await classic(OA, 'wrong')).errmsg).toMatch(/^invalid appsecret rid: /);
  });

  it('enforces the daily quota (200 for a test account), resetting at Beijing midnight', async () => {
    for (let i = 0; i < 200; i += 1) expect((await classic(TEST_ACCOUNT)).access_token).toBeDefined();
    expect(await classic(TEST_ACCOUNT)).toMatchObject({
      errcode: 45009,
      errmsg: expect.stringMatching(/^reach max api daily quota limit rid: /),
    });
    expect(fake.calls('classic-token', TEST_ACCOUNT)).toBe(201);
    clock = Date.UTC(2026, 10, 25, 15, 59, 59);
    expect((await classic(TEST_ACCOUNT)).errcode).toBe(45009);
    clock = Date.UTC(2026, 10, 25, 16, 0, 0);
    expect((await classic(TEST_ACCOUNT)).access_token).toBeDefined();
  });

  it('takes a per-account quota', async () => {
    fake.addAccount({ appId: 'wx00000000000000f1', secret: 's', dailyTokenQuota: 2 });
    await classic('wx00000000000000f1', 's');
    await classic('wx00000000000000f1', 's');
    expect((await classic('wx00000000000000f1', 's')).errcode).toBe(45009);
  });
});

describe('stable /cgi-bin/stable_token', () => {
  it('returns the same token while valid and a new one only in the last 300 s; the old one lives to its expiry', async () => {
    const first = await stable();
    clock += seconds(6899);
    const same = await stable();
    expect(same).toEqual({ access_token: first.access_token, expires_in: 301 });
    clock += seconds(1);
    const renewed = await stable();
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.expires_in).toBe(7200);
    clock += seconds(299);
    expect(await menu(first.access_token)).toHaveProperty('menu');
    clock += seconds(1);
    expect((await menu(first.access_token)).errcode).toBe(42001);
  });

  it('force refresh invalidates the previous token at once', async () => {
    const first = (await stable()).access_token as string;
    const forced = (await stable(true)).access_token as string;
    expect(forced).not.toBe(first);
    expect((await menu(first)).errcode).toBe(40001);
    expect(await menu(forced)).toHaveProperty('menu');
  });

  it('force refreshes less than 30 s apart return the current token without refreshing', async () => {
    const forced = (await stable(true)).access_token as string;
    clock += seconds(29);
    expect((await stable(true)).access_token).toBe(forced);
    expect(await menu(forced)).toHaveProperty('menu');
    clock += seconds(1);
    expect((await stable(true)).access_token).not.toBe(forced);
    expect(fake.calls('stable-token-force', OA)).toBe(3);
  });

  it('allows 20 force refreshes a day, then 45009', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect((await stable(true)).access_token).toBeDefined();
      clock += seconds(30);
    }
    expect((await stable(true)).errcode).toBe(45009);
    expect((await stable(false)).access_token).toBeDefined();
  });

  it('is isolated from classic tokens both ways', async () => {
    const classicToken = (await classic()).access_token as string;
    const stableToken = (await stable()).access_token as string;
    await classic();
    await stable(true);
    clock += seconds(300);
    expect((await menu(classicToken)).errcode).toBe(40001);
    expect((await menu(stableToken)).errcode).toBe(40001);

    const freshStable = (await stable()).access_token as string;
    clock += seconds(30);
    await classic();
    await classic();
    clock += seconds(300);
    expect(await menu(freshStable)).toHaveProperty('menu');
  });

  it('refuses GET (43002), and answers bad credentials with 41002 / 41004 / 40013 / 40125 / 40002', async () => {
    expect((await get('/cgi-bin/stable_token')).errmsg).toMatch(/^require POST method rid: /);
    expect((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', secret: SECRET })).errcode).toBe(
      41002,
    );
    expect((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: OA })).errcode).toBe(41004);
    expect((await stable(false, 'wx000000000000dead')).errcode).toBe(40013);
    expect((await stable(false, OA, 'wrong')).errmsg).toMatch(/^invalid appsecret rid: /);
    expect((await post('/cgi-bin/stable_token', { appid: OA, secret: SECRET })).errcode).toBe(40002);
  });
});

describe('WeCom /cgi-bin/gettoken', () => {
  it('returns errcode 0 and the same token per app secret while valid; another app of the corp gets its own', async () => {
    const first = await wecom();
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    clock += seconds(100);
    expect(await wecom()).toMatchObject({ access_token: first.access_token, expires_in: 7100 });
    expect((await wecom('app-two')).access_token).not.toBe(first.access_token);
    clock += seconds(7100);
    expect((await wecom()).access_token).not.toBe(first.access_token);
  });

  it('checks corpsecret before corpid and words errors the WeCom way', async () => {
    expect((await get('/cgi-bin/gettoken')).errcode).toBe(41004);
    expect((await get('/cgi-bin/gettoken?corpsecret=x')).errcode).toBe(41002);
    expect((await wecom('app-one', 'ww0000000000dead')).errcode).toBe(40013);
    const wrong = await wecom('wrong');
    expect(wrong.errcode).toBe(40001);
    expect(wrong.errmsg).toMatch(
      /^invalid credential, hint: \[\d{25}\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/,
    );
  });

  it('lets gettoken through an untrusted IP but answers 60020 on business APIs', async () => {
    fake.setWhitelist(CORP, ['10.0.0.1']);
    const token = (await wecom()).access_token as string;
    const refused = await get(`/cgi-bin/get_api_domain_ip?access_token=${token}`, {
      [CLIENT_IP_HEADER]: '203.0.113.5',
    });
    expect(refused).toMatchObject({
      ip_list: [],
      errcode: 60020,
      errmsg: expect.stringContaining('from ip: 203.0.113.5'),
    });
    expect(
      await get(`/cgi-bin/get_api_domain_ip?access_token=${token}`, { [CLIENT_IP_HEADER]: '10.0.0.1' }),
    ).toMatchObject({ errcode: 0 });
  });
});

describe('IP whitelist (40164)', () => {
  it('refuses IPs outside the list with the real errmsg form and accepts exact and CIDR entries', async () => {
    fake.setWhitelist(OA, ['198.51.100.7', '192.0.2.0/24']);
    const refused = await classic(OA, SECRET, { [CLIENT_IP_HEADER]: '203.0.113.9' });
    expect(refused.errcode).toBe(40164);
    expect(refused.errmsg).toMatch(
      /^invalid ip 203\.0\.113\.9 ipv6 ::ffff:203\.0\.113\.9, not in whitelist rid: [0-9a-f-]{26}$/,
    );
    expect((await classic(OA, SECRET, { [CLIENT_IP_HEADER]: '198.51.100.7' })).access_token).toBeDefined();
    expect((await classic(OA, SECRET, { [CLIENT_IP_HEADER]: '192.0.2.200' })).access_token).toBeDefined();
    expect((await classic(OA, SECRET, { [CLIENT_IP_HEADER]: '::ffff:192.0.2.1' })).access_token).toBeDefined();
  });

  it('takes the client IP from config when no header is sent, and guards token use too', async () => {
    const token = (await classic()).access_token as string;
    fake.setWhitelist(OA, ['198.51.100.7']);
    fake.setClientIp('203.0.113.10');
    expect((await menu(token)).errmsg).toMatch(/^invalid ip 203\.0\.113\.10 /);
    expect((await stable()).errcode).toBe(40164);
    fake.setWhitelist(OA, undefined);
    expect(await menu(token)).toHaveProperty('menu');
  });
});

describe('quota/get and clear_quota/v2', () => {
  const quota = (token: string, cgiPath = '/cgi-bin/token') =>
    post(`/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: cgiPath });

  it('reports daily_limit / used / remain per cgi path', async () => {
    await classic();
    const token = (await classic()).access_token as string;
    expect(await quota(token)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      quota: { daily_limit: 2000, used: 2, remain: 1998 },
    });
    expect((await quota(token, '/cgi-bin/stable_token')).quota).toEqual({
      daily_limit: 500000,
      used: 0,
      remain: 500000,
    });
    expect((await quota(token, '/cgi-bin/nope')).errcode).toBe(76021);
    expect((await get(`/cgi-bin/openapi/quota/get?access_token=${token}`)).errcode).toBe(43002);
  });

  it('clears with appid + appsecret in the query or in the JSON body, 10 times a month, then 48006', async () => {
    for (let i = 0; i < 200; i += 1) await classic(TEST_ACCOUNT);
    expect((await classic(TEST_ACCOUNT)).errcode).toBe(45009);
    expect(await post(`/cgi-bin/clear_quota/v2?appid=${TEST_ACCOUNT}&appsecret=${SECRET}`, {})).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    const token = (await classic(TEST_ACCOUNT)).access_token as string;
    expect((await quota(token)).quota.used).toBe(1);
    expect(await post('/cgi-bin/clear_quota/v2', { appid: TEST_ACCOUNT, appsecret: SECRET })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    for (let i = 2; i < 10; i += 1)
      expect((await post('/cgi-bin/clear_quota/v2', { appid: TEST_ACCOUNT, appsecret: SECRET })).errcode).toBe(0);
    expect((await post('/cgi-bin/clear_quota/v2', { appid: TEST_ACCOUNT, appsecret: SECRET })).errmsg).toMatch(
      /^forbid to clear quota because of reaching the limit rid: /,
    );
    clock = Date.UTC(2026, 10, 30, 16, 0, 0); // 1 December in Beijing
    expect((await post('/cgi-bin/clear_quota/v2', { appid: TEST_ACCOUNT, appsecret: SECRET })).errcode).toBe(0);
  });

  it('validates clear_quota/v2 like the doc says', async () => {
    expect((await get(`/cgi-bin/clear_quota/v2?appid=${OA}&appsecret=${SECRET}`)).errcode).toBe(43002);
    expect((await post('/cgi-bin/clear_quota/v2', { appsecret: SECRET })).errcode).toBe(41002);
    expect((await post('/cgi-bin/clear_quota/v2', { appid: OA })).errcode).toBe(41004);
    expect((await post('/cgi-bin/clear_quota/v2', { appid: 'wx000000000000dead', appsecret: SECRET })).errcode).toBe(
      40013,
    );
    expect((await post('/cgi-bin/clear_quota/v2', { appid: OA, appsecret: 'wrong' })).errcode).toBe(40125);
  });
});

describe('rid/get', () => {
  const lookup = (token: string, rid: unknown) => post(`/cgi-bin/openapi/rid/get?access_token=${token}`, { rid });
  const ridOf = (errmsg: string) => /rid: (\S+)$/.exec(errmsg)![1]!;

  it('describes the same account’s failed request for 7 days', async () => {
    const failed = await stable(false, OA, 'wrong');
    clock += seconds(5);
    const token = (await stable()).access_token as string;
    const found = await lookup(token, ridOf(failed.errmsg));
    expect(found).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(found.request).toEqual({
      invoke_time: START / 1000,
      cost_in_ms: 0,
      request_url: '',
      request_body: JSON.stringify({
        grant_type: 'client_credential',
        appid: OA,
        secret: 'wrong',
        force_refresh: false,
      }),
      response_body: JSON.stringify({ errcode: 40125, errmsg: failed.errmsg }),
      client_ip: '127.0.0.1',
    });
    clock = START + seconds(7 * 24 * 3600) + 1;
    const fresh = (await stable()).access_token as string;
    expect((await lookup(fresh, ridOf(failed.errmsg))).errcode).toBe(76001);
  });

  it('refuses other accounts (76003), malformed rids (76002) and unknown ones (76001)', async () => {
    const failed = await classic(OA, 'wrong');
    const otherToken = (await classic(OTHER, 'other-secret')).access_token as string;
    expect((await lookup(otherToken, ridOf(failed.errmsg))).errmsg).toMatch(
      /^could not query this rid,no permission rid: /,
    );
    expect((await lookup(otherToken, 'not-a-rid')).errcode).toBe(76002);
    expect((await lookup(otherToken, '')).errcode).toBe(76002);
    expect((await lookup(otherToken, '6b0750a1-00000000-00000000')).errcode).toBe(76001);
  });

  it('finds the rid of a stale-token error with a fresh token of the same account', async () => {
    const stale = (await classic()).access_token as string;
    await classic();
    clock += seconds(300);
    const failed = await menu(stale);
    const fresh = (await classic()).access_token as string;
    expect((await lookup(fresh, ridOf(failed.errmsg))).request.request_url).toBe(`access_token=${stale}`);
  });
});

describe('fault injection', () => {
  it('applies to the next N requests, then stops', async () => {
    fake.fail({ kind: 'errcode', errcode: -1 }, { times: 2 });
    expect((await classic()).errmsg).toMatch(/^system error rid: /);
    expect((await stable()).errcode).toBe(-1);
    expect((await classic()).access_token).toBeDefined();
  });

  it('scopes by account and endpoint, and "always" lasts until cleared', async () => {
    fake.fail({ kind: 'errcode', errcode: 89503 }, { account: OA, endpoint: 'classic-token', times: 'always' });
    expect((await classic()).errcode).toBe(89503);
    expect((await classic()).errcode).toBe(89503);
    expect((await stable()).access_token).toBeDefined();
    expect((await classic(OTHER, 'other-secret')).access_token).toBeDefined();
    fake.clearFaults();
    expect((await classic()).access_token).toBeDefined();
  });

  it('scopes token-authenticated calls by the token’s account', async () => {
    const token = (await classic()).access_token as string;
    fake.fail({ kind: 'errcode', errcode: 45009 }, { account: OA, endpoint: 'menu-get' });
    expect((await menu(token)).errcode).toBe(45009);
    expect(await menu(token)).toHaveProperty('menu');
  });

  it('answers WeCom faults in WeCom form', async () => {
    fake.fail({ kind: 'errcode', errcode: 45009 }, { endpoint: 'wecom-token' });
    expect((await wecom()).errmsg).toMatch(/^api freq out of limit, hint: \[\d+\], from ip: /);
  });

  it('produces 40164 and 8950x on demand', async () => {
    fake.fail({ kind: 'errcode', errcode: 40164 });
    expect((await classic(OA, SECRET, { [CLIENT_IP_HEADER]: '203.0.113.1' })).errmsg).toMatch(
      /^invalid ip 203\.0\.113\.1 ipv6 ::ffff:203\.0\.113\.1, /,
    );
    fake.fail({ kind: 'errcode', errcode: 89506 });
    expect((await stable()).errmsg).toMatch(/请24小时后再试.* rid: [0-9a-f-]{26}$/);
  });

  it('resets the connection, serves an HTML 502, truncated JSON, and JSON without the promised fields', async () => {
    fake.fail({ kind: 'reset' });
    await expect(classic()).rejects.toThrow();
    fake.fail({ kind: 'html-502' });
    const page = await fetch(`${fake.url}/cgi-bin/token`);
    expect([page.status, page.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await page.text()).toContain('<h1>502 Bad Gateway</h1>');
    fake.fail({ kind: 'malformed-json' });
    await expect(classic()).rejects.toThrow(SyntaxError);
    fake.fail({ kind: 'missing-fields' });
    expect(await classic()).toEqual({ expires_in: 7200 });
  });

  it('delays by real time before answering normally', async () => {
    fake.fail({ kind: 'delay', ms: 40 });
    const startedAt = performance.now();
    expect((await classic()).access_token).toBeDefined();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(35);
  });

  it('can be driven over HTTP through the control API', async () => {
    const added = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'errcode', errcode: 40164 }, account: OA, times: 'always' }),
    });
    expect(added.status).toBe(200);
    expect((await classic()).errcode).toBe(40164);
    const rejected = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'meteor' } }),
    });
    expect(rejected.status).toBe(400);
    await fetch(`${fake.url}/__fake/faults`, { method: 'DELETE' });
    expect((await classic()).access_token).toBeDefined();
    expect(await (await fetch(`${fake.url}/__fake/calls`)).json()).toMatchObject({
      'classic-token': 2,
      [`classic-token ${OA}`]: 2,
    });
  });
});

describe('call counters', () => {
  it('count every request per endpoint and account, faulted and failed included', async () => {
    fake.fail({ kind: 'reset' });
    await classic().catch(() => undefined);
    await classic(OA, 'wrong');
    await classic();
    const token = (await stable()).access_token as string;
    await menu(token);
    await wecom();
    expect(fake.calls('classic-token', OA)).toBe(3);
    expect(fake.calls('classic-token', OTHER)).toBe(0);
    expect(fake.calls('classic-token')).toBe(3);
    expect(fake.calls('stable-token', OA)).toBe(1);
    expect(fake.calls('menu-get', OA)).toBe(1);
    expect(fake.calls('wecom-token', CORP)).toBe(1);
  });
});
