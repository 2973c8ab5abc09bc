import { isFollowed, type Account } from '../accounts/account-schema';
import type { AccountEvents } from '../accounts/account-service';
import type { Clock } from '../engine/clock';
import type { AccountDirectory } from '../engine/token-engine';
import { TypedEmitter } from '../events/typed-emitter';
import { UserError } from '../user-error';
import type { CachedToken, Vault } from '../vault/vault';
import { CentralTeamReader, RedisTeamReader, redisLocationOf, type TeamTokenReader } from './team-token-readers';
import { TokenFollower, type FollowState } from './token-follower';

/**
 * The token source of every followed account (team mode): one TokenFollower per account whose source is redis or
 * central, kept in step with the account list. The engine never sees these accounts (see `wechatSourcedAccounts`), so
 * nothing in TokenDesk can call WeChat's token endpoints for them; everything that hands out a token (the endpoint,
 * the CLI, the desk) asks this service for them instead.
 */

/** A followed token whose store states no expiry is handed out as valid this long, so callers come back soon. */
const UNKNOWN_EXPIRY_MS = 60_000;

export interface FollowedAccountEvents extends Record<string, unknown> {
  followChanged: { accountId: string; state: FollowState };
}

export interface FollowedAccountsOptions {
  accounts: AccountDirectory;
  vault: Vault;
  clock: Clock;
  fetch?: typeof fetch;
  pollMs?: number;
}

export class FollowedAccounts {
  readonly events = new TypedEmitter<FollowedAccountEvents>();
  private readonly followers = new Map<
    string,
    { follower: TokenFollower; account: Account; started: Promise<unknown> }
  >();
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly options: FollowedAccountsOptions) {}

  /** Follows every followed account now and as accounts are added, changed or removed. Only the refresher's host runs this. */
  start(): Promise<void> {
    const { events } = this.options.accounts;
    this.unsubscribe = [
      events.on('accountAdded', ({ account }) => this.sync(account)),
      events.on('accountUpdated', ({ account }) => this.sync(account)),
      events.on('accountRemoved', ({ accountId }) => this.drop(accountId)),
    ];
    this.options.accounts.list().forEach((account) => this.sync(account));
    return Promise.all([...this.followers.values()].map((entry) => entry.started)).then(() => undefined);
  }

  /** The follow state of a followed account (read once, without following, when nothing follows it yet). */
  async state(accountId: string): Promise<FollowState> {
    const entry = this.followers.get(accountId);
    if (entry) {
      await entry.started;
      return entry.follower.current();
    }
    const account = this.followedAccount(accountId);
    const reader = this.readerFor(account);
    try {
      return await new TokenFollower(reader, this.options.clock).refreshNow();
    } finally {
      reader.close();
    }
  }

  /** What the running follower knows now ('starting' before it first read, or where nothing follows the account). */
  currentState(accountId: string): FollowState {
    return this.followers.get(accountId)?.follower.current() ?? { status: 'starting' };
  }

  /** The token a running follower holds right now, if it can be handed out (the endpoint's fast path). */
  heldToken(accountId: string): CachedToken | undefined {
    const entry = this.followers.get(accountId);
    if (!entry) return undefined;
    try {
      return tokenOf(entry.account, entry.follower.current(), this.options.clock.now());
    } catch {
      return undefined;
    }
  }

  /** Whether the account's token comes from a team store (the engine does not know such accounts). */
  follows(accountId: string): boolean {
    const account = this.options.accounts.get(accountId);
    return account !== undefined && isFollowed(account);
  }

  /** The team's token as the desk hands it out; a UserError that says why when there is none to give. */
  async getToken(accountId: string): Promise<CachedToken> {
    const account = this.followedAccount(accountId);
    return tokenOf(account, await this.state(accountId), this.options.clock.now());
  }

  /**
   * A caller says the token failed (40001): re-read the store, never fetch. `refreshed` is true when the team server
   * has a different token by now.
   */
  async reportFailed(accountId: string, failedToken: string): Promise<{ token: CachedToken; refreshed: boolean }> {
    const account = this.followedAccount(accountId);
    const entry = this.followers.get(accountId);
    const state = entry ? await entry.follower.refreshNow() : await this.state(accountId);
    const token = tokenOf(account, state, this.options.clock.now());
    return { token, refreshed: token.accessToken !== failedToken };
  }

  /** Resolves once no follower has a read in flight (tests on a fake clock wait on this, never on time). */
  async settled(): Promise<void> {
    await Promise.all([...this.followers.values()].map((entry) => entry.started.then(() => entry.follower.settled())));
  }

  dispose(): void {
    this.unsubscribe.forEach((off) => off());
    [...this.followers.keys()].forEach((accountId) => this.drop(accountId));
  }

  private sync(account: Account): void {
    const existing = this.followers.get(account.id);
    if (existing && JSON.stringify(existing.account) === JSON.stringify(account)) return;
    this.drop(account.id);
    if (!isFollowed(account) || !account.follow) return;
    const follower = new TokenFollower(this.readerFor(account), this.options.clock, this.options.pollMs);
    follower.events.on('changed', (state) => this.events.emit('followChanged', { accountId: account.id, state }));
    this.followers.set(account.id, { follower, account, started: follower.start() });
  }

  private drop(accountId: string): void {
    this.followers.get(accountId)?.follower.stop();
    this.followers.delete(accountId);
  }

  private followedAccount(accountId: string): Account & { follow: NonNullable<Account['follow']> } {
    const account = this.options.accounts.get(accountId);
    if (!account) throw new UserError({ code: 'unknown-account', params: { accountId } });
    if (!isFollowed(account) || !account.follow) throw new Error(`Account ${accountId} is not a followed account.`);
    return account as Account & { follow: NonNullable<Account['follow']> };
  }

  private readerFor(account: Account): TeamTokenReader {
    const follow = account.follow!;
    const now = () => this.options.clock.now();
    if (follow.kind === 'central') return new CentralTeamReader(follow, now, this.options.fetch ?? fetch);
    return new RedisTeamReader(
      follow,
      redisLocationOf(follow, account),
      () => this.options.vault.getConnectionPassword(account.id),
      now,
    );
  }
}

