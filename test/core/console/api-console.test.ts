import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { commonApisFor } from '../../../electron/core/console/api-catalogue';
import { prepareRequest } from '../../../electron/core/console/api-request';
import { curlCommand } from '../../../electron/core/console/curl';
import { UserError } from '../../../electron/core/user-error';
import { fakeOpenIds, FAKE_TEMPLATE_ID } from '../../fake-wechat/business-routes';
import { useTempDirs } from '../../support/temp-dir';
import { consoleWorld } from './console-world';

const run = promisify(execFile);

describe('API console', () => {
  const tempDir = useTempDirs();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  async function setup() {
    const parts = await consoleWorld(tempDir());
    closers.push(() => parts.world.close());
    return parts;
  }

  it('calls an API with the managed token, shows the request redacted and records it in the history', async () => {
    const { console, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    const { exchange, refused, binaryBase64 } = await console.call(shop, { method: 'GET', path: '/cgi-bin/menu/get' });
    expect(exchange.outcome).toEqual({ kind: 'ok' });
    expect(exchange.call).toBe('api-call');
    expect(exchange.request).toEqual({ method: 'GET', url: `${world.fake.url}/cgi-bin/menu/get?access_token=***` });
    expect(exchange.json).toMatchObject({ menu: { button: [{ name: 'TokenDesk' }] } });
    expect(refused).toBeUndefined();
    expect(binaryBase64).toBeUndefined();
    const recorded = world.history.list(shop.id, { limit: 1 })[0];
    expect(recorded).toMatchObject({ kind: 'exchange', exchange: { call: 'api-call', id: exchange.id } });
    await world.history.flush();
    const files = fs.readdirSync(path.join(world.dataDir, 'history'));
    const stored = files.map((name) => fs.readFileSync(path.join(world.dataDir, 'history', name), 'utf8')).join('');
    expect(stored).toContain('api-call');
    expect(stored).not.toContain(world.engine.heldToken(shop.id)!.accessToken);
  });

  it('sends query parameters and a JSON body; WeChat’s errcode comes back with its rid', async () => {
    const { console, account } = await setup();
    const shop = await account({ label: 'shop' });
    const users = await console.call(shop, {
      method: 'GET',
      path: 'cgi-bin/user/get',
      query: [['next_openid', fakeOpenIds(shop.appId)[0]!]],
    });
    expect(users.exchange.json).toMatchObject({ count: 2 });

    const body = JSON.stringify({ touser: 'oNobody', template_id: FAKE_TEMPLATE_ID, data: {} });
    const refused = await console.call(shop, { method: 'POST', path: '/cgi-bin/message/template/send', body });
    expect(refused.exchange.request.body).toBe(body);
    expect(refused.exchange.outcome).toMatchObject({
      kind: 'wechat-error',
      errcode: 40003,
      rid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/),
      entry: { family: 'wechat', meaning: { en: 'Invalid OpenID.' } },
    });
    const sent = await console.call(shop, {
      method: 'POST',
      path: '/cgi-bin/message/template/send',
      body: JSON.stringify({ touser: fakeOpenIds(shop.appId)[1], template_id: FAKE_TEMPLATE_ID }),
    });
    expect(sent.exchange.json).toEqual({ errcode: 0, errmsg: 'ok', msgid: 200228332 });
  });

  it('returns an image as base64 with its content type, and keeps the bytes out of the history', async () => {
    const { console, world, account } = await setup();
    const mini = await account({ label: 'mini', kind: 'miniProgram' });
    const { exchange, binaryBase64 } = await console.call(mini, {
      method: 'POST',
      path: '/wxa/getwxacodeunlimit',
      body: '{"scene":"id=42","page":"pages/index/index"}',
    });
    expect(exchange.outcome).toEqual({ kind: 'ok' });
    const bytes = Buffer.from(binaryBase64!, 'base64');
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(exchange.result).toEqual({ contentType: 'image/jpeg', byteLength: bytes.length });
    expect(exchange.bodyText).toBeUndefined();
    await world.history.flush();
    expect(JSON.stringify(world.history.list(mini.id))).not.toContain(binaryBase64!.slice(0, 40));
  });

  it('after a 40001 (another party renewed the token) it refreshes passively and retries once', async () => {
    const { console, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    const before = (await world.engine.getToken(shop.id)).accessToken;
    // Someone else force-refreshes the stable token: ours dies at once.
    const forced = await fetch(`${world.fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: shop.appId,
        secret: shop.secret,
        force_refresh: true,
      }),
    });
    expect(((await forced.json()) as { access_token: string }).access_token).not.toBe(before);

    const { exchange, refused } = await console.call(shop, { method: 'GET', path: '/cgi-bin/menu/get' });
    expect(refused?.outcome).toMatchObject({ kind: 'wechat-error', errcode: 40001 });
    expect(exchange.outcome).toEqual({ kind: 'ok' });
    expect(world.fake.calls('menu-get', shop.appId)).toBe(2);
    expect(world.engine.heldToken(shop.id)!.accessToken).not.toBe(before);
    const calls = world.history.list(shop.id).filter((entry) => entry.kind === 'exchange');
    expect(calls.filter((entry) => entry.kind === 'exchange' && entry.exchange.call === 'api-call')).toHaveLength(2);
  });

  it('a refusal that is not about the token is not retried', async () => {
    const { console, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    world.fake.fail({ kind: 'errcode', errcode: 45009 }, { endpoint: 'menu-get' });
    const { exchange, refused } = await console.call(shop, { method: 'GET', path: '/cgi-bin/menu/get' });
    expect(exchange.outcome).toMatchObject({ errcode: 45009, entry: { errcode: 45009 } });
    expect(refused).toBeUndefined();
    expect(world.fake.calls('menu-get', shop.appId)).toBe(1);
  });

  it('never sends the token over plain http off this machine', async () => {
    const { console, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    await world.engine.getToken(shop.id);
    const remote = { ...shop, apiBase: 'http://api.example.com' };
    const { exchange } = await console.call(remote, { method: 'GET', path: '/cgi-bin/menu/get' });
    expect(exchange.outcome).toMatchObject({ kind: 'network-error', reason: 'insecure' });
    expect(exchange.status).toBeUndefined();
  });

  it('copy as curl: the command runs, with the token or with $ACCESS_TOKEN', async () => {
    const { console, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    const token = (await world.engine.getToken(shop.id)).accessToken;
    const { exchange } = await console.call(shop, {
      method: 'POST',
      path: '/cgi-bin/message/template/send',
      body: JSON.stringify({ touser: fakeOpenIds(shop.appId)[0], template_id: FAKE_TEMPLATE_ID, note: "it's $HOME" }),
    });
    const withToken = curlCommand(exchange.request, token);
    const withoutToken = curlCommand(exchange.request);
    expect(withoutToken).not.toContain(token);
    expect(withoutToken).toContain('access_token=${ACCESS_TOKEN}');
    for (const [command, env] of [
      [withToken, {}],
      [withoutToken, { ACCESS_TOKEN: token }],
    ] as const) {
      const { stdout } = await run('sh', ['-c', command], { env: { ...process.env, ...env } });
      expect(JSON.parse(stdout)).toEqual({ errcode: 0, errmsg: 'ok', msgid: 200228332 });
    }
  });
});

describe('what the console refuses to send', () => {
  const base = 'https://api.weixin.qq.com';
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof UserError ? error.code : error;
    }
    return 'sent';
  };

  it('only paths on the account’s API base, without a token of their own', () => {
    expect(prepareRequest({ method: 'GET', path: `${base}/cgi-bin/menu/get?x=1` }, base)).toEqual({
      method: 'GET',
      url: `${base}/cgi-bin/menu/get?x=1`,
      path: '/cgi-bin/menu/get',
    });
    expect(refusal(() => prepareRequest({ method: 'GET', path: 'https://evil.example/cgi-bin/menu/get' }, base))).toBe(
      'console-foreign-host',
    );
    expect(refusal(() => prepareRequest({ method: 'GET', path: 'http://api.weixin.qq.com/cgi-bin/x' }, base))).toBe(
      'console-foreign-host',
    );
    expect(
      refusal(() => prepareRequest({ method: 'GET', path: '/cgi-bin/menu/get', query: [['access_token', 'x']] }, base)),
    ).toBe('console-path-invalid');
    expect(refusal(() => prepareRequest({ method: 'GET', path: '//evil.example/x' }, base))).toBe(
      'console-foreign-host',
    );
  });

  it('a JSON body, and only with POST', () => {
    expect(refusal(() => prepareRequest({ method: 'POST', path: '/x', body: '{"a":' }, base))).toBe(
      'console-body-not-json',
    );
    expect(refusal(() => prepareRequest({ method: 'GET', path: '/x', body: '{}' }, base))).toBe(
      'console-body-needs-post',
    );
    expect(prepareRequest({ method: 'POST', path: '/x', body: '  ' }, base)).toEqual({
      method: 'POST',
      url: `${base}/x`,
      path: '/x',
    });
  });
});

describe('the list of common APIs', () => {
  it('offers each kind its own APIs, searchable by path or title in either language', () => {
    const wecom = commonApisFor('wecom').map((api) => api.path);
    expect(wecom).toContain('/cgi-bin/user/get');
    expect(wecom).not.toContain('/cgi-bin/message/template/send');
    expect(commonApisFor('miniProgram', 'wxacode').map((api) => api.path)).toEqual(['/wxa/getwxacodeunlimit']);
    expect(commonApisFor('officialAccount', '模板').map((api) => api.path)).toEqual(['/cgi-bin/message/template/send']);
  });
});
