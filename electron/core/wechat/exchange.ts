/**
 * One HTTP round trip to WeChat, turned into an Exchange that never throws and never carries a secret: every failure
 * (network, timeout, HTML error page, bad JSON, WeChat's HTTP-200 errors, missing fields) becomes an Outcome.
 */
import { randomUUID } from 'node:crypto';
import { lookupError, parseErrorFacts, parseRid, type ErrorFamily } from './catalogue';
import type { HttpAnswer, HttpSend } from './http-send';
import { classifyNetworkError } from './network-error';
import { redactJsonBody, redactUrl, scrubJsonSecrets, scrubSecrets } from './redact';
import { mayCarryCredentials } from './transport-security';
import type { ErrorContext, Exchange, Outcome, RedactedRequest, WeChatCall } from './types';

export interface ExchangeSpec<TResult> {
  call: WeChatCall;
  family: ErrorFamily;
  /** Whether an error here comes from fetching a token (40001 = wrong secret) or from using one (40001 = stale token). */
  errorContext: ErrorContext;
  method: 'GET' | 'POST';
  url: string;
  /** JSON text to send (POST only). */
  body?: string;
  /** Credential values this request carries, scrubbed from any free text the exchange keeps. */
  secrets: readonly string[];
  /** The typed result from a success body, or undefined when a promised field is missing. */
  readResult: (json: Record<string, unknown>) => TResult | undefined;
  /** Names the fields readResult needs, for the `missing-fields` message. */
  expectedFields: string;
  /** Rewrites a response body that can echo credentials back (rid/get returns the original request). */
  redactResponse?: (json: Record<string, unknown>) => Record<string, unknown>;
}

export interface TransportOptions {
  /** Puts the request on the wire (http-send.ts: undici's request by default; anything fetch-shaped fits). */
  fetch: HttpSend;
  timeoutMs: number;
  now: () => number;
  /** Aborts the request besides the timeout. */
  signal?: AbortSignal;
}

const HTML_START = /^\s*<(?:!doctype|html|head|body|title|center|h1|\?xml)/i;

/** What an exchange says besides its identity and timing. */
type ExchangeParts<TResult> = Omit<
  Exchange<TResult>,
  'id' | 'call' | 'request' | 'startedAt' | 'finishedAt' | 'latencyMs'
>;

export async function runExchange<TResult>(
  spec: ExchangeSpec<TResult>,
  transport: TransportOptions,
): Promise<Exchange<TResult>> {
  const startedAt = transport.now();
  const request: RedactedRequest = { method: spec.method, url: redactUrl(spec.url) };
  if (spec.body !== undefined) request.body = redactJsonBody(spec.body);
  const scrub = (text: string) => scrubSecrets(text, spec.secrets);

  const finish = (parts: ExchangeParts<TResult>): Exchange<TResult> => {
    const finishedAt = transport.now();
    return {
      id: randomUUID(),
      call: spec.call,
      request,
      ...parts,
      startedAt,
      finishedAt,
      latencyMs: finishedAt - startedAt,
    };
  };
  const networkError = (error: unknown): Outcome => {
    const { reason, message } = classifyNetworkError(error);
    return { kind: 'network-error', reason, message: scrub(message) };
  };

  if (spec.secrets.some((secret) => secret.length > 0) && !mayCarryCredentials(spec.url)) {
    return finish({ outcome: { kind: 'network-error', reason: 'insecure', message: insecureDestination(spec.url) } });
  }

  const abort = requestAbort(transport.timeoutMs, transport.signal);
  try {
    return await sendAndRead(spec, transport, abort.signal, finish, networkError);
  } finally {
    abort.release();
  }
}

/**
 * The request's signal: aborted by the caller's signal or, as `AbortSignal.timeout` would, with a `TimeoutError`
 * once `timeoutMs` pass (connect, headers and body). Built by hand: `AbortSignal.any` + `AbortSignal.timeout` cost
 * ~30 µs a request in Node 20 and keep each timer and signal alive for the whole timeout after the answer came.
 */
