/** Faults the fake can inject, scoped to an account and/or an endpoint, for the next N matching requests or always. */
import type { WeChatCall } from '../../electron/core/wechat/types';

/**
 * The fake's endpoints: the client's calls that have a route of their own, plus the business APIs. (The API console's
 * `api-call` and the IP probe reach existing routes, so they are counted under those.)
 */
export type FakeEndpoint =
  Exclude<WeChatCall, 'api-call' | 'ip-probe'> | 'menu-get' | 'user-get' | 'template-send' | 'wxacode-get';

export type FakeFault =
  /**
   * Answer with this errcode (HTTP 200, WeChat's or WeCom's errmsg form, 40164 with the caller's IP); `errmsg`
   * replaces the text, e.g. with terminal escape sequences an upstream should never get onto a terminal.
   */
  | { kind: 'errcode'; errcode: number; errmsg?: string }
  /** Wait this long (real milliseconds) before handling the request normally: with a shorter client timeout, a timeout. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without answering (the client sees ECONNRESET / "other side closed"). */
  | { kind: 'reset' }
  /** A gateway's HTML 502 page, as nginx sends when WeChat's backend is down. */
  | { kind: 'html-502' }
  /** HTTP 200 with truncated JSON. */
  | { kind: 'malformed-json' }
  /** HTTP 200 with valid JSON lacking the fields the endpoint promises (e.g. a token answer without access_token). */
  | { kind: 'missing-fields' }
  /**
   * A hostile or broken upstream echoing the credentials it received (secret, corpsecret, appsecret, access_token)
   * in `errmsg`, `msg`, nested fields, a key and a JSON-escaped string: with `errcode`, an error; without, a token
   * answer that otherwise looks like a success.
   */
  | { kind: 'echo-credentials'; errcode?: number };

export interface FaultScope {
  /** Only requests for this AppID / CorpID (the appid sent, or the owner of the access_token sent). */
  account?: string;
  endpoint?: FakeEndpoint;
  /** How many matching requests get the fault; default 1; 'always' until clearFaults(). */
  times?: number | 'always';
}

interface FaultRule {
  fault: FakeFault;
  account?: string;
  endpoint?: FakeEndpoint;
  remaining: number;
}

export class FaultBook {
  private rules: FaultRule[] = [];

  add(fault: FakeFault, scope: FaultScope = {}): void {
    const times = scope.times ?? 1;
    const remaining = times === 'always' ? Infinity : times;
    if (!(remaining > 0)) throw new Error(`fault times must be a positive number or 'always', got ${String(times)}`);
    this.rules.push({ fault, account: scope.account, endpoint: scope.endpoint, remaining });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching this request, consuming one of its uses (rules apply in the order they were added). */
  take(endpoint: FakeEndpoint, account: string | undefined): FakeFault | undefined {
    const rule = this.rules.find(
      (candidate) =>
        (candidate.endpoint === undefined || candidate.endpoint === endpoint) &&
        (candidate.account === undefined || candidate.account === account),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }
}

const FAULT_KINDS = new Set([
  'errcode',
  'delay',
  'reset',
  'html-502',
  'malformed-json',
  'missing-fields',
  'echo-credentials',
]);

/** Validates a fault received as JSON (control API, CLI). */
export function parseFault(value: unknown): FakeFault {
  if (typeof value !== 'object' || value === null) throw new Error('fault must be an object like {"kind":"reset"}');
  const { kind, errcode, errmsg, ms } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !FAULT_KINDS.has(kind))
    throw new Error(`fault kind must be one of ${[...FAULT_KINDS].join(', ')}`);
  if (kind === 'errcode') {
    if (typeof errcode !== 'number' || !Number.isInteger(errcode))
      throw new Error('an errcode fault needs an integer "errcode"');
    if (errmsg !== undefined && typeof errmsg !== 'string') throw new Error('an errcode fault\'s "errmsg" is text');
    return errmsg === undefined ? { kind, errcode } : { kind, errcode, errmsg };
  }
  if (kind === 'echo-credentials') {
    if (errcode === undefined) return { kind };
    if (typeof errcode !== 'number' || !Number.isInteger(errcode))
      throw new Error('an echo-credentials fault takes an optional integer "errcode"');
    return { kind, errcode };
  }
  if (kind === 'delay') {
    if (typeof ms !== 'number' || !(ms >= 0)) throw new Error('a delay fault needs "ms" ≥ 0');
    return { kind, ms };
  }
  return { kind } as FakeFault;
}
