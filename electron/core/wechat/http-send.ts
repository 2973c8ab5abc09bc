/**
 * How the WeChat client and the API console put a request on the wire. `HttpSend` is the narrow shape they need (a
 * status, two headers, the body as text or bytes); `fetch` fits it, so tests can still hand in a fetch-shaped fake or
 * wrapper.
 *
 * The default is undici's `request` rather than the global `fetch` (which is undici too, behind the WHATWG
 * Request/Response/stream layers): the same connection pool and error codes for about a third of the CPU per call —
 * measured in the engine bench, a fetch cost ~0.45 ms of this process's CPU and `request` ~0.17 ms, more than all the
 * engine's own bookkeeping per token. With 1,000 accounts refreshing at start that is the difference the desk feels.
 */
import { createRequire } from 'node:module';

type Undici = typeof import('undici');
let undici: Undici | undefined;
/**
 * undici takes ~140 ms to load, more than the rest of a CLI command's start: it is loaded when the first request goes
 * out, so a command answered by the running refresher (or from the cache) never pays for it.
 */
const loadUndici = (): Undici => (undici ??= createRequire(import.meta.url)('undici') as Undici);

export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The console's answers may be binary (a QR code, a media file). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface HttpInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type HttpSend = (url: string, init: HttpInit) => Promise<HttpAnswer>;

export const undiciSend: HttpSend = async (url, init) => {
  const answer = await loadUndici().request(url, {
    method: init.method as 'GET' | 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  const headers = answer.headers;
  return {
    status: answer.statusCode,
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => answer.body.text(),
    arrayBuffer: () => answer.body.arrayBuffer(),
  };
};