function requestAbort(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** The request, then its answer read and classified into an Outcome. */
async function sendAndRead<TResult>(
  spec: ExchangeSpec<TResult>,
  transport: TransportOptions,
  signal: AbortSignal,
  finish: (parts: ExchangeParts<TResult>) => Exchange<TResult>,
  networkError: (error: unknown) => Outcome,
): Promise<Exchange<TResult>> {
  const scrub = (text: string) => scrubSecrets(text, spec.secrets);
  let response: HttpAnswer;
  try {
    response = await transport.fetch(spec.url, {
      method: spec.method,
      headers: spec.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: spec.body,
      signal,
    });
  } catch (error) {
    return finish({ outcome: networkError(error) });
  }

  const status = response.status;
  const serverDate = response.headers.get('date') ?? undefined;
  let rawText: string;
  try {
    rawText = await response.text();
  } catch (error) {
    // The headers arrived but the connection died (or the timeout fired) while the body was streaming.
    return finish({ status, serverDate, outcome: networkError(error) });
  }

  const base = { status, serverDate, bodyText: scrub(rawText) };
  const contentType = response.headers.get('content-type') ?? '';
  if (HTML_START.test(rawText) || contentType.includes('text/html')) {
    return finish({ ...base, outcome: badResponse('html', `HTTP ${status}: an HTML page came back instead of JSON`) });
  }

  let received: unknown;
  try {
    received = JSON.parse(rawText);
  } catch {
    return finish({
      ...base,
      outcome: badResponse('not-json', `HTTP ${status}: the body (${rawText.length} characters) is not JSON`),
    });
  }
  // Everything below (the stored JSON, errmsg, the facts read from it, the result) comes from the scrubbed copy: an
  // echoed credential may hide in any string, or be spelled with JSON escapes the raw-text scrub above can't see.
  const parsed = scrubJsonSecrets(received, spec.secrets);
  const parsedText = parsed === received ? base.bodyText : JSON.stringify(parsed);
  if (!isRecord(parsed)) {
    return finish({
      ...base,
      bodyText: parsedText,
      json: parsed,
      outcome: badResponse('missing-fields', `HTTP ${status}: the body is JSON but not an object`),
    });
  }

  const json = spec.redactResponse ? spec.redactResponse(parsed) : parsed;
  const shown = { ...base, bodyText: json === parsed ? parsedText : JSON.stringify(json), json };
  const errcode = json.errcode;
  if (typeof errcode === 'number' && errcode !== 0) {
    const errmsg = typeof json.errmsg === 'string' ? json.errmsg : '';
    const entry = lookupError(errcode, spec.family, spec.errorContext);
    const outcome: Outcome = {
      kind: 'wechat-error',
      errcode,
      errmsg,
      rid: parseRid(errmsg),
      entry,
      facts: parseErrorFacts(errcode, errmsg),
    };
    return finish({ ...shown, outcome });
  }
  if (status < 200 || status > 299) {
    return finish({
      ...shown,
      outcome: badResponse('http-status', `HTTP ${status} with a JSON body that carries no errcode`),
    });
  }

  const result = spec.readResult(json);
  if (result === undefined) {
    return finish({ ...shown, outcome: badResponse('missing-fields', `The response lacks ${spec.expectedFields}`) });
  }
  return finish({ ...shown, outcome: { kind: 'ok' }, result });
}

function insecureDestination(url: string): string {
  const host = URL.canParse(url) ? new URL(url).host : 'this address';
  return `Not sent: ${host} would be reached over plain http://, so the credential would cross the network unencrypted. Use an https:// base URL (plain http:// is only for this machine, e.g. a local proxy)`;
}

function badResponse(reason: 'not-json' | 'html' | 'missing-fields' | 'http-status', message: string): Outcome {
  return { kind: 'bad-response', reason, message };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
