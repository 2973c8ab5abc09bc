/**
 * Classifies what `fetch` threw. Node's fetch (undici) wraps the real failure: `TypeError: fetch failed` whose `cause`
 * is the socket error (`ECONNREFUSED`, `UND_ERR_SOCKET`, a TLS error …), sometimes an AggregateError from
 * happy-eyeballs connection attempts. Aborts from AbortSignal.timeout() surface as a `TimeoutError` DOMException.
 */
import type { NetworkErrorReason } from './types';

const REASON_BY_CODE: Readonly<Record<string, NetworkErrorReason>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EPROTO: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
};

const TLS_CODE_PREFIXES = ['CERT_', 'ERR_TLS_', 'ERR_SSL_', 'ERR_OSSL_'];

export interface ClassifiedNetworkError {
  reason: NetworkErrorReason;
  message: string;
}

/** The most specific reason found anywhere in the error's cause chain, and a message naming that error. */
export function classifyNetworkError(error: unknown): ClassifiedNetworkError {
  const chain = errorChain(error);
  for (const link of chain) {
    const reason = reasonOf(link);
    if (reason) return { reason, message: describe(link) };
  }
  return { reason: 'other', message: describe(chain[chain.length - 1] ?? error) };
}

function reasonOf(error: unknown): NetworkErrorReason | undefined {
  if (!isObject(error)) return undefined;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (!code) return undefined;
  return REASON_BY_CODE[code] ?? (TLS_CODE_PREFIXES.some((prefix) => code.startsWith(prefix)) ? 'tls' : undefined);
}

/** The error, its causes, and the members of any AggregateError along the way (breadth-first, cycle-safe). */
function errorChain(error: unknown): unknown[] {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  const chain: unknown[] = [];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    chain.push(current);
    if (isObject(current)) {
      queue.push(current.cause);
      if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]));
    }
  }
  return chain;
}

function describe(error: unknown): string {
  if (!isObject(error)) return String(error);
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' && error.message ? error.message : String(error.name ?? 'Error');
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
