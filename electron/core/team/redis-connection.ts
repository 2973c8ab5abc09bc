import { createRequire } from 'node:module';
import net from 'node:net';
import type { Redis, RedisOptions } from 'ioredis';
import { dbIndexOf } from './redis-url';

const DEFAULT_PORT = 6379;

type Ioredis = typeof import('ioredis');
let ioredis: Ioredis | undefined;
/** ioredis takes ~90 ms to load: only a desk that talks to a team's Redis pays for it, when it first does. */
const loadIoredis = (): Ioredis => (ioredis ??= createRequire(import.meta.url)('ioredis') as Ioredis);

/**
 * A Redis server the desk reads a team's token from, or publishes into: `redis://` or `rediss://` (TLS), an optional
 * ACL username, a db index. The password is never part of this stored shape: `splitRedisUrl` takes it out of a URL so
 * the caller can put it in the keychain.
 */
export interface RedisConnection {
  /** The URL without any password: `redis[s]://[user@]host:port[/db]`. */
  url: string;
  /** True when a password for this connection sits in the keychain. */
  hasPassword: boolean;
}

export interface OpenOptions {
  /** Milliseconds to wait for the TCP (and TLS) connection. */
  connectTimeoutMs?: number;
}

/**
 * An ioredis client that fails fast instead of retrying forever: the desk reports "unreachable" and tries again on its
 * own schedule. `lazyConnect` so `connect()` rejects with the real cause (refused, TLS, auth) for testConnection.
 */
export function createRedisClient(
  connection: Pick<RedisConnection, 'url'>,
  password: string | undefined,
  options: OpenOptions = {},
): Redis {
  const url = new URL(connection.url);
  const redisOptions: RedisOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    db: dbIndexOf(url),
    connectTimeout: options.connectTimeoutMs ?? 5000,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // The desk never wants the "Unhandled error event" noise: errors reach callers through the rejected commands.
    showFriendlyErrorStack: false,
  };
  if (url.username) redisOptions.username = decodeURIComponent(url.username);
  if (password !== undefined) redisOptions.password = password;
  if (url.protocol === 'rediss:') {
    // SNI carries host names only (RFC 6066): an IP address gets none.
    redisOptions.tls = net.isIP(redisOptions.host!) ? {} : { servername: redisOptions.host };
  }
  const client = new (loadIoredis().Redis)(redisOptions);
  client.on('error', () => {
    // Reported through connect() and each command's rejection; the event itself would only crash a CLI process.
  });
  return client;
}

export type RedisFailureKind = 'unreachable' | 'auth-failed' | 'tls-error' | 'other';

/** Tells apart why talking to Redis failed, from the error ioredis or Node's socket gave. */
export function classifyRedisError(error: unknown): RedisFailureKind {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/WRONGPASS|NOAUTH|invalid (username-)?password|AUTH.*(no password|without any password)|NOPERM/i.test(message)) {
    return 'auth-failed';
  }
  if (
    /^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_OSSL)/.test(
      code,
    ) ||
    /SSL|TLS|certificate|wrong version number|packet length too long/i.test(message)
  ) {
    return 'tls-error';
  }
  if (
    /^(ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ECONNRESET|EPIPE)$/.test(code) ||
    // "Stream isn't writeable": ioredis found its connection already closed (the server went away between reads).
    /connect ETIMEDOUT|Connection is closed|ECONNREFUSED|getaddrinfo|Stream isn't writeable/i.test(message)
  ) {
    return 'unreachable';
  }
  return 'other';
}

/**
 * Connects and PINGs, rejecting with the real cause: ioredis rejects connect() with a bare "Connection is closed" and
 * reports why (WRONGPASS, NOAUTH, ECONNREFUSED, a TLS alert) only through its 'error' event.
 */
export async function connectRedis(client: Redis): Promise<void> {
  let cause: unknown;
  const remember = (error: unknown) => (cause ??= error);
  client.on('error', remember);
  try {
    await client.connect();
    // A PING proves AUTH and the db SELECT went through.
    await client.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    client.off('error', remember);
  }
}

/**
 * Whether a plain TCP connection to the host succeeds: when it does but TLS never completed, the port speaks plain
 * Redis (or something else), which is a TLS problem, not an unreachable server.
 */
export function tcpReachable(connection: Pick<RedisConnection, 'url'>, timeoutMs = 3000): Promise<boolean> {
  const url = new URL(connection.url);
  return new Promise((resolve) => {
    const socket = net.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : DEFAULT_PORT,
    });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
