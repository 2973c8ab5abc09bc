/**
 * The WeChat API client: one method per endpoint TokenDesk calls, each resolving to an Exchange (never throwing).
 * Base URLs are overridable globally and per call (per account) for proxies and for the fake WeChat server.
 */
import { isRecord, runExchange, type ExchangeSpec, type TransportOptions } from './exchange';
import { undiciSend, type HttpSend } from './http-send';
import { redactJsonBody, redactUrl } from './redact';
import type { Exchange, QuotaResult, RidResult, TokenResult } from './types';

export const DEFAULT_API_BASE = 'https://api.weixin.qq.com';
export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WeChatClientOptions {
  /** Default undici's request (http-send.ts); `fetch` or a fetch-shaped fake fits too. */
  fetch?: HttpSend;
  /** Official Account / Mini Program API base; default https://api.weixin.qq.com. */
  apiBase?: string;
  /** WeCom API base; default https://qyapi.weixin.qq.com. */
  wecomApiBase?: string;
  /** Per-request timeout covering connect, headers and body; default 10 s. */
  timeoutMs?: number;
  /** Clock for the exchange timestamps (epoch ms). */
  now?: () => number;
}

/** Every call accepts a per-account base URL that wins over the client's global one, and a signal that aborts it. */
interface BaseOverride {
  apiBase?: string;
  /** Aborts the request (its account's credentials changed, or the account was removed): a network-error outcome. */
  signal?: AbortSignal;
}

export class WeChatClient {
  private readonly transport: TransportOptions;
  private readonly apiBase: string;
  private readonly wecomApiBase: string;

  constructor(options: WeChatClientOptions = {}) {
    this.transport = {
      fetch: options.fetch ?? undiciSend,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now: options.now ?? Date.now,
    };
    this.apiBase = options.apiBase ?? DEFAULT_API_BASE;
    this.wecomApiBase = options.wecomApiBase ?? DEFAULT_WECOM_API_BASE;
  }

  /** GET /cgi-bin/token — every call mints a new token; the previous one dies 5 minutes later. */
  classicToken(params: { appId: string; secret: string } & BaseOverride): Promise<Exchange<TokenResult>> {
    const query = { grant_type: 'client_credential', appid: params.appId, secret: params.secret };
    return this.run(
      {
        ...tokenSpec('classic-token', 'wechat', [params.secret]),
        method: 'GET',
        url: this.url(params.apiBase ?? this.apiBase, '/cgi-bin/token', query),
      },
      params.signal,
    );
  }

  /** POST /cgi-bin/stable_token — same token while valid; `forceRefresh` invalidates it (≥ 30 s apart, 20 a day). */
  stableToken(
    params: { appId: string; secret: string; forceRefresh?: boolean } & BaseOverride,
  ): Promise<Exchange<TokenResult>> {
    const forceRefresh = params.forceRefresh ?? false;
    const body = {
      grant_type: 'client_credential',
      appid: params.appId,
      secret: params.secret,
      force_refresh: forceRefresh,
    };
    return this.run(
      {
        ...tokenSpec(forceRefresh ? 'stable-token-force' : 'stable-token', 'wechat', [params.secret]),
        method: 'POST',
        url: this.url(params.apiBase ?? this.apiBase, '/cgi-bin/stable_token'),
        body: JSON.stringify(body),
      },
      params.signal,
    );
  }

  /** GET qyapi /cgi-bin/gettoken — WeCom: one token per app secret; success carries errcode 0. */
  wecomToken(params: { corpId: string; secret: string } & BaseOverride): Promise<Exchange<TokenResult>> {
    return this.run(
      {
        ...tokenSpec('wecom-token', 'wecom', [params.secret]),
        method: 'GET',
        url: this.url(params.apiBase ?? this.wecomApiBase, '/cgi-bin/gettoken', {
          corpid: params.corpId,
          corpsecret: params.secret,
        }),
      },
      params.signal,
    );
  }

  /** GET /cgi-bin/get_api_domain_ip — the cheapest call that proves a token works. */
  checkToken(
    params: { accessToken: string; family?: 'wechat' | 'wecom' } & BaseOverride,
  ): Promise<Exchange<{ ipList: string[] }>> {
    const family = params.family ?? 'wechat';
    const base = params.apiBase ?? (family === 'wecom' ? this.wecomApiBase : this.apiBase);
    return this.run(
      {
        call: 'check-token',
        family,
        errorContext: 'use',
        method: 'GET',
        url: this.url(base, '/cgi-bin/get_api_domain_ip', { access_token: params.accessToken }),
        secrets: [params.accessToken],
        readResult: (json) => (isStringArray(json.ip_list) ? { ipList: json.ip_list } : undefined),
        expectedFields: 'ip_list (an array of strings)',
      },
      params.signal,
    );
  }

