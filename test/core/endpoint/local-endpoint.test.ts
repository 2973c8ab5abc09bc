import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startLocalEndpoint,
  type LocalEndpoint,
  type LocalEndpointOptions,
} from '../../../electron/core/endpoint/local-endpoint';
import { TokenUnavailableError } from '../../../electron/core/endpoint/token-source';
import { rawRequest, rawSocketExchange } from '../../support/raw-http';
import { MemoryTokenSource } from './memory-token-source';

const CANARY_SECRET = 'canary-secret-5f1d2c9e8b7a6f5e4d3c2b1a';
const CANARY_CORPSECRET = 'canary-corpsecret-0a9b8c7d6e5f';
const LOCAL_KEY = 'local-key-Q2hlY2tLZXlGb3JUZXN0cw';
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

function makeSource() {
  const source = new MemoryTokenSource(
    [
      { id: 'acc-oa', label: 'shop-oa', appId: 'wx1111111111111111', kind: 'officialAccount', mode: 'stable' },
      { id: 'acc-mp', label: 'mini', appId: 'wx2222222222222222', kind: 'miniProgram', mode: 'classic' },
      { id: 'acc-wecom', label: 'corp-app', appId: 'ww3333333333333333', kind: 'wecom', mode: 'wecom' },
    ],
    new Map([
      ['acc-oa', CANARY_SECRET],
      ['acc-mp', `${CANARY_SECRET}-mp`],
      ['acc-wecom', CANARY_CORPSECRET],
    ]),
    LOCAL_KEY,
  );
  source.tokens.set('acc-oa', { accessToken: 'TOKEN-OA-1', expiresAt: T0 + 7_000_500 });
  source.tokens.set('acc-mp', { accessToken: 'TOKEN-MP-1', expiresAt: T0 + 3_600_000 });
  source.tokens.set('acc-wecom', { accessToken: 'TOKEN-WECOM-1', expiresAt: T0 + 7_200_000 });
  return source;
}

