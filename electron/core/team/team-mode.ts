import { isFollowed, type Account } from '../accounts/account-schema';
import type { AccountDraft, AccountView, FollowView, PublishTargetView, TeamSourceTest } from '../contract/views';
import type { Clock } from '../engine/clock';
import type { TokenEngine } from '../engine/token-engine';
import type { StoreBackend } from '../store/store-schema';
import { UserError } from '../user-error';
import type { Vault } from '../vault/vault';
import { tokenOf, type FollowedAccounts } from './followed-accounts';
import { checkFollow } from './follow-validation';
import { PublishTargets, targetKey, type PublishTargetInput } from './publish-targets';
import { createRedisClient } from './redis-connection';
import { FORMAT_NAMES } from './redis-formats';
import { testRedisConnection } from './redis-token-store';
import { CentralTeamReader, redisLocationOf } from './team-token-readers';
import type { FollowState } from './token-follower';
import { TokenPublisher, type PublishStatus } from './token-publisher';

/**
 * Team mode inside the desk's core: followed accounts' views and token calls (answered from the team store, never
 * from WeChat), and — in the refresher's host only — following them live and publishing managed tokens to Redis.
 */
export interface TeamModeOptions {
  followed: FollowedAccounts;
  engine: Pick<TokenEngine, 'heldToken' | 'events'>;
  accounts: { get(accountId: string): Account | undefined };
  store: StoreBackend;
  vault: Vault;
  clock: Clock;
}

export class TeamMode {
  readonly publishTargets: PublishTargets;
  private publisher?: TokenPublisher;
  private readonly unsubscribes: (() => void)[] = [];

  constructor(private readonly options: TeamModeOptions) {
    this.publishTargets = new PublishTargets(options.store, options.vault, () => options.clock.now());
  }

  /** The refresher's host: follow every followed account, and publish each new managed token. */
  async start(onFollowChanged: (accountId: string) => void): Promise<void> {
    const { followed, engine } = this.options;
    this.unsubscribes.push(followed.events.on('followChanged', ({ accountId }) => onFollowChanged(accountId)));
    await followed.start();
    const publisher = new TokenPublisher({
      targets: this.publishTargets,
      accounts: this.options.accounts,
      heldToken: (accountId) => engine.heldToken(accountId),
      vault: this.options.vault,
      clock: this.options.clock,
    });
    this.publisher = publisher;
    this.unsubscribes.push(publisher.events.on('published', ({ accountId }) => onFollowChanged(accountId)));
    this.unsubscribes.push(
      engine.events.on('tokenChanged', ({ accountId, token }) => {
        if (token) void publisher.publish(accountId);
      }),
    );
    await publisher.start();
  }

  dispose(): void {
    this.unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    this.publisher?.stop();
    this.options.followed.dispose();
  }

  /** Re-reads the team store (a get, or a refresh: a followed token is never fetched); a force refresh is refused. */
  async call(account: Account, kind: 'get' | 'refresh' | 'force'): Promise<void> {
    if (kind === 'force') throw new UserError({ code: 'followed-no-fetch', params: {} });
    const { followed } = this.options;
    // The view shows why there is no token (expired by the team, unreachable …): not an error of the call.
    await (kind === 'refresh' ? followed.reportFailed(account.id, '') : followed.getToken(account.id)).catch(
      (error: unknown) => {
        if (!(error instanceof UserError)) throw error;
      },
    );
  }

