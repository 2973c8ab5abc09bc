import type http from 'node:http';
import type { EndpointRequestRecord, EndpointRoute, TokenSource } from './token-source';
import { UNRECORDED_TARGET } from './redact-path';
import { presentsLocalKey } from './token-routes';

/**
 * Headers on every answer, as the flat name/value list `writeHead` takes (Node reads it in order, without the
 * property lookups an object of varying shape costs per request). Deliberately no Access-Control-* header: a web page
 * must never read a token from here.
 */
const COMMON_HEADERS = ['Cache-Control', 'no-store', 'X-Content-Type-Options', 'nosniff'] as const;

/** WeChat sends this exact Content-Type (sic, `encoding`), and some SDKs look for it. */
const WECHAT_CONTENT_TYPE = 'application/json; encoding=utf-8';

/**
 * One request and its answer. Every way out goes through `send`, which writes the answer and records the request
 * (redacted) through the token source, so no request escapes the history.
 */
export class EndpointExchange {
  readonly record: EndpointRequestRecord;
  private sent = false;
  private keyPresented?: boolean;

  constructor(
    readonly request: http.IncomingMessage,
    private readonly response: http.ServerResponse,
    private readonly source: TokenSource,
    private readonly now: () => number,
  ) {
    // Every field a route may set later is here from the start: a record that gains properties as it goes changes its
    // hidden class on the way, which V8 pays for on each request. (JSON leaves the undefined ones out.)
    this.record = {
      at: now(),
      method: request.method ?? '',
      path: UNRECORDED_TARGET,
      route: 'unknown',
      status: 0,
      errcode: undefined,
      accountId: undefined,
      refused: undefined,
      latencyMs: 0,
      count: undefined,
      lastAt: undefined,
    };
  }

  /** Whether the request carries the local key; checked once (it hashes), asked by the budget and the route. */
  presentsLocalKey(): boolean {
    this.keyPresented ??= presentsLocalKey(this.request, this.source);
    return this.keyPresented;
  }

  setRoute(route: EndpointRoute): void {
    this.record.route = route;
  }

  /** The target as the history may show it (see redact-path.ts); until set, nothing of it is recorded. */
  setRecordedPath(path: string): void {
    this.record.path = path;
  }

  setAccount(accountId: string): void {
    this.record.accountId = accountId;
  }

  /** A JSON answer of our own /v1 API. */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.jsonText(status, JSON.stringify(body), headers);
  }

  /** A JSON answer already serialised. */
  jsonText(status: number, text: string, headers: Record<string, string> = {}): void {
    this.send(status, 'application/json; charset=utf-8', text, headers);
  }

  /** A /v1 error: `{error: {code, message, …}}`. */
  error(
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): void {
    this.record.refused ??= code;
    this.json(status, { error: { code, message, ...extra } }, headers);
  }

  /** An answer shaped like WeChat's: always HTTP 200, the outcome in the body. */
  wechat(body: Record<string, unknown>): void {
    if (typeof body.errcode === 'number' && body.errcode !== 0) this.record.errcode = body.errcode;
    this.send(200, WECHAT_CONTENT_TYPE, JSON.stringify(body), {});
  }

  /** A WeChat-shaped error with a refusal reason for the history. */
  wechatError(errcode: number, errmsg: string, refused?: string): void {
    if (refused) this.record.refused = refused;
    this.wechat({ errcode, errmsg });
  }

  text(status: number, body: string, refused: string, headers: Record<string, string> = {}): void {
    this.record.refused = refused;
    this.send(status, 'text/plain; charset=utf-8', body, headers);
  }

  private send(status: number, contentType: string, body: string, headers: Record<string, string>): void {
    if (this.sent) return;
    this.sent = true;
    // With its length known the answer goes out as one plain write, not chunked (writeHead fixes the framing).
    const headerList: string[] = [
      ...COMMON_HEADERS,
      'Content-Type',
      contentType,
      'Content-Length',
      String(Buffer.byteLength(body)),
    ];
    for (const name in headers) headerList.push(name, headers[name]!);
    this.response.writeHead(status, headerList).end(body);
    this.record.status = status;
    this.record.latencyMs = this.now() - this.record.at;
    try {
      this.source.recordRequest(this.record);
    } catch {
      // The history is a convenience; a failure to write it must not take the endpoint down.
    }
  }
}
