import type { EndpointExchange } from './exchange';
import { readBody } from './read-body';
import { recordedWeChatTarget } from './redact-path';
import { secondsLeft } from './token-routes';
import { TokenUnavailableError, type EndpointAccount, type TokenSource } from './token-source';

/**
 * WeChat's own token routes, answered with the managed token, so a local backend using any WeChat SDK can point its
 * base URL here and stop fetching (and invalidating) tokens itself. Callers authenticate the way WeChat's callers
 * do — with the AppSecret / corpsecret — which must match the one in the keychain. Answers keep WeChat's shapes:
 * HTTP 200 always, errors as errcode/errmsg, seconds left as `expires_in`.
 *   GET  /cgi-bin/token?grant_type=client_credential&appid=&secret=
 *        https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 *   POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}
 *        https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 *   GET  /cgi-bin/gettoken?corpid=&corpsecret=   https://developer.work.weixin.qq.com/document/path/91039
 */
export interface WeChatRouteContext {
  source: TokenSource;
  now: () => number;
  maxBodyBytes: number;
  /** Takes one request from the budget of callers naming a known account, or of everyone else; false: turn it away. */
  admit: (namesKnownAccount: boolean) => boolean;
}

/** Appended to our own errmsgs so that nobody mistakes them for WeChat's (and goes looking for a rid). */
const OURS = '(TokenDesk local endpoint)';

interface Credentials {
  appId: string;
  secret: string;
}

/**
 * Finds the account whose AppID and secret both match; the secret is compared by the source in constant time. The
 * request is charged to a budget first, so a flood can't make the keychain busy, and one naming no account of ours
 * (a stranger's guess) draws on the small unauthenticated budget, not on that of the callers who know the AppID.
 */
async function authenticate(
  context: WeChatRouteContext,
  credentials: Credentials,
  wecom: boolean,
): Promise<EndpointAccount | 'unknown-app' | 'wrong-secret' | 'rate-limited'> {
  const candidates = context.source
    .listAccounts()
    .filter((account) => account.appId === credentials.appId && (account.kind === 'wecom') === wecom);
  if (!context.admit(candidates.length > 0)) return 'rate-limited';
  if (candidates.length === 0) return 'unknown-app';
  for (const account of candidates) {
    if (await context.source.verifySecret(account.id, credentials.secret)) return account;
  }
  return 'wrong-secret';
}

async function answerWithToken(
  exchange: EndpointExchange,
  context: WeChatRouteContext,
  account: EndpointAccount,
  wecom: boolean,
): Promise<void> {
  exchange.setAccount(account.id);
  try {
    const token = await context.source.getToken(account.id);
    const body = { access_token: token.accessToken, expires_in: secondsLeft(token, context.now()) };
    // WeCom's success carries errcode 0 / "ok"; Official Account and Mini Program success has no errcode.
    exchange.wechat(wecom ? { errcode: 0, errmsg: 'ok', ...body } : body);
  } catch (error) {
    if (error instanceof TokenUnavailableError) exchange.wechatError(error.errcode, error.errmsg, 'upstream');
    else
      exchange.wechatError(-1, `system error ${OURS}: TokenDesk could not get the token; see its history`, 'internal');
  }
}

export async function classicTokenRoute(
  exchange: EndpointExchange,
  context: WeChatRouteContext,
  query: URLSearchParams,
): Promise<void> {
  exchange.setRoute('wechat-classic-token');
  exchange.setRecordedPath(recordedWeChatTarget('/cgi-bin/token', query));
  if (exchange.request.method !== 'GET') return exchange.wechatError(43001, `require GET method ${OURS}`, 'method');
  await credentialRoute(exchange, context, {
    grantType: query.get('grant_type'),
    appId: query.get('appid'),
    secret: query.get('secret'),
  });
}