  /** "Test connection" for a draft's team source: one read, nothing saved, never a whole token in the answer. */
  async testSource(
    draft: Pick<AccountDraft, 'kind' | 'appId' | 'source' | 'follow'>,
    accountId?: string,
  ): Promise<TeamSourceTest> {
    const checked = checkFollow(draft.source ?? 'wechat', draft.follow);
    if (!checked.ok) return { kind: 'invalid', message: checked.message };
    const follow = checked.follow;
    if (!follow) return { kind: 'invalid', message: { code: 'follow-redis-needed', params: {} } };
    const now = () => this.options.clock.now();
    if (follow.kind === 'central') {
      const read = await new CentralTeamReader(follow, now).read();
      switch (read.kind) {
        case 'found':
          return { kind: 'ok', where: read.where, expiresAt: read.expiresAt, tokenPreview: preview(read.accessToken) };
        case 'missing':
          return { kind: 'key-missing', where: read.where };
        case 'unexpected-format':
          return { kind: 'unexpected-format', where: read.where, reason: read.reason, sample: read.sample };
        case 'unreachable':
          return { kind: 'unreachable', message: read.detail };
      }
    }
    const password =
      checked.connectionPassword ??
      (accountId ? await this.options.vault.getConnectionPassword(accountId).catch(() => undefined) : undefined);
    const result = await testRedisConnection(
      createRedisClient(follow, password),
      follow,
      redisLocationOf(follow, { kind: draft.kind, appId: draft.appId.trim() }),
      now,
    );
    switch (result.kind) {
      case 'ok':
        return { kind: 'ok', where: result.keyShown, expiresAt: result.expiresAt, tokenPreview: result.tokenPreview };
      case 'key-missing':
        return { kind: 'key-missing', where: result.keyShown };
      case 'unexpected-format':
        return { kind: 'unexpected-format', where: result.keyShown, reason: result.reason, sample: result.sample };
      default:
        return { kind: result.kind, message: result.message };
    }
  }

  /** Where a managed account's token is published, with the running publisher's last outcome per target. */
  publishView(account: Account): Pick<AccountView, 'publishTargets'> {
    const targets = this.publishTargets.list(account.id);
    if (targets.length === 0) return {};
    return {
      publishTargets: targets.map((target) => {
        const status = this.publisher?.status(target.id);
        return {
          id: target.id,
          url: target.url,
          format: FORMAT_NAMES[target.format],
          key: targetKey(target, account),
          ...(status ? { status: statusView(status) } : {}),
        };
      }),
    };
  }

  /** Adds a publish target, and writes the held token into it at once when the publisher runs. */
  async addPublishTarget(account: Account, input: PublishTargetInput): Promise<void> {
    if (isFollowed(account)) throw new UserError({ code: 'followed-no-fetch', params: {} });
    await this.publishTargets.add(account.id, input);
    await this.publisher?.publish(account.id);
  }

  /** What replaces the engine's part of a followed account's view. */
  viewParts(account: Account): Pick<AccountView, 'state' | 'token' | 'followStatus'> | undefined {
    if (!isFollowed(account)) return undefined;
    return followedViewParts(account, this.options.followed.currentState(account.id), this.options.clock.now());
  }
}

/** A followed account's state, token and follow badge, from its follower's state. */
export function followedViewParts(
  account: Account,
  state: FollowState,
  now: number,
): Pick<AccountView, 'state' | 'token' | 'followStatus'> {
  const follow: FollowView = {
    source: account.follow?.kind === 'redis' ? `Redis · ${FORMAT_NAMES[account.follow.format]}` : 'Central service',
    status: state.status,
    ...(state.where !== undefined ? { where: state.where } : {}),
    ...(state.rotatedAt !== undefined ? { rotatedAt: state.rotatedAt } : {}),
    ...(state.expiredAt !== undefined ? { expiredAt: state.expiredAt } : {}),
    ...(state.lastReadAt !== undefined ? { lastReadAt: state.lastReadAt } : {}),
    ...(state.detail !== undefined ? { detail: state.detail } : {}),
    ...(state.sample !== undefined ? { sample: state.sample } : {}),
  };
  const since = state.lastReadAt ?? now;
  try {
    const token = tokenOf(account, state, now);
    return {
      state: { status: 'valid', since },
      token: { value: token.accessToken, obtainedAt: token.obtainedAt, expiresAt: token.expiresAt, mode: token.mode },
      followStatus: follow,
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const status = state.status === 'expired-by-team' ? 'expired' : state.status === 'unreachable' ? 'error' : 'paused';
    return { state: { status, since, reason: error.coreMessage }, followStatus: follow };
  }
}

function preview(token: string): string {
  return `${token.slice(0, 6)}…`;
}

function statusView(status: PublishStatus): NonNullable<PublishTargetView['status']> {
  switch (status.kind) {
    case 'written':
      return { kind: 'written', at: status.at, ttlSeconds: status.ttlSeconds };
    case 'locked':
      return { kind: 'locked', at: status.at, lockKey: status.lockKey };
    case 'overwritten':
      return { kind: 'overwritten', at: status.at };
    case 'failed':
      return { kind: 'failed', at: status.at, detail: status.detail };
  }
}
