/**
 * The shapes every WeChat call produces. The client (client.ts) fills them; the engine, the history, the IPC
 * contract and the UI read them. Everything here is plain data (JSON-serialisable) so it can cross IPC and be
 * persisted as-is.
 */

/** The four kinds of account TokenDesk manages. A test account is a sandbox Official Account (200 token calls a day). */
export type AccountKind = 'officialAccount' | 'miniProgram' | 'wecom' | 'testAccount';

/** Which WeChat endpoint an exchange talked to. */
export type WeChatCall =
  | 'classic-token' // GET /cgi-bin/token
  | 'stable-token' // POST /cgi-bin/stable_token (normal mode)
  | 'stable-token-force' // POST /cgi-bin/stable_token with force_refresh: true
  | 'wecom-token' // GET qyapi /cgi-bin/gettoken
  | 'check-token' // GET /cgi-bin/get_api_domain_ip
  | 'quota-get' // POST /cgi-bin/openapi/quota/get
  | 'clear-quota-v2' // POST /cgi-bin/clear_quota/v2
  | 'rid-get' // POST /cgi-bin/openapi/rid/get
  | 'ticket' // JS-SDK tickets: GET /cgi-bin/ticket/getticket; WeCom get_jsapi_ticket, ticket/get?type=agent_config
  | 'api-call' // any API called from the API console (`tokendesk call`) with the managed token
  | 'ip-probe'; // a deliberately failing cheap call whose rid tells which IP WeChat sees

/** The request as it may be shown or stored: the AppSecret / corpsecret / access_token values are redacted. */
export interface RedactedRequest {
  method: 'GET' | 'POST';
  /** Full URL with secret-bearing query values replaced by `***`. */
  url: string;
  /** JSON body text with secret-bearing fields replaced by `***`; absent for GET. */
  body?: string;
}

/** `insecure`: not sent at all — a credential would have crossed the network over plain http (see transport-security.ts). */
export type NetworkErrorReason = 'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'insecure' | 'other';
/**
 * - `not-json`: the body did not parse; `html`: an HTML page (a proxy's or gateway's 502, a captive portal);
 * - `missing-fields`: JSON without the fields the call promises; `http-status`: a non-2xx status with a JSON body that
 *   carries no errcode (WeChat itself answers errors with HTTP 200, so this is a proxy or a wrong base URL).
 */
export type BadResponseReason = 'not-json' | 'html' | 'missing-fields' | 'http-status';

/** Facts parsed out of an errmsg (see catalogue.ts parsers). */
export interface ErrorFacts {
  /** 40164: the IPv4 WeChat saw (with `::ffff:` unwrapped). */
  ip?: string;
  /** 40164: the IPv6 form when WeChat gave one and it is a real IPv6 (not a mapped IPv4). */
  ipv6?: string;
  /** WeCom: `from ip: x.x.x.x`. */
  fromIp?: string;
  /** 8950x: how long the lockout lasts, in seconds. */
  lockoutSeconds?: number;
}

/** One entry of the error catalogue, in both UI languages. */
export interface CatalogueEntry {
  errcode: number;
  /** 'wechat' for Official Account / Mini Program codes, 'wecom' for WeCom codes (the same number can mean different things). */
  family: 'wechat' | 'wecom';
  meaning: { en: string; 'zh-CN': string };
  cause: { en: string; 'zh-CN': string };
  action: { en: string; 'zh-CN': string };
  /** True when retrying later without a human fixing something can succeed (-1, -1000, 45011 …). */
  transient: boolean;
  /**
   * Set when the same code means different things on a token fetch and on a call made with a token (WeChat's 40001:
   * wrong AppSecret when fetching, stale token when using one). Absent when the meaning does not depend on it.
   */
  when?: ErrorContext;
}

/** Whether an error came back from a token fetch (`fetch`) or from a call authenticated with a token (`use`). */
export type ErrorContext = 'fetch' | 'use';

export type Outcome =
  | { kind: 'ok' }
  | {
      kind: 'wechat-error';
      errcode: number;
      errmsg: string;
      rid?: string;
      entry?: CatalogueEntry;
      facts: ErrorFacts;
    }
  | { kind: 'network-error'; reason: NetworkErrorReason; message: string }
  | { kind: 'bad-response'; reason: BadResponseReason; message: string };

/** One HTTP round trip to WeChat (or the fake), fully described, never containing a secret. */
export interface Exchange<TResult = unknown> {
  /** Unique id (random UUID). */
  id: string;
  call: WeChatCall;
  request: RedactedRequest;
  /** HTTP status; absent when no response arrived. */
  status?: number;
  /** The response's `Date` header, as sent, for clock-skew display. */
  serverDate?: string;
  /** Raw response body text (tokens in it are NOT redacted: the token is what the user came for). */
  bodyText?: string;
  /** Parsed JSON body when it parsed. */
  json?: unknown;
  /** Epoch ms when the request started / finished. */
  startedAt: number;
  finishedAt: number;
  latencyMs: number;
  outcome: Outcome;
  /** The typed result, present only when outcome.kind === 'ok'. */
  result?: TResult;
}

export interface TokenResult {
  accessToken: string;
  /** Seconds, as WeChat sent it. */
  expiresIn: number;
}

export interface QuotaResult {
  dailyLimit: number;
  used: number;
  remain: number;
}

export interface RidResult {
  invokeTime: number;
  costInMs: number;
  requestUrl: string;
  requestBody: string;
  responseBody: string;
  clientIp: string;
}
