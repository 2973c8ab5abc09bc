import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndpointExchange } from './exchange';
import { isLoopbackHost } from './loopback-host';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { getTokenRoute, refreshTokenRoute } from './token-routes';
import type { TokenSource } from './token-source';
import { classicTokenRoute, stableTokenRoute, wecomTokenRoute } from './wechat-routes';

import { DEFAULT_ENDPOINT_PORT } from './endpoint-port';

export { DEFAULT_ENDPOINT_PORT };
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 100, burst: 200 };
/** For requests that don't show who they are: enough for someone fixing a script's key, not for a flood. */
export const DEFAULT_UNAUTHENTICATED_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 20 };
/**
 * A client gets this long to send its headers, and its whole request. Node checks these deadlines only every
 * `connectionsCheckingInterval` (30 s by default), so a client trickling a byte a second outlived them by far: the
 * check runs every second here.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** The only addresses the endpoint may listen on. */
export type LoopbackAddress = '127.0.0.1' | '::1';
const LOOPBACK_ADDRESSES: readonly LoopbackAddress[] = ['127.0.0.1', '::1'];

export interface LocalEndpointOptions {
  source: TokenSource;
  /** Default 17878; 0 picks a free port (the same one on every address). */
  port?: number;
  /** Default both loopback addresses; an address the machine lacks (no IPv6) is skipped and reported. */
  addresses?: readonly LoopbackAddress[];
  /** The budget of callers that show who they are: the local key, or the AppID of a known account (WeChat routes). */
  rateLimit?: RateLimit;
  /** The budget of everyone else, kept apart so that a keyless flood never turns keyed callers away. */
  unauthenticatedRateLimit?: RateLimit;
  maxBodyBytes?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Epoch-ms clock (tests inject one). */
  now?: () => number;
}

export interface LocalEndpoint {
  port: number;
  /** The addresses actually listened on. */
  addresses: LoopbackAddress[];
  /** Addresses that could not be bound, with the reason (e.g. IPv6 disabled on this machine). */
  skipped: { address: LoopbackAddress; reason: string }[];
  close(): Promise<void>;
}

/** Raised when the port is taken: the message says what to do. */
export class EndpointPortInUseError extends Error {
  override readonly name = 'EndpointPortInUseError';
  constructor(
    readonly port: number,
    readonly address: string,
  ) {
    super(
      `Port ${port} is already in use on ${address}. Stop what uses it, or choose another port (Settings, or --port).`,
    );
  }
}