describe('local endpoint', () => {
  let endpoint: LocalEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });

  async function start(options: Partial<LocalEndpointOptions> = {}) {
    const source = makeSource();
    let clock = T0;
    endpoint = await startLocalEndpoint({ source, port: 0, now: () => clock, ...options });
    const port = endpoint.port;
    const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ port, path, headers });
    const authed = (path: string) => get(path, { Authorization: `Bearer ${LOCAL_KEY}` });
    return { source, port, get, authed, advance: (ms: number) => (clock += ms) };
  }

  describe('binding and the Host check', () => {
    it('listens on 127.0.0.1 and ::1 only, on one port', async () => {
      const { port } = await start();
      expect(endpoint!.addresses).toEqual(['127.0.0.1', '::1']);
      const ipv6 = await rawRequest({
        port,
        address: '::1',
        path: '/v1/tokens/shop-oa',
        headers: { Host: `[::1]:${port}`, Authorization: `Bearer ${LOCAL_KEY}` },
      });
      expect(ipv6.status).toBe(200);
    });

    it('is not reachable on a non-loopback interface', async () => {
      const { port } = await start();
      const external = Object.values((await import('node:os')).networkInterfaces())
        .flat()
        .find((info) => info && !info.internal && info.family === 'IPv4')?.address;
      if (!external) return; // a machine with loopback only has nothing else to test
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect({ port, host: external });
        socket.on('connect', () => (socket.destroy(), resolve('connected')));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    });

    it.each(['attacker.example', 'attacker.example:PORT', '127.0.0.1.nip.io:PORT', '127.0.0.1:1', 'localhost.:PORT'])(
      'refuses Host %j with 421 before anything else (DNS rebinding)',
      async (host) => {
        const { port, source } = await start();
        const response = await rawRequest({
          port,
          path: '/v1/tokens/shop-oa',
          headers: { Host: host.replace('PORT', String(port)), Authorization: `Bearer ${LOCAL_KEY}` },
        });
        expect(response.status).toBe(421);
        expect(response.text).not.toContain('TOKEN-OA');
        expect(source.records.at(-1)).toMatchObject({ status: 421, refused: 'host' });
      },
    );

    it('refuses a request without Host', async () => {
      const { port } = await start();
      const answer = await rawSocketExchange(
        port,
        `GET /v1/tokens/shop-oa HTTP/1.0\r\nAuthorization: Bearer ${LOCAL_KEY}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.[01] 421 /);
      expect(answer).not.toContain('TOKEN-OA');
    });

    it.each(['localhost:PORT', '127.0.0.1:PORT', '[::1]:PORT', 'LOCALHOST:PORT', 'localhost'])(
      'accepts Host %j',
      async (host) => {
        const { port } = await start();
        const response = await rawRequest({
          port,
          path: '/v1/tokens/shop-oa',
          headers: { Host: host.replace('PORT', String(port)), Authorization: `Bearer ${LOCAL_KEY}` },
        });
        expect(response.status).toBe(200);
      },
    );

    it('refuses to bind anything but loopback', async () => {
      await expect(
        startLocalEndpoint({ source: makeSource(), port: 0, addresses: ['0.0.0.0' as '127.0.0.1'] }),
      ).rejects.toThrow(/loopback only/);
    });

    it('says clearly when the port is taken', async () => {
      const { port } = await start();
      await expect(startLocalEndpoint({ source: makeSource(), port })).rejects.toThrow(
        `Port ${port} is already in use`,
      );
    });
  });

  describe('GET /v1/tokens/:alias', () => {
    it('answers the token with seconds left, by label and by AppID', async () => {
      const { authed } = await start();
      for (const alias of ['shop-oa', 'wx1111111111111111']) {
        const response = await authed(`/v1/tokens/${alias}`);
        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(response.text)).toEqual({
          access_token: 'TOKEN-OA-1',
          expires_in: 7000,
          expires_at: new Date(T0 + 7_000_500).toISOString(),
          account: { label: 'shop-oa', app_id: 'wx1111111111111111', kind: 'officialAccount' },
          mode: 'stable',
        });
      }
    });

    it('counts expires_in down with the clock', async () => {
      const { authed, advance } = await start();
      advance(1_000_500);
      expect(JSON.parse((await authed('/v1/tokens/mini')).text).expires_in).toBe(2599);
    });

    it('serves a token renewed within the same second at once, never the answer it gave just before', async () => {
      const { authed, advance, source } = await start();
      expect(JSON.parse((await authed('/v1/tokens/mini')).text).access_token).toBe('TOKEN-MP-1');
      source.tokens.set('acc-mp', { accessToken: 'TOKEN-MP-2', expiresAt: T0 + 3_600_000 });
      expect(JSON.parse((await authed('/v1/tokens/mini')).text).access_token).toBe('TOKEN-MP-2');
      advance(1_000);
      expect(JSON.parse((await authed('/v1/tokens/mini')).text)).toMatchObject({
        access_token: 'TOKEN-MP-2',
        expires_in: 3599,
      });
    });

    it.each([
      ['no Authorization header', {}],
      ['a wrong key', { Authorization: 'Bearer wrong-key' }],
      ['the key with a suffix', { Authorization: `Bearer ${LOCAL_KEY}x` }],
      ['the key without Bearer', { Authorization: LOCAL_KEY }],
      ['Basic auth', { Authorization: `Basic ${Buffer.from(`x:${LOCAL_KEY}`).toString('base64')}` }],
    ])('refuses %s with 401 and no token', async (_name, headers) => {
      const { get, source } = await start();
      const response = await get('/v1/tokens/shop-oa', headers);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="TokenDesk"');
      expect(response.text).not.toContain('TOKEN-OA');
      expect(source.records.at(-1)).toMatchObject({ route: 'v1-token', status: 401, refused: 'unauthorized' });
    });

    it('says 404 for an unknown account without echoing the alias', async () => {
      const { authed } = await start();
      const response = await authed('/v1/tokens/no-such-%3Cscript%3E');
      expect(response.status).toBe(404);
      expect(response.text).not.toContain('script');
    });

    it('passes WeChat’s own error on when the engine has no token', async () => {
      const { authed, source } = await start();
      source.failures.set(
        'acc-oa',
        new TokenUnavailableError(
          40164,
          'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6747a1b2-0e3f1a2b-5c6d7e8f',
        ),
      );
      const response = await authed('/v1/tokens/shop-oa');
      expect(response.status).toBe(502);
      expect(JSON.parse(response.text).error).toMatchObject({ code: 'token-unavailable', errcode: 40164 });
      expect(JSON.parse(response.text).error.errmsg).toContain('1.2.3.4');
    });

    it('sends no CORS header, and a preflight gets nothing a browser would accept', async () => {
      const { port, authed } = await start();
      const ok = await authed('/v1/tokens/shop-oa');
      const preflight = await rawRequest({
        port,
        method: 'OPTIONS',
        path: '/v1/tokens/shop-oa',
        headers: {
          Origin: 'https://attacker.example',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      expect(preflight.status).toBe(405);
      for (const response of [ok, preflight]) {
        expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });
  });

  describe('POST /v1/tokens/:alias/refresh', () => {
    const refresh = (port: number, body: string, key = LOCAL_KEY) =>
      rawRequest({
        port,
        method: 'POST',
        path: '/v1/tokens/shop-oa/refresh',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body,
      });

    it('refreshes only when the failed token is still current', async () => {
      const { port, source } = await start();
      const stale = await refresh(port, JSON.stringify({ access_token: 'SOME-OLDER-TOKEN' }));
      expect(JSON.parse(stale.text)).toMatchObject({ access_token: 'TOKEN-OA-1', refreshed: true });
      expect(source.refreshes).toBe(0);
      const renewed = await refresh(port, JSON.stringify({ access_token: 'TOKEN-OA-1' }));
      expect(JSON.parse(renewed.text)).toMatchObject({ access_token: 'TOKEN-OA-1-next', refreshed: true });
      expect(source.refreshes).toBe(1);
    });

    it('needs the key, a JSON body with the failed token, and a small body', async () => {
      const { port } = await start();
      expect((await refresh(port, '{"access_token":"TOKEN-OA-1"}', 'nope')).status).toBe(401);
      expect((await refresh(port, 'not json')).status).toBe(400);
      expect((await refresh(port, '{"token":"TOKEN-OA-1"}')).status).toBe(400);
      const huge = await refresh(port, JSON.stringify({ access_token: 'x'.repeat(20_000) }));
      expect(huge.status).toBe(413);
    });

    it('refuses GET', async () => {
      const { authed } = await start();
      const response = await authed('/v1/tokens/shop-oa/refresh');
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
    });
  });

  describe('WeChat-shaped routes', () => {
    const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

    it('GET /cgi-bin/token answers like WeChat when the secret matches the keychain', async () => {
      const { get } = await start();
      const response = await get(
        `/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=${CANARY_SECRET}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; encoding=utf-8');
      expect(json(response.text)).toEqual({ access_token: 'TOKEN-OA-1', expires_in: 7000 });
    });

    it.each([
      ['a wrong secret', 'grant_type=client_credential&appid=wx1111111111111111&secret=wrong', 40125],
      [
        'another account’s secret',
        `grant_type=client_credential&appid=wx2222222222222222&secret=${CANARY_SECRET}`,
        40125,
      ],
      ['an unknown AppID', `grant_type=client_credential&appid=wx9999999999999999&secret=${CANARY_SECRET}`, 40013],
      ['a WeCom CorpID', `grant_type=client_credential&appid=ww3333333333333333&secret=${CANARY_CORPSECRET}`, 40013],
      ['no secret', 'grant_type=client_credential&appid=wx1111111111111111', 41004],
      ['no appid', `grant_type=client_credential&secret=${CANARY_SECRET}`, 41002],
      ['a wrong grant_type', `grant_type=password&appid=wx1111111111111111&secret=${CANARY_SECRET}`, 40002],
    ])('GET /cgi-bin/token with %s → HTTP 200, errcode %s, no token, no secret', async (_name, query, errcode) => {
      const { get, source } = await start();
      const response = await get(`/cgi-bin/token?${query}`);
      expect(response.status).toBe(200);
      const body = json(response.text);
      expect(body.errcode).toBe(errcode);
      expect(body.errmsg).toContain('TokenDesk local endpoint');
      expect(response.text).not.toMatch(/TOKEN-|canary/);
      expect(source.records.at(-1)).toMatchObject({ route: 'wechat-classic-token', status: 200, errcode });
      expect(JSON.stringify(source.records)).not.toContain('canary');
    });

    it('POST /cgi-bin/stable_token answers the managed token and ignores force_refresh', async () => {
      const { port, source } = await start();
      const response = await rawRequest({
        port,
        method: 'POST',
        path: '/cgi-bin/stable_token',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: 'wx1111111111111111',
          secret: CANARY_SECRET,
          force_refresh: true,
        }),
      });
      expect(json(response.text)).toEqual({ access_token: 'TOKEN-OA-1', expires_in: 7000 });
      expect(source.refreshes).toBe(0);
    });

    it('stable_token needs POST and a JSON object', async () => {
      const { port, get } = await start();
      expect(json((await get('/cgi-bin/stable_token')).text).errcode).toBe(43002);
      const notJson = await rawRequest({
        port,
        method: 'POST',
        path: '/cgi-bin/stable_token',
        body: `appid=wx1111111111111111&secret=${CANARY_SECRET}`,
      });
      expect(json(notJson.text).errcode).toBe(47001);
      expect(notJson.text).not.toContain('canary');
      const wrong = await rawRequest({
        port,
        method: 'POST',
        path: '/cgi-bin/stable_token',
        body: JSON.stringify({ grant_type: 'client_credential', appid: 'wx1111111111111111', secret: 'bad' }),
      });
      expect(json(wrong.text).errcode).toBe(40125);
    });

    it('GET /cgi-bin/gettoken answers in WeCom’s shape; a wrong corpsecret is 40001', async () => {
      const { get } = await start();
      const ok = await get(`/cgi-bin/gettoken?corpid=ww3333333333333333&corpsecret=${CANARY_CORPSECRET}`);
      expect(json(ok.text)).toEqual({ errcode: 0, errmsg: 'ok', access_token: 'TOKEN-WECOM-1', expires_in: 7200 });
      const wrong = await get('/cgi-bin/gettoken?corpid=ww3333333333333333&corpsecret=nope');
      expect(json(wrong.text).errcode).toBe(40001);
      expect(json((await get('/cgi-bin/gettoken?corpid=ww3333333333333333')).text).errcode).toBe(41004);
    });

    it('passes the upstream errcode/errmsg through (a 40164 names the IP WeChat saw)', async () => {
      const { get, source } = await start();
      source.failures.set(
        'acc-oa',
        new TokenUnavailableError(
          40164,
          'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6747a1b2-0e3f1a2b-5c6d7e8f',
        ),
      );
      const response = await get(
        `/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=${CANARY_SECRET}`,
      );
      expect(json(response.text)).toEqual({ errcode: 40164, errmsg: expect.stringContaining('203.0.113.9') });
    });
  });

  describe('limits and the history', () => {
    it('rate-limits with a token bucket, in the answer shape of the route', async () => {
      const { authed, get, advance } = await start({ rateLimit: { perSecond: 2, burst: 3 } });
      for (let i = 0; i < 3; i++) expect((await authed('/v1/tokens/shop-oa')).status).toBe(200);
      const limited = await authed('/v1/tokens/shop-oa');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('1');
      // A WeChat-shaped request naming a known AppID draws on the same budget, and is told off in WeChat's words.
      const wechatShaped = await get(
        `/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=${CANARY_SECRET}`,
      );
      expect(JSON.parse(wechatShaped.text).errcode).toBe(45011);
      advance(500);
      expect((await authed('/v1/tokens/shop-oa')).status).toBe(200);
    });

    it('records every request with credentials redacted', async () => {
      const { get, authed, source } = await start();
      await authed('/v1/tokens/shop-oa');
      await get(`/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=${CANARY_SECRET}`);
      await get(`/cgi-bin/gettoken?corpid=ww3333333333333333&corpsecret=${CANARY_CORPSECRET}`);
      // A percent-encoded parameter name is still read as `secret` by the router, so it must be redacted too.
      await get(`/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secr%65t=${CANARY_SECRET}`);
      await get('/nowhere');
      expect(source.records.map((record) => [record.route, record.status, record.accountId])).toEqual([
        ['v1-token', 200, 'acc-oa'],
        ['wechat-classic-token', 200, 'acc-oa'],
        ['wecom-gettoken', 200, 'acc-wecom'],
        ['wechat-classic-token', 200, 'acc-oa'],
        ['unknown', 404, undefined],
      ]);
      expect(source.records[1]!.path).toBe(
        '/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=***',
      );
      expect(JSON.stringify(source.records)).not.toMatch(/canary|local-key/);
    });
  });
});
