/**
 * A faithful fake of WeChat's token endpoints (api.weixin.qq.com) and WeCom's gettoken (qyapi.weixin.qq.com) on one
 * base URL, over plain node:http on 127.0.0.1. Tests and `npm run fake-wechat` use it so nothing ever calls Tencent.
 *
 * Like WeChat: errors are HTTP 200 with `{"errcode":N,"errmsg":"… rid: …"}`; OA/MP success has no errcode; WeCom
 * success has `"errcode":0,"errmsg":"ok"`; Content-Type is `application/json; encoding=utf-8`; `Date` follows the
 * injected clock (so clock skew can be staged). Decisions the docs leave open are listed in ./README.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccountState, FakeAccount } from './fake-world';
import { FakeWorld, MENU_GET_DAILY_QUOTA } from './fake-world';
import { businessRoutes } from './business-routes';
import { FaultBook, parseFault, type FakeEndpoint, type FakeFault, type FaultScope } from './faults';
import { TicketBook } from './jssdk-tickets';
import { ipAllowed, newRid, newWeComHint, wechatErrmsg, wecomErrmsg } from './wechat-format';

export type { FakeAccount } from './fake-world';
export type { FakeEndpoint, FakeFault, FaultScope } from './faults';

export interface FakeWeChatOptions {
  accounts?: FakeAccount[];
  /** Epoch-ms clock for token lives, quotas, rids and the Date header; default Date.now. */
  now?: () => number;
  /** Seconds a new token lives; default 7200. */
  expiresIn?: number;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * The IP the fake believes the caller has, for whitelists and errmsgs. A request header `x-fake-client-ip` wins
   * over this; without either, the socket's address is used.
   */
  clientIp?: string;
  /**
   * What a wrong AppSecret gets on classic /cgi-bin/token. Default 40001: the getAccessToken error table gives 40001
   * ("获取 access_token 时 AppSecret 错误") — the trap where a naive client mistakes it for a stale token. Real
   * captures since 2022 also show 40125 `invalid appsecret`; pass 40125 to get that. stable_token always answers 40125
   * (its table has no 40001).
   */
  classicWrongSecretErrcode?: 40001 | 40125;
}

export interface FakeWeChat {
  /** Base URL for both families, e.g. http://127.0.0.1:53211 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Requests received for an endpoint (every request, faulted or failed included), for one AppID/CorpID or in all. */
  calls(endpoint: FakeEndpoint, appId?: string): number;
  /** The User-Agent of each request to an endpoint, in order: tells which TokenDesk process made a call. */
  userAgents(endpoint: FakeEndpoint): string[];
  /** Inject a fault for the next matching request (or `times` of them, or 'always'). */
  fail(fault: FakeFault, scope?: FaultScope): void;
  clearFaults(): void;
  addAccount(account: FakeAccount): void;
  /** Replace (or with undefined, lift) the IP whitelist of every account with this AppID/CorpID. */
  setWhitelist(appId: string, ips: string[] | undefined): void;
  /** Change the IP the fake attributes to callers without an `x-fake-client-ip` header. */
  setClientIp(ip: string | undefined): void;
  close(): Promise<void>;
}

export const CLIENT_IP_HEADER = 'x-fake-client-ip';

interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  rawBody: string;
  json: Record<string, unknown> | undefined;
  clientIp: string;
  endpoint: FakeEndpoint;
  /** The AppID / CorpID the request is about: the one it sent, or the owner of the token it sent. */
  accountId: string | undefined;
  receivedAt: number;
}

type Family = 'wechat' | 'wecom';

