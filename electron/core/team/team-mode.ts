import { isFollowed, type Account } from '../accounts/account-schema';
import type { AccountView, FollowView } from '../contract/views';
import type { Clock } from '../engine/clock';
import type { TokenEngine } from '../engine/token-engine';
import type { StoreBackend } from '../store/store-schema';
import { UserError } from '../user-error';
import type { Vault } from '../vault/vault';
import { tokenOf, type FollowedAccounts } from './followed-accounts';
import { PublishTargets } from './publish-targets';
import { FORMAT_NAMES } from './redis-formats';
import type { FollowState } from './token-follower';
import { TokenPublisher } from './token-publisher';

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
    source:
      account.follow?.kind === 'redis' ? `Redis · ${FORMAT_NAMES[account.follow.format]}` : 'Central service',
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
