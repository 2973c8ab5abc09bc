import type { Redis } from 'ioredis';
import type { FollowCentral, FollowRedis } from '../accounts/account-schema';
import type { AccountKind } from '../wechat/types';
import { classifyRedisError, connectRedis, createRedisClient } from './redis-connection';
import { keysFor, type RedisTokenLocation } from './redis-formats';
import { readRedisToken } from './redis-token-store';
import { dbIndexOf } from './redis-url';

/**
 * One read of a team's token, wherever it lives. `found` carries nothing but the token and its timing; every failure
 * says which kind it is, so the follower can show "unreachable" apart from "the team let it expire".
 */
export type TeamRead =
  | { kind: 'found'; accessToken: string; expiresAt: number | null; keyExpiresAt: number | null; where: string }
  | { kind: 'missing'; where: string }
  | { kind: 'unexpected-format'; where: string; reason: string; sample: string }
  | { kind: 'unreachable'; where: string; detail: string };

export interface TeamTokenReader {
  /** Reads the token once. Never throws for a source problem: that is a TeamRead. */
  read(): Promise<TeamRead>;
  /**
   * Calls `onChange` when the source announces a change (Redis keyspace notifications, where the server has them on);
   * returns a function that stops watching. Sources without announcements return undefined: the follower polls.
   */
  watch(onChange: () => void): Promise<(() => void) | undefined>;
  close(): void;
}

export function redisLocationOf(
  follow: FollowRedis,
  account: { kind: AccountKind; appId: string },
): RedisTokenLocation {
  return {
    format: follow.format,
    kind: account.kind,
    appId: account.appId,
    keyPrefix: follow.keyPrefix,
    agentId: follow.agentId,
    keyTemplate: follow.keyTemplate,
    valueField: follow.valueField,
  };
}

/** Reads a token another program keeps in Redis, over one client that is rebuilt after a connection failure. */
export class RedisTeamReader implements TeamTokenReader {
  private client?: Redis;

  constructor(
    private readonly follow: FollowRedis,
    private readonly location: RedisTokenLocation,
    private readonly password: () => Promise<string | undefined>,
    private readonly now: () => number,
  ) {}

  async read(): Promise<TeamRead> {
    const where = this.follow.url;
    try {
      const client = await this.connected();
      const read = await readRedisToken(client, this.location, this.now);
      switch (read.kind) {
        case 'found':
          return {
            kind: 'found',
            accessToken: read.accessToken,
            expiresAt: read.expiresAt,
            keyExpiresAt: read.keyExpiresAt,
            where: read.keyShown,
          };
        case 'missing':
          return { kind: 'missing', where: read.keyShown };
        case 'unexpected-format':
          return { kind: 'unexpected-format', where: read.keyShown, reason: read.reason, sample: read.sample };
      }
    } catch (error) {
      this.drop();
      const kind = classifyRedisError(error);
      const detail = error instanceof Error ? error.message : String(error);
      return { kind: 'unreachable', where, detail: kind === 'other' ? detail : `${kind}: ${detail}` };
    }
  }

  async watch(onChange: () => void): Promise<(() => void) | undefined> {
    const keys = keysFor(this.location);
    const db = dbIndexOf(new URL(this.follow.url));
    const channel = `__keyspace@${db}__:${'key' in keys.token ? keys.token.key : keys.token.pattern}`;
    let subscriber: Redis | undefined;
    try {
      subscriber = createRedisClient(this.follow, await this.password());
      await connectRedis(subscriber);
      // Announcements only flow where the server has notify-keyspace-events on (K + string/generic/expired events).
      const [, flags] = ((await subscriber.config('GET', 'notify-keyspace-events')) as string[]) ?? [];
      if (!flags || !/K/.test(flags) || !/[A$]/.test(flags)) {
        subscriber.disconnect();
        return undefined;
      }
      subscriber.on('pmessage', () => onChange());
      subscriber.on('message', () => onChange());
      if ('key' in keys.token) await subscriber.subscribe(channel);
      else await subscriber.psubscribe(channel);
      const active = subscriber;
      return () => active.disconnect();
    } catch {
      // CONFIG may be refused (managed Redis, ACL): polling alone still notices a rotation within its interval.
      subscriber?.disconnect();
      return undefined;
    }
  }

  close(): void {
    this.drop();
  }

  private async connected(): Promise<Redis> {
    if (this.client) return this.client;
    const client = createRedisClient(this.follow, await this.password());
    try {
      await connectRedis(client);
    } catch (error) {
      client.disconnect();
      throw error;
    }
    this.client = client;
    return client;
  }

  private drop(): void {
    this.client?.disconnect();
    this.client = undefined;
  }
}

/**
 * Reads a team's central token service: a GET that answers like WeChat's /cgi-bin/token or /cgi-bin/stable_token
 * (`{access_token, expires_in}`), or with the token at a JSON field path the user gave.
 */
export class CentralTeamReader implements TeamTokenReader {
  constructor(
    private readonly follow: FollowCentral,
    private readonly now: () => number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async read(): Promise<TeamRead> {
    const where = new URL(this.follow.url).origin + new URL(this.follow.url).pathname;
    let body: unknown;
    const askedAt = this.now();
    try {
      const response = await this.fetchImpl(this.follow.url, { signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (!response.ok) return { kind: 'unreachable', where, detail: `HTTP ${response.status}` };
      body = JSON.parse(text) as unknown;
    } catch (error) {
      const detail =
        error instanceof SyntaxError
          ? 'the answer is not JSON'
          : error instanceof Error
            ? error.message
            : String(error);
      return error instanceof SyntaxError
        ? { kind: 'unexpected-format', where, reason: detail, sample: '(not JSON)' }
        : { kind: 'unreachable', where, detail };
    }
    const field = this.follow.tokenField;
    const token = field ? readPath(body, field) : isRecord(body) ? body.access_token : undefined;
    if (typeof token !== 'string' || token === '') {
      const errcode = isRecord(body) && typeof body.errcode === 'number' ? ` (errcode ${body.errcode})` : '';
      return {
        kind: 'unexpected-format',
        where,
        reason: `no access_token${field ? ` at ${field}` : ''}${errcode}`,
        sample: Object.keys(isRecord(body) ? body : {}).join(', ') || '(empty)',
      };
    }
    const expiresIn = isRecord(body) && typeof body.expires_in === 'number' ? body.expires_in : undefined;
    return {
      kind: 'found',
      accessToken: token,
      expiresAt: expiresIn !== undefined ? askedAt + expiresIn * 1000 : null,
      keyExpiresAt: null,
      where,
    };
  }

  async watch(): Promise<undefined> {
    return undefined;
  }

  close(): void {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((inner, part) => (isRecord(inner) ? inner[part] : undefined), value);
}