export async function startFakeWeChat(options: FakeWeChatOptions = {}): Promise<FakeWeChat> {
  const now = options.now ?? Date.now;
  const world = new FakeWorld(now, options.expiresIn ?? 7200);
  const tickets = new TicketBook(now, options.expiresIn ?? 7200);
  for (const account of options.accounts ?? []) world.addAccount(account);
  const faults = new FaultBook();
  const counters = new Map<string, number>();
  const agents = new Map<string, string[]>();
  const pendingDelays = new Set<NodeJS.Timeout>();
  let defaultClientIp = options.clientIp;
  const classicWrongSecret = options.classicWrongSecretErrcode ?? 40001;

  const send = (
    ctx: RequestContext,
    status: number,
    body: string | Buffer,
    contentType = 'application/json; encoding=utf-8',
  ) => {
    if (ctx.res.destroyed) return;
    ctx.res.writeHead(status, {
      'Content-Type': contentType,
      Date: new Date(now()).toUTCString(),
      'Content-Length': Buffer.byteLength(body),
    });
    ctx.res.end(body);
  };
  const sendJson = (ctx: RequestContext, value: unknown) => send(ctx, 200, JSON.stringify(value));

  const wechatError = (ctx: RequestContext, errcode: number, extra: Record<string, unknown> = {}) => {
    const rid = newRid(now());
    const body = JSON.stringify({ ...extra, errcode, errmsg: wechatErrmsg(errcode, rid, ctx.clientIp) });
    // Stored raw, as WeChat shows it to the account's owner: the client must redact what rid/get echoes back.
    world.recordRid(rid, {
      appId: ctx.accountId,
      createdAt: now(),
      invoke_time: Math.floor(ctx.receivedAt / 1000),
      cost_in_ms: Math.max(0, now() - ctx.receivedAt),
      request_url: ctx.url.search.replace(/^\?/, ''),
      request_body: ctx.rawBody,
      response_body: body,
      client_ip: ctx.clientIp,
    });
    send(ctx, 200, body);
  };
  const wecomError = (ctx: RequestContext, errcode: number, extra: Record<string, unknown> = {}) =>
    sendJson(ctx, { ...extra, errcode, errmsg: wecomErrmsg(errcode, newWeComHint(now()), ctx.clientIp) });
  const familyError = (ctx: RequestContext, family: Family, errcode: number) =>
    family === 'wecom' ? wecomError(ctx, errcode) : wechatError(ctx, errcode);

  /** Token-authenticated endpoints: 41001 / 40001 / 42001, then the account's whitelist. */
  const authenticate = (ctx: RequestContext): { account: AccountState; family: Family } | undefined => {
    const check = world.checkToken(ctx.url.searchParams.get('access_token'));
    if ('errcode' in check) {
      const owner = world.tokenOwner(ctx.url.searchParams.get('access_token'));
      familyError(
        ctx,
        owner?.config.kind === 'wecom' ? 'wecom' : 'wechat',
        check.errcode === 40001 && owner?.config.kind === 'wecom' ? 40014 : check.errcode,
      );
      return undefined;
    }
    const family: Family = check.flavour === 'wecom' ? 'wecom' : 'wechat';
    if (!whitelisted(check.account, ctx)) {
      if (family === 'wecom') wecomError(ctx, 60020, { ip_list: [] });
      else wechatError(ctx, 40164);
      return undefined;
    }
    return { account: check.account, family };
  };

  const routes: Record<string, (ctx: RequestContext) => void> = {
    '/cgi-bin/token': (ctx) => {
      const q = ctx.url.searchParams;
      if (q.get('grant_type') !== 'client_credential') return wechatError(ctx, 40002);
      const appId = q.get('appid');
      const secret = q.get('secret');
      if (!appId) return wechatError(ctx, 41002);
      if (!secret) return wechatError(ctx, 41004);
      const account = world.wechatAccount(appId);
      if (!account) return wechatError(ctx, 40013);
      if (account.config.secret !== secret) return wechatError(ctx, classicWrongSecret);
      if (!whitelisted(account, ctx)) return wechatError(ctx, 40164);
      const minted = world.classicToken(account);
      if ('errcode' in minted) return wechatError(ctx, minted.errcode);
      sendJson(ctx, { access_token: minted.token, expires_in: minted.expiresIn });
    },

    '/cgi-bin/stable_token': (ctx) => {
      // "该接口仅支持 POST JSON 形式的调用"
      if (ctx.req.method !== 'POST') return wechatError(ctx, 43002);
      if (!ctx.json) return wechatError(ctx, ctx.rawBody.trim() === '' ? 44002 : 47001);
      const { grant_type: grantType, appid: appId, secret, force_refresh: forceRefresh } = ctx.json;
      if (grantType !== 'client_credential') return wechatError(ctx, 40002);
      if (typeof appId !== 'string' || !appId) return wechatError(ctx, 41002);
      if (typeof secret !== 'string' || !secret) return wechatError(ctx, 41004);
      const account = world.wechatAccount(appId);
      if (!account) return wechatError(ctx, 40013);
      if (account.config.secret !== secret) return wechatError(ctx, 40125);
      if (!whitelisted(account, ctx)) return wechatError(ctx, 40164);
      const minted = world.stableToken(account, forceRefresh === true);
      if ('errcode' in minted) return wechatError(ctx, minted.errcode);
      sendJson(ctx, { access_token: minted.token, expires_in: minted.expiresIn });
    },

    '/cgi-bin/gettoken': (ctx) => {
      const q = ctx.url.searchParams;
      const corpId = q.get('corpid');
      const secret = q.get('corpsecret');
      // WeCom checks the secret first: a bare /gettoken answers 41004 (observed without credentials, 2026-09).
      if (!secret) return wecomError(ctx, 41004);
      if (!corpId) return wecomError(ctx, 41002);
      const apps = world.weComAccounts(corpId);
      if (apps.length === 0) return wecomError(ctx, 40013);
      const app = apps.find((candidate) => candidate.config.secret === secret);
      if (!app) return wecomError(ctx, 40001);
      // The trusted-IP list is enforced on business APIs, not on gettoken (community reports; see README).
      const minted = world.weComToken(app);
      sendJson(ctx, { errcode: 0, errmsg: 'ok', access_token: minted.token, expires_in: minted.expiresIn });
    },

    '/cgi-bin/get_api_domain_ip': (ctx) => {
      const auth = authenticate(ctx);
      if (!auth) return;
      if (auth.family === 'wecom')
        return sendJson(ctx, { ip_list: ['182.254.11.176', '182.254.78.66'], errcode: 0, errmsg: 'ok' });
      sendJson(ctx, { ip_list: ['101.89.47.18', '101.91.34.103', '240e:e1:a900:50::17'] });
    },

    '/cgi-bin/menu/get': (ctx) => {
      const auth = authenticate(ctx);
      if (!auth) return;
      if (!world.consumeQuota(auth.account, '/cgi-bin/menu/get', MENU_GET_DAILY_QUOTA)) return wechatError(ctx, 45009);
      sendJson(ctx, { menu: { button: [{ type: 'click', name: 'TokenDesk', key: 'FAKE_WECHAT' }] } });
    },

    '/cgi-bin/openapi/quota/get': (ctx) => {
      if (ctx.req.method !== 'POST') return wechatError(ctx, 43002);
      const auth = authenticate(ctx);
      if (!auth) return;
      const cgiPath = ctx.json?.cgi_path;
      const quota = typeof cgiPath === 'string' ? world.quota(auth.account, cgiPath) : undefined;
      if (!quota) return wechatError(ctx, 76021);
      sendJson(ctx, { errcode: 0, errmsg: 'ok', quota });
    },

    '/cgi-bin/clear_quota/v2': (ctx) => {
      if (ctx.req.method !== 'POST') return wechatError(ctx, 43002);
      // The docs disagree on query vs JSON body; WeChat's own examples use the query. Accept both, query first.
      const appId = ctx.url.searchParams.get('appid') ?? stringField(ctx.json, 'appid');
      const secret = ctx.url.searchParams.get('appsecret') ?? stringField(ctx.json, 'appsecret');
      if (!appId) return wechatError(ctx, 41002);
      if (!secret) return wechatError(ctx, 41004);
      const account = world.wechatAccount(appId);
      if (!account) return wechatError(ctx, 40013);
      if (account.config.secret !== secret) return wechatError(ctx, 40125);
      if (!whitelisted(account, ctx)) return wechatError(ctx, 40164);
      const refusal = world.clearQuota(account);
      if (refusal) return wechatError(ctx, refusal.errcode);
      sendJson(ctx, { errcode: 0, errmsg: 'ok' });
    },

    '/cgi-bin/openapi/rid/get': (ctx) => {
      if (ctx.req.method !== 'POST') return wechatError(ctx, 43002);
      const auth = authenticate(ctx);
      if (!auth) return;
      const found = world.lookupRid(ctx.json?.rid, auth.account);
      if ('errcode' in found) return wechatError(ctx, found.errcode);
      const { invoke_time, cost_in_ms, request_url, request_body, response_body, client_ip } = found;
      sendJson(ctx, {
        errcode: 0,
        errmsg: 'ok',
        request: { invoke_time, cost_in_ms, request_url, request_body, response_body, client_ip },
      });
    },

    ...businessRoutes<RequestContext>({
      authenticate,
      wechatError,
      wecomError,
      sendJson,
      send,
      bodyProblem: (ctx) => (ctx.json ? undefined : ctx.rawBody.trim() === '' ? 44002 : 47001),
      tickets,
    }),
  };

  const applyFault = async (ctx: RequestContext, fault: FakeFault): Promise<'handled' | 'continue'> => {
    switch (fault.kind) {
      case 'errcode': {
        if (fault.errmsg !== undefined) {
          sendJson(ctx, { errcode: fault.errcode, errmsg: fault.errmsg });
          return 'handled';
        }
        const owner = world.tokenOwner(ctx.url.searchParams.get('access_token'));
        const family: Family = ctx.endpoint === 'wecom-token' || owner?.config.kind === 'wecom' ? 'wecom' : 'wechat';
        familyError(ctx, family, fault.errcode);
        return 'handled';
      }
      case 'delay':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            pendingDelays.delete(timer);
            resolve();
          }, fault.ms);
          pendingDelays.add(timer);
        });
        return 'continue';
      case 'reset':
        ctx.req.socket.destroy();
        return 'handled';
      case 'html-502':
        send(ctx, 502, BAD_GATEWAY_PAGE, 'text/html');
        return 'handled';
      case 'malformed-json':
        send(ctx, 200, '{"access_token":"87_truncated","expires_in":72');
        return 'handled';
      case 'missing-fields':
        sendJson(ctx, MISSING_FIELDS_BODY[ctx.endpoint]);
        return 'handled';
      case 'echo-credentials':
        send(ctx, 200, echoCredentialsBody(receivedCredentials(ctx), fault.errcode, newRid(now())));
        return 'handled';
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const receivedAt = now();
    const url = new URL(req.url ?? '/', 'http://fake-wechat');
    const rawBody = await readBody(req);
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url, rawBody);
    const route = routes[url.pathname];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    const json = parseJsonObject(rawBody);
    const endpoint = endpointOf(url.pathname, json);
    const header = req.headers[CLIENT_IP_HEADER];
    const clientIp =
      (typeof header === 'string' && header) || defaultClientIp || req.socket.remoteAddress || '127.0.0.1';
    const accountId =
      url.searchParams.get('appid') ??
      url.searchParams.get('corpid') ??
      stringField(json, 'appid') ??
      world.tokenOwner(url.searchParams.get('access_token'))?.config.appId;
    const ctx: RequestContext = { req, res, url, rawBody, json, clientIp, endpoint, accountId, receivedAt };

    for (const key of [`${endpoint}`, `${endpoint} ${accountId ?? ''}`])
      counters.set(key, (counters.get(key) ?? 0) + 1);
    agents.set(endpoint, [...(agents.get(endpoint) ?? []), req.headers['user-agent'] ?? '']);
    const fault = faults.take(endpoint, accountId);
    if (fault && (await applyFault(ctx, fault)) === 'handled') return;
    route(ctx);
  };

  /** A small control API so a running `npm run fake-wechat` can be given faults from curl (see README). */
  const control = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string) => {
    const reply = (status: number, value: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    try {
      if (url.pathname === '/__fake/faults' && req.method === 'POST') {
        const { fault, ...scope } = JSON.parse(rawBody) as { fault: unknown } & FaultScope;
        faults.add(parseFault(fault), scope);
        return reply(200, { ok: true });
      }
      if (url.pathname === '/__fake/faults' && req.method === 'DELETE') {
        faults.clear();
        return reply(200, { ok: true });
      }
      if (url.pathname === '/__fake/calls' && req.method === 'GET') return reply(200, Object.fromEntries(counters));
      reply(404, { error: `no control route ${req.method} ${url.pathname}` });
    } catch (error) {
      reply(400, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`fake-wechat internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    calls: (endpoint, appId) => counters.get(appId === undefined ? endpoint : `${endpoint} ${appId}`) ?? 0,
    userAgents: (endpoint) => [...(agents.get(endpoint) ?? [])],
    fail: (fault, scope) => faults.add(fault, scope),
    clearFaults: () => faults.clear(),
    addAccount: (account) => void world.addAccount(account),
    setWhitelist: (appId, ips) => {
      for (const account of world.accountsWithId(appId)) account.config.ipWhitelist = ips;
    },
    setClientIp: (ip) => {
      defaultClientIp = ip;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pendingDelays) clearTimeout(timer);
        pendingDelays.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  function whitelisted(account: AccountState, ctx: RequestContext): boolean {
    const whitelist = account.config.ipWhitelist;
    return whitelist === undefined || ipAllowed(ctx.clientIp, whitelist);
  }
}

function endpointOf(pathname: string, json: Record<string, unknown> | undefined): FakeEndpoint {
  switch (pathname) {
    case '/cgi-bin/token':
      return 'classic-token';
    case '/cgi-bin/stable_token':
      return json?.force_refresh === true ? 'stable-token-force' : 'stable-token';
    case '/cgi-bin/gettoken':
      return 'wecom-token';
    case '/cgi-bin/get_api_domain_ip':
      return 'check-token';
    case '/cgi-bin/openapi/quota/get':
      return 'quota-get';
    case '/cgi-bin/clear_quota/v2':
      return 'clear-quota-v2';
    case '/cgi-bin/openapi/rid/get':
      return 'rid-get';
    case '/cgi-bin/ticket/getticket':
    case '/cgi-bin/get_jsapi_ticket':
    case '/cgi-bin/ticket/get':
      return 'ticket';
    case '/cgi-bin/user/get':
      return 'user-get';
    case '/cgi-bin/message/template/send':
      return 'template-send';
    case '/wxa/getwxacodeunlimit':
      return 'wxacode-get';
    default:
      return 'menu-get';
  }
}

/** The credential values a request carried, in the query or the JSON body. */
function receivedCredentials(ctx: RequestContext): string[] {
  const names = ['secret', 'corpsecret', 'appsecret', 'access_token'];
  const values = names.flatMap((name) => [ctx.url.searchParams.get(name), stringField(ctx.json, name)]);
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}

/** Every way an upstream could hand a credential back: free text, other field names, depth, a key, JSON escapes. */
function echoCredentialsBody(credentials: string[], errcode: number | undefined, rid: string): string {
  const echoed = credentials.join(' ');
  const body = {
    ...(errcode === undefined
      ? { access_token: `ECHO_TOKEN_${rid.replace(/-/g, '')}`, expires_in: 7200 }
      : { errcode, errmsg: `invalid credential ${echoed} rid: ${rid}` }),
    msg: `you sent ${echoed}`,
    detail: {
      request: { received: credentials, note: [`again: ${echoed}`] },
      ...Object.fromEntries(credentials.map((c) => [c, 'as a key'])),
    },
  };
  const escaped = credentials.map((credential) =>
    [...credential].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  );
  // Appended as raw text: JSON.stringify would never write these escapes, a hostile server may.
  return `${JSON.stringify(body).slice(0, -1)},"escaped":["${escaped.join('","')}"]}`;
}

/** Valid JSON lacking what each endpoint promises. */
const MISSING_FIELDS_BODY: Readonly<Record<FakeEndpoint, unknown>> = {
  'classic-token': { expires_in: 7200 },
  'stable-token': { expires_in: 7200 },
  'stable-token-force': { expires_in: 7200 },
  'wecom-token': { errcode: 0, errmsg: 'ok', expires_in: 7200 },
  'check-token': {},
  'quota-get': { errcode: 0, errmsg: 'ok' },
  'clear-quota-v2': {},
  'rid-get': { errcode: 0, errmsg: 'ok' },
  ticket: { errcode: 0, errmsg: 'ok', expires_in: 7200 },
  'menu-get': {},
  'user-get': {},
  'template-send': { errcode: 0, errmsg: 'ok' },
  'wxacode-get': {},
};

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(json: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = json?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