/** The token a follow state allows handing out, or the reason there is none (each a message that says what to do). */
export function tokenOf(account: Account, state: FollowState, now: number): CachedToken {
  const source = account.follow?.kind === 'central' ? 'central service' : 'Redis';
  switch (state.status) {
    case 'live':
    case 'unreachable':
      if (state.token && (state.token.expiresAt === null || state.token.expiresAt > now)) {
        return {
          accessToken: state.token.accessToken,
          obtainedAt: state.token.seenAt,
          expiresAt: state.token.expiresAt ?? now + UNKNOWN_EXPIRY_MS,
          mode: account.tokenMode,
        };
      }
      if (state.status === 'unreachable') {
        throw new UserError({
          code: 'followed-source-unreachable',
          params: { source: `${source} ${state.where ?? ''}`.trim(), detail: state.detail ?? '' },
        });
      }
      throw new UserError({
        code: 'followed-token-expired',
        params: { key: state.where ?? '', at: state.token?.expiresAt ?? now },
      });
    case 'expired-by-team':
      throw new UserError({
        code: 'followed-token-expired',
        params: { key: state.where ?? '', at: state.expiredAt ?? now },
      });
    case 'missing':
    case 'starting':
      throw new UserError({ code: 'followed-token-missing', params: { key: state.where ?? '' } });
    case 'unexpected-format':
      throw new UserError({
        code: 'followed-unexpected-format',
        params: { key: state.where ?? '', reason: state.detail ?? '', sample: state.sample ?? '' },
      });
  }
}

/**
 * The account list as the engine must see it: WeChat-sourced accounts only. A followed account is invisible to the
 * engine (an account switched to followed reads as removed), so no schedule, demand or force refresh can ever call
 * WeChat's token endpoints for it.
 */
export function wechatSourcedAccounts(accounts: AccountDirectory): AccountDirectory {
  const events = new TypedEmitter<AccountEvents>();
  const followed = new Set(
    accounts
      .list()
      .filter(isFollowed)
      .map((account) => account.id),
  );
  accounts.events.on('accountAdded', (payload) => {
    if (isFollowed(payload.account)) followed.add(payload.account.id);
    else events.emit('accountAdded', payload);
  });
  accounts.events.on('accountUpdated', (payload) => {
    const { id } = payload.account;
    if (isFollowed(payload.account)) {
      if (!followed.has(id)) events.emit('accountRemoved', { accountId: id });
      followed.add(id);
    } else if (followed.delete(id)) {
      events.emit('accountAdded', { account: payload.account });
    } else {
      events.emit('accountUpdated', payload);
    }
  });
  accounts.events.on('accountRemoved', (payload) => {
    if (!followed.delete(payload.accountId)) events.emit('accountRemoved', payload);
  });
  return {
    list: () => accounts.list().filter((account) => !isFollowed(account)),
    get: (accountId) => {
      const account = accounts.get(accountId);
      return account && !isFollowed(account) ? account : undefined;
    },
    events,
  };
}
