import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Account } from '../accounts/account-schema';
import type { Clock } from '../engine/clock';
import { TypedEmitter } from '../events/typed-emitter';
import type { CachedToken, Vault } from '../vault/vault';
import { connectRedis, createRedisClient } from './redis-connection';
import { decodeValue, keysFor } from './redis-formats';
import { publishRedisToken } from './redis-token-store';
import { passwordIdOf, targetLocation, type PublishTarget, type PublishTargets } from './publish-targets';
import { POLL_MS } from './token-follower';

/**
 * Writes each token the desk manages into its publish targets as the target's SDK would (see redis-token-store.ts),
 * whenever the engine gets a new one, and watches the written key: when another writer puts a different token there
 * (a backend that fetched its own after all), the desk says so. Runs only in the refresher's host.
 */

export type PublishStatus =
  | { kind: 'written'; at: number; key: string; ttlSeconds: number }
  /** The SDK's own lock was held by another refresher: the desk did not write over its fetch. */
  | { kind: 'locked'; at: number; lockKey: string }
  /** Another writer changed the key since the desk wrote it. */
  | { kind: 'overwritten'; at: number; key: string }
  | { kind: 'failed'; at: number; detail: string };

export interface PublisherEvents extends Record<string, unknown> {
  published: { targetId: string; accountId: string; status: PublishStatus };
}

export interface TokenPublisherOptions {
  targets: PublishTargets;
  accounts: { get(accountId: string): Account | undefined };
  /** The token the desk holds for a managed account now. */
  heldToken(accountId: string): CachedToken | undefined;
  vault: Vault;
  clock: Clock;
  pollMs?: number;
}

export class TokenPublisher {
  readonly events = new TypedEmitter<PublisherEvents>();
  private readonly statuses = new Map<string, PublishStatus>();
  /** What the desk last wrote per target, to tell its own value from another writer's. */
  private readonly written = new Map<string, string>();
  private readonly clients = new Map<string, Redis>();
  private readonly lockValue = randomUUID();
  private cancelTimer?: () => void;
  private stopped = false;

  constructor(private readonly options: TokenPublisherOptions) {}

  /** Publishes every held token once, then keeps watching the written keys. */
  async start(): Promise<void> {
    const accountIds = new Set(this.options.targets.list().map((target) => target.accountId));
    await Promise.all([...accountIds].map((accountId) => this.publish(accountId)));
    this.schedule();
  }

  status(targetId: string): PublishStatus | undefined {
    return this.statuses.get(targetId);
  }

  /** The engine has a new token for the account: write it to each of the account's targets. */
  async publish(accountId: string): Promise<void> {
    const account = this.options.accounts.get(accountId);
    const token = this.options.heldToken(accountId);
    if (!account || !token) return;
    const now = this.options.clock.now();
    if (token.expiresAt <= now) return;
    await Promise.all(
      this.options.targets.list(accountId).map(async (target) => {
        try {
          const client = await this.client(target);
          const outcome = await publishRedisToken(client, targetLocation(target, account), token, now, this.lockValue);
          if (outcome.kind === 'written') {
            this.written.set(target.id, token.accessToken);
            this.record(target, { kind: 'written', at: now, key: outcome.key, ttlSeconds: outcome.ttlSeconds });
          } else {
            this.record(target, { kind: 'locked', at: now, lockKey: outcome.lockKey });
          }
        } catch (error) {
          this.dropClient(target.id);
          this.record(target, {
            kind: 'failed',
            at: now,
            detail: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
  }

  /** Reads each written key back: a token the desk did not write means another writer. */
  async checkWritten(): Promise<void> {
    for (const target of this.options.targets.list()) {
      const mine = this.written.get(target.id);
      const account = this.options.accounts.get(target.accountId);
      if (mine === undefined || !account) continue;
      const location = targetLocation(target, account);
      const keys = keysFor(location);
      if (!('key' in keys.token)) continue;
      try {
        const value = await (await this.client(target)).get(keys.token.key);
        let found: string | undefined;
        try {
          found = value === null ? undefined : decodeValue(location, value).accessToken;
        } catch {
          found = undefined;
        }
        if (value !== null && found !== mine) {
          this.written.delete(target.id);
          this.record(target, { kind: 'overwritten', at: this.options.clock.now(), key: keys.token.key });
        }
      } catch (error) {
        this.dropClient(target.id);
        this.record(target, {
          kind: 'failed',
          at: this.options.clock.now(),
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    [...this.clients.keys()].forEach((id) => this.dropClient(id));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancelTimer = this.options.clock.setTimer(() => {
      void this.checkWritten().finally(() => this.schedule());
    }, this.options.pollMs ?? POLL_MS);
  }

  private record(target: PublishTarget, status: PublishStatus): void {
    this.statuses.set(target.id, status);
    this.events.emit('published', { targetId: target.id, accountId: target.accountId, status });
  }

  private async client(target: PublishTarget): Promise<Redis> {
    const existing = this.clients.get(target.id);
    if (existing) return existing;
    const password = await this.options.vault.getConnectionPassword(passwordIdOf(target));
    const client = createRedisClient(target, password);
    try {
      await connectRedis(client);
    } catch (error) {
      client.disconnect();
      throw error;
    }
    this.clients.set(target.id, client);
    return client;
  }

  private dropClient(targetId: string): void {
    this.clients.get(targetId)?.disconnect();
    this.clients.delete(targetId);
  }
}
