/**
 * The API console: any WeChat / WeCom API called with the account's managed token, from this machine and its IP —
 * which WeChat's own online debug page (calling from Tencent's servers) can never show. The answer comes back raw
 * (token redacted in the request), its errcode explained by the catalogue, an image (a Mini Program code) as base64
 * with its content type. A token refusal (40001 / 42001) renews the token passively and retries once
 * (token-retry.ts). Every exchange is recorded in the account's history.
 */
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account-schema';
import { lookupError, parseErrorFacts, parseRid } from '../wechat/catalogue';
import type { TransportOptions } from '../wechat/exchange';
import type { HttpAnswer } from '../wechat/http-send';
import { isRecord } from '../wechat/exchange';
import { classifyNetworkError } from '../wechat/network-error';
import { redactJsonBody, redactUrl, scrubSecrets } from '../wechat/redact';
import { mayCarryCredentials } from '../wechat/transport-security';
import type { Exchange, Outcome } from '../wechat/types';
import type { BinaryBody, ConsoleRequest, ConsoleResult } from '../contract/api-tools-views';
import { prepareRequest, withToken, type PreparedRequest } from './api-request';
import { callWithManagedToken, type GatewaySend, type ManagedTokens } from './token-retry';

export interface ApiConsoleOptions {
  tokens: ManagedTokens;
  transport: TransportOptions;
  apiBase: (account: Account) => string;
  send: GatewaySend;
}

/** Answers whose content type is text WeChat's API speaks; anything else (image/jpeg, octet-stream) is binary. */
const TEXT_TYPES = /^(application\/(json|javascript|xml)|text\/)/i;
const HTML_START = /^\s*<(?:!doctype|html|head|body|title|center|h1)/i;

export class ApiConsole {
  constructor(private readonly options: ApiConsoleOptions) {}

  /** Checks the request (UserError when it can't be sent), then sends it with the managed token. */
  async call(account: Account, request: ConsoleRequest): Promise<ConsoleResult> {
    const prepared = prepareRequest(request, this.options.apiBase(account));
    const bytes = new Map<Exchange, Buffer>();
    const { exchange, refused } = await callWithManagedToken<BinaryBody>(
      this.options.tokens,
      account.id,
      (accessToken) =>
        this.options.send(account, 'api-call', async () => {
          const sent = await this.request(account, prepared, accessToken);
          if (sent.binary) bytes.set(sent.exchange, sent.binary);
          return sent.exchange;
        }),
    );
    const binary = bytes.get(exchange);
    return {
      exchange,
      ...(refused ? { refused } : {}),
      ...(binary ? { binaryBase64: binary.toString('base64') } : {}),
    };
  }

  private async request(
    account: Account,
    prepared: PreparedRequest,
    accessToken: string,
  ): Promise<{ exchange: Exchange<BinaryBody>; binary?: Buffer }> {
    const { transport } = this.options;
    const url = withToken(prepared.url, accessToken);
    const family = account.kind === 'wecom' ? 'wecom' : 'wechat';
    const startedAt = transport.now();
    const scrub = (text: string) => scrubSecrets(text, [accessToken]);
    const finish = (parts: Partial<Exchange<BinaryBody>> & { outcome: Outcome }): Exchange<BinaryBody> => {
      const finishedAt = transport.now();
      return {
        id: randomUUID(),
        call: 'api-call',
        request: {
          method: prepared.method,
          url: redactUrl(url),
          ...(prepared.body === undefined ? {} : { body: redactJsonBody(prepared.body) }),
        },
        ...parts,
        startedAt,
        finishedAt,
        latencyMs: finishedAt - startedAt,
      };
    };

    // The same rule as every other call with a credential (wechat/transport-security.ts): https, or http on loopback.
    if (!mayCarryCredentials(url)) {
      const host = new URL(url).host;
      const message = `Not sent: ${host} would be reached over plain http://, so the access_token would cross the network unencrypted. Use an https:// base URL (plain http:// is only for this machine, e.g. a local proxy)`;
      return { exchange: finish({ outcome: { kind: 'network-error', reason: 'insecure', message } }) };
    }

    let response: HttpAnswer;
    let raw: Buffer;
    try {
      response = await transport.fetch(url, {
        method: prepared.method,
        headers: prepared.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: prepared.body,
        signal: AbortSignal.timeout(transport.timeoutMs),
      });
      raw = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const { reason, message } = classifyNetworkError(error);
      return { exchange: finish({ outcome: { kind: 'network-error', reason, message: scrub(message) } }) };
    }
    const status = response.status;
    const serverDate = response.headers.get('date') ?? undefined;
    const contentType = response.headers.get('content-type') ?? '';
    const head = { status, ...(serverDate ? { serverDate } : {}) };

    if (contentType !== '' && !TEXT_TYPES.test(contentType)) {
      const result: BinaryBody = { contentType, byteLength: raw.length };
      const outcome: Outcome =
        status >= 200 && status <= 299
          ? { kind: 'ok' }
          : { kind: 'bad-response', reason: 'http-status', message: `HTTP ${status} (${contentType})` };
      return { exchange: finish({ ...head, outcome, result }), binary: raw };
    }

    const text = raw.toString('utf8');
    const base = { ...head, bodyText: scrub(text) };
    if (HTML_START.test(text) || /text\/html/i.test(contentType)) {
      return {
        exchange: finish({
          ...base,
          outcome: { kind: 'bad-response', reason: 'html', message: `HTTP ${status}: an HTML page came back` },
        }),
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        exchange: finish({
          ...base,
          outcome: { kind: 'bad-response', reason: 'not-json', message: `HTTP ${status}: the body is not JSON` },
        }),
      };
    }
    const errcode = isRecord(json) ? json.errcode : undefined;
    if (typeof errcode === 'number' && errcode !== 0) {
      const errmsg = scrub(isRecord(json) && typeof json.errmsg === 'string' ? json.errmsg : '');
      const outcome: Outcome = {
        kind: 'wechat-error',
        errcode,
        errmsg,
        rid: parseRid(errmsg),
        entry: lookupError(errcode, family, 'use'),
        facts: parseErrorFacts(errcode, errmsg),
      };
      return { exchange: finish({ ...base, json, outcome }) };
    }
    const outcome: Outcome =
      status >= 200 && status <= 299
        ? { kind: 'ok' }
        : {
            kind: 'bad-response',
            reason: 'http-status',
            message: `HTTP ${status} with a body that carries no errcode`,
          };
    return { exchange: finish({ ...base, json, outcome }) };
  }
}
