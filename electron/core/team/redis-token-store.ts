import type { Redis } from 'ioredis';
import {
  decodeExpiresAt,
  decodeValue,
  displayKey,
  encodeValue,
  expiresAtOf,
  keysFor,
  UnexpectedValueError,
  type RedisTokenLocation,
} from './redis-formats';
import {
  classifyRedisError,
  connectRedis,
  tcpReachable,
  type RedisConnection,
  type RedisFailureKind,
} from './redis-connection';

/**
 * Reading a team's token out of Redis (and writing the desk's into it) with one GET + PTTL round trip. The key is
 * resolved per format (exact, or a SCAN pattern for EasyWeChat); what is returned never holds more than the token.
 */

export type RedisRead =
  | {
      kind: 'found';
      /** The key that held it, fit to show (EasyWeChat's secret part masked). */
      keyShown: string;
      accessToken: string;
      /** When WeChat stops accepting it (epoch ms); null when neither TTL nor value says. */
      expiresAt: number | null;
      /** When the key itself disappears (epoch ms): the team server's refresh point; null without a TTL. */
      keyExpiresAt: number | null;
    }
  | { kind: 'missing'; keyShown: string }
  | { kind: 'unexpected-format'; keyShown: string; reason: string; sample: string };

export async function readRedisToken(
  redis: Redis,
  location: RedisTokenLocation,
  now: () => number,
): Promise<RedisRead> {
  const keys = keysFor(location);
  const key = 'key' in keys.token ? keys.token.key : await findByPattern(redis, keys.token.pattern);
  const keyShown = displayKey(location, key ?? ('pattern' in keys.token ? keys.token.pattern : ''));
  if (key === undefined) return { kind: 'missing', keyShown };
  const type = await redis.type(key);
  if (type === 'none') return { kind: 'missing', keyShown };
  if (type !== 'string') {
    return {
      kind: 'unexpected-format',
      keyShown,
      reason: `the key holds a Redis ${type}, not a string`,
      sample: `(a ${type})`,
    };
  }
  const pipeline = redis.multi().get(key).pttl(key);
  if (keys.expiresAtKey) pipeline.get(keys.expiresAtKey);
  const replies = (await pipeline.exec()) ?? [];
  const value = replies[0]?.[1] as string | null;
  const pttl = replies[1]?.[1] as number;
  if (value === null) return { kind: 'missing', keyShown };
  const readAt = now();
  try {
    const decoded = decodeValue(location, value);
    const stated = keys.expiresAtKey ? decodeExpiresAt((replies[2]?.[1] as string | null) ?? null) : null;
    const withStated = stated !== null ? { ...decoded, statedExpiresAt: stated } : decoded;
    return {
      kind: 'found',
      keyShown,
      accessToken: decoded.accessToken,
      expiresAt: expiresAtOf(location, withStated, pttl, readAt),
      keyExpiresAt: pttl >= 0 ? readAt + pttl : null,
    };
  } catch (error) {
    if (error instanceof UnexpectedValueError) {
      return { kind: 'unexpected-format', keyShown, reason: error.reason, sample: error.sample };
    }
    throw error;
  }
}

/**
 * The one key a SCAN pattern matches. Where several do (a stale key beside the live one), the one that lives longest
 * is the token the team server wrote last.
 */
async function findByPattern(redis: Redis, pattern: string): Promise<string | undefined> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    batch.forEach((key) => found.add(key));
    cursor = next;
  } while (cursor !== '0');
  if (found.size <= 1) return [...found][0];
  const ttls = await Promise.all([...found].map(async (key) => ({ key, pttl: await redis.pttl(key) })));
  return ttls.sort((a, b) => ttlRank(b.pttl) - ttlRank(a.pttl))[0]?.key;
}

function ttlRank(pttl: number): number {
  return pttl === -1 ? Number.MAX_SAFE_INTEGER : pttl;
}

export type ConnectionTestResult =
  | { kind: 'ok'; keyShown: string; expiresAt: number | null; tokenPreview: string }
  | { kind: 'key-missing'; keyShown: string }
  | { kind: 'unexpected-format'; keyShown: string; reason: string; sample: string }
  | { kind: RedisFailureKind; message: string };

/** Connects and reads once, telling apart every way it can go wrong; never throws. Closes the client. */
export async function testRedisConnection(
  redis: Redis,
  connection: Pick<RedisConnection, 'url'>,
  location: RedisTokenLocation,
  now: () => number,
): Promise<ConnectionTestResult> {
  try {
    await connectRedis(redis);
    const read = await readRedisToken(redis, location, now);
    switch (read.kind) {
      case 'found':
        return {
          kind: 'ok',
          keyShown: read.keyShown,
          expiresAt: read.expiresAt,
          tokenPreview: `${read.accessToken.slice(0, 6)}…`,
        };
      case 'missing':
        return { kind: 'key-missing', keyShown: read.keyShown };
      case 'unexpected-format':
        return read;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = classifyRedisError(error);
    if (kind === 'unreachable' && connection.url.startsWith('rediss:') && (await tcpReachable(connection))) {
      return {
        kind: 'tls-error',
        message: `The port answers but no TLS handshake completed (${message}): is it a plain redis:// port?`,
      };
    }
    return { kind, message };
  } finally {
    redis.disconnect();
  }
}

export type PublishOutcome =
  | { kind: 'written'; key: string; ttlSeconds: number }
  /** Another refresher holds the SDK's lock right now: the desk does not write over a fetch in progress. */
  | { kind: 'locked'; lockKey: string };

/** WxJava's RedisTemplateSimpleDistributedLock lease: SET NX PX 60000. */
const LOCK_LEASE_MS = 60_000;
const RELEASE_IF_OURS =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Writes the desk's token as the SDK would, under the SDK's own lock where it has one (taken with a random value and
 * released only if still ours, as RedisTemplateSimpleDistributedLock does), so a backend on that SDK reads it instead
 * of fetching its own. wechatpy's companion expires_at key is written too.
 */
export async function publishRedisToken(
  redis: Redis,
  location: RedisTokenLocation,
  token: { accessToken: string; expiresAt: number },
  now: number,
  lockValue: string,
): Promise<PublishOutcome> {
  const keys = keysFor(location);
  if (!('key' in keys.token)) {
    throw new Error('Publishing needs an exact key: give the key template (without *) for this format.');
  }
  const key = keys.token.key;
  const encoded = encodeValue(location, token.accessToken, Math.floor((token.expiresAt - now) / 1000));
  if (keys.lockKey) {
    const taken = await redis.set(keys.lockKey, lockValue, 'PX', LOCK_LEASE_MS, 'NX');
    if (taken !== 'OK') return { kind: 'locked', lockKey: keys.lockKey };
  }
  try {
    const write = redis.multi().set(key, encoded.value, 'EX', encoded.ttlSeconds);
    if (keys.expiresAtKey) write.set(keys.expiresAtKey, String(Math.floor(token.expiresAt / 1000)));
    await write.exec();
  } finally {
    if (keys.lockKey) await redis.eval(RELEASE_IF_OURS, 1, keys.lockKey, lockValue);
  }
  return { kind: 'written', key, ttlSeconds: encoded.ttlSeconds };
}