  /** POST /cgi-bin/openapi/quota/get — today's limit, use and remainder for one API path. */
  getQuota(params: { accessToken: string; cgiPath?: string } & BaseOverride): Promise<Exchange<QuotaResult>> {
    return this.run(
      {
        call: 'quota-get',
        family: 'wechat',
        errorContext: 'use',
        method: 'POST',
        url: this.url(params.apiBase ?? this.apiBase, '/cgi-bin/openapi/quota/get', {
          access_token: params.accessToken,
        }),
        body: JSON.stringify({ cgi_path: params.cgiPath ?? '/cgi-bin/token' }),
        secrets: [params.accessToken],
        readResult: readQuota,
        expectedFields: 'quota.daily_limit, quota.used and quota.remain (numbers)',
      },
      params.signal,
    );
  }

  /**
   * POST /cgi-bin/clear_quota/v2 — resets the daily counters with the AppSecret, so it works when the token quota is
   * gone (10 a month, shared with clear_quota). The doc's examples put appid and appsecret in the query (one version
   * says "URL 参数，非 Body 参数"), so that is where they go; the Exchange shows them redacted.
   * https://developers.weixin.qq.com/doc/channels/API/apimgnt/clearQuotaByAppSecret.html
   */
  clearQuotaV2(params: { appId: string; secret: string } & BaseOverride): Promise<Exchange<Record<string, never>>> {
    return this.run(
      {
        call: 'clear-quota-v2',
        family: 'wechat',
        errorContext: 'fetch',
        method: 'POST',
        url: this.url(params.apiBase ?? this.apiBase, '/cgi-bin/clear_quota/v2', {
          appid: params.appId,
          appsecret: params.secret,
        }),
        body: '{}',
        secrets: [params.secret],
        readResult: (json) => (json.errcode === 0 ? {} : undefined),
        expectedFields: 'errcode 0',
      },
      params.signal,
    );
  }

  /** POST /cgi-bin/openapi/rid/get — what WeChat received and answered for a rid (same account, last 7 days). */
  lookupRid(params: { accessToken: string; rid: string } & BaseOverride): Promise<Exchange<RidResult>> {
    return this.run(
      {
        call: 'rid-get',
        family: 'wechat',
        errorContext: 'use',
        method: 'POST',
        url: this.url(params.apiBase ?? this.apiBase, '/cgi-bin/openapi/rid/get', { access_token: params.accessToken }),
        body: JSON.stringify({ rid: params.rid }),
        secrets: [params.accessToken],
        readResult: readRid,
        expectedFields: 'request.{invoke_time, cost_in_ms, request_url, request_body, response_body, client_ip}',
        redactResponse: redactRidRequest,
      },
      params.signal,
    );
  }

  private run<TResult>(spec: ExchangeSpec<TResult>, signal: AbortSignal | undefined): Promise<Exchange<TResult>> {
    return runExchange(spec, signal ? { ...this.transport, signal } : this.transport);
  }

  private url(base: string, path: string, query?: Record<string, string>): string {
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    return `${base.replace(/\/+$/, '')}${path}${search}`;
  }
}

function tokenSpec(
  call: 'classic-token' | 'stable-token' | 'stable-token-force' | 'wecom-token',
  family: 'wechat' | 'wecom',
  secrets: string[],
) {
  return {
    call,
    family,
    errorContext: 'fetch' as const,
    secrets,
    readResult: readToken,
    expectedFields: 'access_token (a non-empty string) and expires_in (a number)',
  };
}

function readToken(json: Record<string, unknown>): TokenResult | undefined {
  const { access_token: accessToken, expires_in: expiresIn } = json;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number') return undefined;
  return { accessToken, expiresIn };
}

function readQuota(json: Record<string, unknown>): QuotaResult | undefined {
  const quota = json.quota;
  if (!isRecord(quota)) return undefined;
  const { daily_limit: dailyLimit, used, remain } = quota;
  if (typeof dailyLimit !== 'number' || typeof used !== 'number' || typeof remain !== 'number') return undefined;
  return { dailyLimit, used, remain };
}

function readRid(json: Record<string, unknown>): RidResult | undefined {
  const request = json.request;
  if (!isRecord(request)) return undefined;
  const { invoke_time, cost_in_ms, request_url, request_body, response_body, client_ip } = request;
  if (typeof invoke_time !== 'number' || typeof cost_in_ms !== 'number') return undefined;
  if (
    typeof request_url !== 'string' ||
    typeof request_body !== 'string' ||
    typeof response_body !== 'string' ||
    typeof client_ip !== 'string'
  ) {
    return undefined;
  }
  return {
    invokeTime: invoke_time,
    costInMs: cost_in_ms,
    requestUrl: request_url,
    requestBody: request_body,
    responseBody: response_body,
    clientIp: client_ip,
  };
}

/** rid/get echoes the original request, which may hold an AppSecret (a stable_token body) or a token in its query. */
function redactRidRequest(json: Record<string, unknown>): Record<string, unknown> {
  const request = json.request;
  if (!isRecord(request)) return json;
  const redacted = { ...request };
  if (typeof request.request_url === 'string') redacted.request_url = redactUrl(request.request_url);
  if (typeof request.request_body === 'string' && request.request_body !== '')
    redacted.request_body = redactJsonBody(request.request_body);
  const changed = redacted.request_url !== request.request_url || redacted.request_body !== request.request_body;
  return changed ? { ...json, request: redacted } : json;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