/**
 * Starts the local token endpoint on loopback only. It is stateless: tokens, secrets, the local key and the history
 * all live behind `source`. Every request is checked in this order: Host is a loopback name (DNS rebinding) → the
 * budget of its kind of caller (a /v1 request with the local key, checked in memory, or without it; a WeChat-shaped
 * route once it names its AppID, before the keychain is asked) → route → authentication.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const addresses = options.addresses ?? LOOPBACK_ADDRESSES;
  for (const address of addresses) {
    if (!LOOPBACK_ADDRESSES.includes(address))
      throw new Error(`The local endpoint listens on loopback only, not ${String(address)}.`);
  }
  const now = options.now ?? Date.now;
  const keyed = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const unauthenticated = new RateLimiter(options.unauthenticatedRateLimit ?? DEFAULT_UNAUTHENTICATED_RATE_LIMIT, now);
  const limiters = { keyed, unauthenticated };
  const context = {
    source: options.source,
    now,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    // A WeChat-shaped request names an account before its secret is looked up in the keychain (the costly part).
    admit: (namesKnownAccount: boolean) => (namesKnownAccount ? keyed : unauthenticated).take(),
  };
  const timeouts = {
    headersTimeout: options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
  const requestedPort = options.port ?? DEFAULT_ENDPOINT_PORT;
  // `port` is read by the Host check; set once the servers are bound.
  const deps: RouteDeps = { context, limiters, port: requestedPort };
  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const exchange = new EndpointExchange(request, response, options.source, now);
    // A route that throws (a bug, or a source failing unexpectedly) gets an answer without details, not a crash.
    try {
      route(exchange, deps)?.catch(() => internalError(exchange));
    } catch {
      internalError(exchange);
    }
  };

  // With port 0, the port the first address got may be taken on the second: pick again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      const bound = await bindAll(handle, addresses, requestedPort, timeouts);
      deps.port = bound.port;
      return {
        port: bound.port,
        addresses: bound.addresses,
        skipped: bound.skipped,
        close: () => Promise.all(bound.servers.map(closeServer)).then(() => undefined),
      };
    } catch (error) {
      if (!(error instanceof EndpointPortInUseError && requestedPort === 0 && attempt < 5)) throw error;
    }
  }
}

async function bindAll(
  handle: http.RequestListener,
  addresses: readonly LoopbackAddress[],
  requestedPort: number,
  timeouts: { headersTimeout: number; requestTimeout: number },
) {
  const servers: http.Server[] = [];
  const bound: LoopbackAddress[] = [];
  const skipped: LocalEndpoint['skipped'] = [];
  let port = requestedPort;
  try {
    for (const address of addresses) {
      const server = http.createServer(
        {
          ...timeouts,
          connectionsCheckingInterval: Math.min(CONNECTIONS_CHECKING_INTERVAL_MS, timeouts.headersTimeout),
        },
        handle,
      );
      try {
        await listen(server, port, address);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (address === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) {
          skipped.push({ address, reason: `IPv6 loopback is not available on this machine (${code})` });
          continue;
        }
        if (code === 'EADDRINUSE') throw new EndpointPortInUseError(port, address);
        throw error;
      }
      // With port 0 the first address picks the port; the others must use the same one.
      port = (server.address() as AddressInfo).port;
      servers.push(server);
      bound.push(address);
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  return { port, addresses: bound, skipped, servers };
}

function internalError(exchange: EndpointExchange): void {
  exchange.error(500, 'internal', 'TokenDesk hit an internal error; see its log.');
}

interface RouteDeps {
  context: {
    source: TokenSource;
    now: () => number;
    maxBodyBytes: number;
    admit: (namesKnownAccount: boolean) => boolean;
  };
  limiters: { keyed: RateLimiter; unauthenticated: RateLimiter };
  port: number;
}

const TOKEN_PATH = /^\/v1\/tokens\/([^/]+)$/;
const REFRESH_PATH = /^\/v1\/tokens\/([^/]+)\/refresh$/;

/** Synchronous up to the point a route needs I/O, so a token the engine holds is answered without an extra tick. */
function route(exchange: EndpointExchange, { context, limiters, port }: RouteDeps): void | Promise<void> {
  const { request } = exchange;
  if (!isLoopbackHost(request.headers.host, port)) {
    return exchange.text(421, 'The TokenDesk endpoint answers only to localhost, 127.0.0.1 and [::1].', 'host');
  }
  // Parsed by hand: new URL() would read a target like `//host/path` as a host, not a path.
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const pathname = queryStart === -1 ? target : target.slice(0, queryStart);
  const search = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const wechatShaped = pathname.startsWith('/cgi-bin/');

  // WeChat-shaped routes take from a budget once they know which account is named (see `context.admit`).
  if (!wechatShaped) {
    const limiter = exchange.presentsLocalKey() ? limiters.keyed : limiters.unauthenticated;
    if (!limiter.take())
      return exchange.error(
        429,
        'rate-limited',
        'Too many requests to the TokenDesk endpoint; retry in a second.',
        {},
        { 'Retry-After': '1' },
      );
  }

  switch (pathname) {
    case '/cgi-bin/token':
      return classicTokenRoute(exchange, context, new URLSearchParams(search));
    case '/cgi-bin/stable_token':
      return stableTokenRoute(exchange, context);
    case '/cgi-bin/gettoken':
      return wecomTokenRoute(exchange, context, new URLSearchParams(search));
  }

  const refresh = REFRESH_PATH.exec(pathname);
  const token = refresh ? undefined : TOKEN_PATH.exec(pathname);
  const alias = decodeAlias((refresh ?? token)?.[1]);
  if (alias === undefined)
    return exchange.error(404, 'not-found', 'No such route. Try GET /v1/tokens/<label or AppID>.');
  if (refresh) {
    if (request.method !== 'POST') return exchange.error(405, 'method-not-allowed', 'Use POST.', {}, { Allow: 'POST' });
    return refreshTokenRoute(exchange, context, alias);
  }
  if (request.method !== 'GET') return exchange.error(405, 'method-not-allowed', 'Use GET.', {}, { Allow: 'GET' });
  return getTokenRoute(exchange, context, alias);
}

function decodeAlias(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function listen(server: http.Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: address, ipv6Only: address === '::1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