export async function stableTokenRoute(exchange: EndpointExchange, context: WeChatRouteContext): Promise<void> {
  exchange.setRoute('wechat-stable-token');
  exchange.setRecordedPath('/cgi-bin/stable_token');
  if (exchange.request.method !== 'POST') return exchange.wechatError(43002, `require POST method ${OURS}`, 'method');
  const body = await readBody(exchange.request, context.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large')
      exchange.wechatError(
        40035,
        `invalid parameter ${OURS}: body over ${context.maxBodyBytes} bytes`,
        'body-too-large',
      );
    return;
  }
  let parsed: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(body.text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    parsed = value as Record<string, unknown>;
  } catch {
    return exchange.wechatError(47001, `data format error ${OURS}: send a JSON object`, 'bad-request');
  }
  // force_refresh is deliberately not passed on: a forced refresh would invalidate the token every other caller
  // holds. A caller whose token failed asks POST /v1/tokens/:alias/refresh, which refreshes at most once.
  await credentialRoute(exchange, context, {
    grantType: typeof parsed.grant_type === 'string' ? parsed.grant_type : null,
    appId: typeof parsed.appid === 'string' ? parsed.appid : null,
    secret: typeof parsed.secret === 'string' ? parsed.secret : null,
  });
}

async function credentialRoute(
  exchange: EndpointExchange,
  context: WeChatRouteContext,
  given: { grantType: string | null; appId: string | null; secret: string | null },
): Promise<void> {
  if (given.grantType !== 'client_credential')
    return exchange.wechatError(40002, `invalid grant_type ${OURS}`, 'bad-request');
  if (!given.appId) return exchange.wechatError(41002, `appid missing ${OURS}`, 'bad-request');
  if (!given.secret) return exchange.wechatError(41004, `appsecret missing ${OURS}`, 'bad-request');
  const found = await authenticate(context, { appId: given.appId, secret: given.secret }, false);
  if (found === 'rate-limited') return rateLimited(exchange);
  if (found === 'unknown-app')
    return exchange.wechatError(40013, `invalid appid ${OURS}: no account in TokenDesk has this AppID`, 'auth');
  if (found === 'wrong-secret')
    return exchange.wechatError(40125, `invalid appsecret ${OURS}: it differs from the one in the keychain`, 'auth');
  await answerWithToken(exchange, context, found, false);
}

export async function wecomTokenRoute(
  exchange: EndpointExchange,
  context: WeChatRouteContext,
  query: URLSearchParams,
): Promise<void> {
  exchange.setRoute('wecom-gettoken');
  exchange.setRecordedPath(recordedWeChatTarget('/cgi-bin/gettoken', query));
  if (exchange.request.method !== 'GET') return exchange.wechatError(43001, `require GET method ${OURS}`, 'method');
  const corpId = query.get('corpid');
  const corpSecret = query.get('corpsecret');
  if (!corpId) return exchange.wechatError(41002, `corpid missing ${OURS}`, 'bad-request');
  if (!corpSecret) return exchange.wechatError(41004, `corpsecret missing ${OURS}`, 'bad-request');
  const found = await authenticate(context, { appId: corpId, secret: corpSecret }, true);
  if (found === 'rate-limited') return rateLimited(exchange);
  if (found === 'unknown-app')
    return exchange.wechatError(40013, `invalid corpid ${OURS}: no WeCom account in TokenDesk has this CorpID`, 'auth');
  // WeCom reports a wrong corpsecret as 40001.
  if (found === 'wrong-secret')
    return exchange.wechatError(
      40001,
      `invalid credential ${OURS}: the corpsecret differs from the one in the keychain`,
      'auth',
    );
  await answerWithToken(exchange, context, found, true);
}

/** WeChat's own per-minute limit answer, so an SDK backs off the way it would with WeChat. */
function rateLimited(exchange: EndpointExchange): void {
  exchange.wechatError(45011, `api minute-quota reach limit  mustslower  retry next minute ${OURS}`, 'rate');
}
