import type { AccountView } from '../../../electron/core/contract/views';
import { TOKEN_CALLS } from '../../../electron/core/history/history-entry';
import { lookupError, parseErrorFacts, parseRid, type ErrorFamily } from '../../../electron/core/wechat/catalogue';
import type { ErrorContext, Exchange, WeChatCall } from '../../../electron/core/wechat/types';
import errmsgs from '../../fixtures/wechat-errmsgs.json';

export const APP_ID = 'wx1234567890abcdef';
export const CORP_ID = 'ww0123456789abcdef';
/** 2026-11-25 10:00:00 UTC: the moment every fixture happens around. */
export const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);

/** An errmsg WeChat or WeCom really sent (test/fixtures/wechat-errmsgs.json), the first of `errcode` containing `containing`. */
export function realErrmsg(family: ErrorFamily, errcode: number, containing = ''): string {
  const vector = errmsgs.vectors.find(
    (v) => v.family === family && v.errcode === errcode && v.errmsg.includes(containing),
  );
  if (!vector) throw new Error(`no ${family} ${errcode} vector containing "${containing}" in wechat-errmsgs.json`);
  return vector.errmsg;
}

// Display data only (nothing is sent): the requests as the fake WeChat server on loopback would have received them.
const FAKE_BASE = 'http://127.0.0.1:8080';

const REQUESTS: Record<WeChatCall, Exchange['request']> = {
  'classic-token': {
    method: 'GET',
    url: `${FAKE_BASE}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=***`,
  },
  'stable-token': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/stable_token`,
    body: `{"grant_type":"client_credential","appid":"${APP_ID}","secret":"***","force_refresh":false}`,
  },
  'stable-token-force': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/stable_token`,
    body: `{"grant_type":"client_credential","appid":"${APP_ID}","secret":"***","force_refresh":true}`,
  },
  'wecom-token': {
    method: 'GET',
    url: `${FAKE_BASE}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=***`,
  },
  'check-token': { method: 'GET', url: `${FAKE_BASE}/cgi-bin/get_api_domain_ip?access_token=***` },
  'quota-get': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/openapi/quota/get?access_token=***`,
    body: '{"cgi_path":"/cgi-bin/stable_token"}',
  },
  'clear-quota-v2': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/clear_quota/v2`,
    body: `{"appid":"${APP_ID}","appsecret":"***"}`,
  },
  'rid-get': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/openapi/rid/get?access_token=***`,
    body: '{"rid":"6305aafd-5a6dbc88-1da22e34"}',
  },
  ticket: { method: 'GET', url: `${FAKE_BASE}/cgi-bin/ticket/getticket?access_token=***&type=jsapi` },
  'api-call': { method: 'GET', url: `${FAKE_BASE}/cgi-bin/menu/get?access_token=***` },
  'ip-probe': {
    method: 'POST',
    url: `${FAKE_BASE}/cgi-bin/openapi/quota/get?access_token=***`,
    body: '{"cgi_path":"/cgi-bin/tokendesk/ip-probe"}',
  },
};

let sequence = 0;

function exchangeBase(call: WeChatCall, bodyText: string, at: number) {
  sequence += 1;
  return {
    id: `exchange-${sequence}`,
    call,
    request: REQUESTS[call],
    status: 200,
    serverDate: new Date(at).toUTCString(),
    bodyText,
    json: JSON.parse(bodyText) as unknown,
    startedAt: at - 87,
    finishedAt: at,
    latencyMs: 87,
  };
}

/**
 * WeChat's HTTP-200 refusal with `errmsg`, its outcome filled by the real catalogue (lookupError, parseRid,
 * parseErrorFacts) as the client does it. `when` says whether a token fetch or a call with a token got it.
 */
export function refusal(options: {
  call: WeChatCall;
  errcode: number;
  errmsg: string;
  at?: number;
  when?: ErrorContext;
}): Exchange {
  const { call, errcode, errmsg, at = T0 } = options;
  const family: ErrorFamily = call === 'wecom-token' ? 'wecom' : 'wechat';
  const when = options.when ?? (TOKEN_CALLS.includes(call) ? 'fetch' : 'use');
  return {
    ...exchangeBase(call, JSON.stringify({ errcode, errmsg }), at),
    outcome: {
      kind: 'wechat-error',
      errcode,
      errmsg,
      rid: parseRid(errmsg),
      entry: lookupError(errcode, family, when),
      facts: parseErrorFacts(errcode, errmsg),
    },
  };
}

/** A successful exchange whose body is `body` and whose typed result is `result`. */
export function success<T>(call: WeChatCall, body: Record<string, unknown>, result: T, at = T0): Exchange<T> {
  return { ...exchangeBase(call, JSON.stringify(body), at), outcome: { kind: 'ok' }, result };
}

/** An Official Account in production, in error unless `overrides` say otherwise. */
export function accountView(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'acc-shop',
    label: 'Shop OA',
    kind: 'officialAccount',
    appId: APP_ID,
    environment: 'production',
    tokenMode: 'stable',
    autoRefresh: true,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    secretSet: true,
    state: { status: 'error', since: T0 },
    ...overrides,
  };
}
