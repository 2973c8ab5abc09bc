import type { Account, TokenMode } from '../accounts/account-schema';
import type { AccountEvents } from '../accounts/account-service';
import { TypedEmitter } from '../events/typed-emitter';
import type { History } from '../history/history';
import type { ExchangeTrigger, HistoryEntry } from '../history/history-entry';
import { VaultUnavailableError, type CachedToken, type Vault } from '../vault/vault';
import type { WeChatClient } from '../wechat/client';
import type { Exchange, TokenResult, WeChatCall } from '../wechat/types';
import { deriveState, sameState, type AccountState, type Blocker } from './account-state';
import { backoffDelay } from './backoff';
import type { BlockStore } from './block-store';
import { systemClock, type Clock } from './clock';
import { clockSkewMs } from './clock-skew';
import { RefreshRefusedError, TokenUnavailableError } from './engine-errors';
import { classifyFailure } from './failure-policy';
import { expiringAt, recheckAfterUnchanged, refreshAt } from './refresh-timing';
import { Semaphore } from './semaphore';
import { WeChatGateway } from './wechat-gateway';

/** The WeChat calls the engine makes; a WeChatClient fits. */
export type TokenClient = Pick<WeChatClient, 'classicToken' | 'stableToken' | 'wecomToken' | 'checkToken'>;

/** Where accounts come from; an AccountService fits. */
export interface AccountDirectory {
  list(): Account[];
  get(accountId: string): Account | undefined;
  readonly events: {
    on<K extends keyof AccountEvents & string>(name: K, listener: (payload: AccountEvents[K]) => void): () => void;
  };
}

export interface EnginePolicy {
  /** The refresh margin is at most this fraction of a token's life. */
  maxMarginFraction: number;
  /** After a refresh answered with the token we already had, wait at least this long before asking again. */
  minRecheckMs: number;
  /**
   * At least this long between two token calls of one account that the engine makes by itself (schedule, demand):
   * a token WeChat (or a proxy) hands out with a tiny `expires_in` must not turn into a call storm.
   */
  minRefreshGapMs: number;
  /**
   * A reported token that a check found valid this recently is not checked again: a burst of callers who all saw the
   * same failure (a blip, a bug of theirs) costs WeChat one check, not one each.
   */
  reportRecheckMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Failed upstream token calls allowed per AppID per rolling hour. */
  failedCallsPerHour: number;
  forceRefreshMinGapMs: number;
  forceRefreshesPerDay: number;
  /** clear_quota(/v2) calls WeChat allows per AppID per month. */
  quotaClearsPerMonth: number;
  /** Upstream token calls in flight at once, across accounts (a start with 1,000 accounts must not open 1,000 sockets). */
  maxConcurrentFetches: number;
  /** The local clock is reported off (the account state's `clockSkewMs`) when WeChat's `Date` differs by this much. */
  clockSkewWarnMs: number;
}

export const DEFAULT_ENGINE_POLICY: EnginePolicy = {
  maxMarginFraction: 0.5,
  minRecheckMs: 10_000,
  minRefreshGapMs: 30_000,
  reportRecheckMs: 10_000,
  backoffBaseMs: 10_000,
  backoffMaxMs: 15 * 60_000,
  failedCallsPerHour: 12,
  forceRefreshMinGapMs: 30_000,
  forceRefreshesPerDay: 20,
  quotaClearsPerMonth: 10,
  maxConcurrentFetches: 8,
  clockSkewWarnMs: 30_000,
};

export interface TokenEngineOptions {
  client: TokenClient;
  accounts: AccountDirectory;
  vault: Vault;
  history: History;
  /** The blocks shared by every process on the data dir (`BlockStore.inDataDir(dataDir)`). */
  blocks: BlockStore;
  clock?: Clock;
  /** [0, 1) for backoff jitter. */
  random?: () => number;
  /** The margin of accounts that don't set one; read on every use so a settings change applies at once. Default 300. */
  defaultMarginSeconds?: () => number;
  policy?: Partial<EnginePolicy>;
}

export interface EngineEvents extends Record<string, unknown> {
  stateChanged: { accountId: string; state: AccountState };
  /** A new token (or new expiry), or null when the held token was dropped (refused by WeChat, credentials changed). */
  tokenChanged: { accountId: string; token: CachedToken | null };
  /** Something was added to the account's history: an exchange (redacted) or a refreshed-elsewhere note. */
  exchange: { accountId: string; entry: HistoryEntry };
}

export interface RiskConfirmation {
  /** "Yes, I know this invalidates the token other servers using this AppID hold." */
  confirmProductionRisk?: boolean;
}

export type CheckVerdict =
  | 'valid'
  /** WeChat refused our token while it should have been valid: someone else refreshed it. */
  | 'refreshed-elsewhere'
  /** WeChat says it expired (42001): dropped. */
  | 'expired'
  /** Some other failure (network, IP whitelist …): the token is kept; see the exchange. */
  | 'failed';

/**
 * What the scheduler is told when deadlines moved: `runNow` when work may be due at once (an account added or
 * changed, a token dropped), else only this account's next wake-up changed (a fetch ended).
 */
export interface ScheduleChange {
  accountId?: string;
  runNow: boolean;
}

/** WeChat's answers to a call made with a token that is no longer the current one. */
const TOKEN_REFUSED_CODES = new Set([40001, 40014, 42001]);

/** The wall clock and the monotonic clock disagree by less than this in normal running (timer and rounding jitter). */
const CLOCK_AGREEMENT_MS = 1_000;

type FetchResult = { ok: true; token: CachedToken } | { ok: false; error: TokenUnavailableError };

interface Runtime {
  account: Account;
  token?: CachedToken;
  /** The monotonic instant the token expires at, so a wall-clock jump backwards can't lengthen its life. */
  deadline?: number;
  inflight?: Promise<FetchResult>;
  /** A passive-refresh check of the current token in flight: parallel reports share it. */
  verifying?: Promise<void>;
  /** The token a passive-refresh check last found valid, and when (monotonic). */
  verified?: { accessToken: string; at: number };
  blocker?: Blocker;
  /** Consecutive transient failures, for the backoff. */
  attempts: number;
  /** Not before this instant, after a refresh that returned the token we already had. */
  notBefore?: number;
  /** When the last successful token call started, on both clocks: the floor between automatic refreshes counts from it. */
  lastSuccessAt?: { wall: number; monotonic: number };
  refreshedElsewhereAt?: number;
  /** How far the local clock is off WeChat's, when it is off by more than the policy tolerates. */
  clockSkewMs?: number;
  /** Bumped when credentials change or the account goes: results of older fetches are not applied. */
  generation: number;
  /** Aborts this generation's calls in flight. */
  abort: AbortController;
  state: AccountState;
  /** Keychain writes of this account's token, in order. */
  vaultWrites: Promise<void>;
}

/**
 * Holds every account's access_token: one upstream call per need (single-flight), backoff on transient failures, a
 * pause with the reason on failures a person must fix, the shared blocks (lockouts, quotas, budgets) through the one
 * gateway, and passive refresh that verifies before it fetches. It runs no timer: background refresh is the
 * RefreshScheduler's (refresh-scheduler.ts), which only the refresher process starts. Every other process (a
 * follower, a one-shot CLI command) uses the engine to read cached tokens and to fetch on demand.
 */
export class TokenEngine {
  readonly events = new TypedEmitter<EngineEvents>();
  /** Every WeChat call this process makes goes through it (diagnostics included), so each one is recorded. */
  readonly gateway: WeChatGateway;
  private readonly client: TokenClient;
  private readonly accounts: AccountDirectory;
  private readonly vault: Vault;
  private readonly history: History;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly defaultMarginSeconds: () => number;
  private readonly policy: EnginePolicy;
  private readonly slots: Semaphore;
  private readonly secretReads: Semaphore;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly loading = new Map<string, Promise<Runtime | undefined>>();
  /** Accounts removed while their runtime was loading: the load must not bring them back. */
  private readonly removedWhileLoading = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly scheduleListeners = new Set<(change: ScheduleChange) => void>();
  private unsubscribe: (() => void)[] = [];
  private loaded?: Promise<void>;
  private disposed = false;

  constructor(options: TokenEngineOptions) {
    this.client = options.client;
    this.accounts = options.accounts;
    this.vault = options.vault;
    this.history = options.history;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.defaultMarginSeconds = options.defaultMarginSeconds ?? (() => 300);
    this.policy = { ...DEFAULT_ENGINE_POLICY, ...options.policy };
    this.slots = new Semaphore(this.policy.maxConcurrentFetches);
    this.secretReads = new Semaphore(this.policy.maxConcurrentFetches);
    this.gateway = new WeChatGateway({
      history: options.history,
      blocks: options.blocks,
      clock: this.clock,
      policy: this.policy,
    });
    this.gateway.events.on('exchange', ({ accountId, entry, exchange }) => this.onExchange(accountId, entry, exchange));
  }

  /**
   * Loads every account's cached token from the vault (a valid one is used with no upstream call) and follows account
   * changes. Starts no timer and calls nobody; safe to call again (the first load is shared).
   */
  load(): Promise<void> {
    this.loaded ??= this.loadAll();
    return this.loaded;
  }

  /** The current token, fetched only when there is no valid one; concurrent callers share one upstream call. */
  async getToken(accountId: string): Promise<CachedToken> {
    const rt = await this.ready(accountId);
    const now = this.clock.now();
    const token = this.effective(rt);
    if (token && now < token.expiresAt) {
      // Inside the margin and nobody refreshing (no scheduler, or auto-refresh off): renew in the background.
      const due = Math.max(this.refreshDueAt(rt, token), this.floorEndsAt(rt, now));
      if (!rt.inflight && !rt.blocker && now >= due) void this.startFetch(rt, 'demand');
      return token;
    }
    if (rt.inflight) return unwrap(await rt.inflight);
    if (rt.blocker && (!rt.blocker.retryable || (rt.blocker.retryAt ?? 0) > now)) throw this.unavailable(rt);
    const floorEnd = this.floorEndsAt(rt, now);
    if (floorEnd > now) {
      throw new TokenUnavailableError(
        accountId,
        {
          code: 'refresh-floor',
          params: {
            lifetimeSeconds: Math.round(lifetimeMs(rt.token) / 1000),
            gapSeconds: this.policy.minRefreshGapMs / 1000,
            nextAt: floorEnd,
          },
        },
        undefined,
        undefined,
        floorEnd,
      );
    }
    return unwrap(await this.startFetch(rt, 'demand'));
  }

  /**
   * Fetches now in the account's mode, clearing a pause (a person asked). A classic refresh of a production account
   * invalidates every other server's token, so it needs `confirmProductionRisk`.
   */
  async refresh(accountId: string, options: RiskConfirmation = {}): Promise<CachedToken> {
    const rt = await this.ready(accountId);
    if (
      rt.account.tokenMode === 'classic' &&
      rt.account.environment === 'production' &&
      !options.confirmProductionRisk
    ) {
      throw new RefreshRefusedError({ code: 'confirm-production-risk', params: {} });
    }
    if (rt.inflight) return unwrap(await rt.inflight);
    this.refuseByRules(rt, tokenCallOf(rt.account.tokenMode, false));
    rt.blocker = undefined;
    return unwrap(await this.startFetch(rt, 'manual'));
  }

  /**
   * stable_token with force_refresh: a new token at once, the old one dead at once. Kept to WeChat's rules locally
   * (≥ 30 s apart, 20 a WeChat day, counted across processes); production needs `confirmProductionRisk`. Classic mode:
   * a classic refresh.
   */
  async forceRefresh(accountId: string, options: RiskConfirmation = {}): Promise<CachedToken> {
    const rt = await this.ready(accountId);
    const { tokenMode, environment } = rt.account;
    if (tokenMode === 'wecom') {
      throw new RefreshRefusedError({ code: 'wecom-no-force-refresh', params: {} });
    }
    if (environment === 'production' && !options.confirmProductionRisk) {
      throw new RefreshRefusedError({ code: 'confirm-force-refresh', params: {} });
    }
    while (rt.inflight) await rt.inflight;
    const force = tokenMode === 'stable';
    this.refuseByRules(rt, tokenCallOf(tokenMode, force));
    rt.blocker = undefined;
    return unwrap(await this.startFetch(rt, 'force', force));
  }

  /**
   * Asks WeChat whether our token still works (get_api_domain_ip). A refusal (40001) while it should still be valid
   * means another party refreshed it: the state and the history say so, and the token is dropped.
   */
  async checkToken(accountId: string): Promise<{ exchange: Exchange; verdict: CheckVerdict }> {
    const rt = await this.ready(accountId);
    const token = rt.token;
    if (!token) throw new RefreshRefusedError({ code: 'no-token', params: {} });
    const exchange = await this.sendCheck(rt, token.accessToken, 'check');
    if (this.runtimes.get(accountId) !== rt) return { exchange, verdict: 'failed' };
    const outcome = exchange.outcome;
    if (outcome.kind === 'ok') return { exchange, verdict: 'valid' };
    if (
      outcome.kind !== 'wechat-error' ||
      !TOKEN_REFUSED_CODES.has(outcome.errcode) ||
      rt.token?.accessToken !== token.accessToken
    ) {
      return { exchange, verdict: 'failed' };
    }
    return { exchange, verdict: this.tokenRefused(rt, 'check', outcome.errcode, exchange.id, false) };
  }

  /**
   * Passive refresh, for a caller whose call with `failedToken` failed. Not our current token → the current one, no
   * upstream call. Our current token → WeChat is asked first (one cheap check, shared by parallel reports and not
   * repeated for reports that follow a check that found it valid within `reportRecheckMs`); only when
   * it confirms the token dead (40001 / 40014 / 42001) is one new token fetched — in classic mode too, without the
   * production confirmation: nothing live is broken by replacing a dead token. A check that fails for any other
   * reason (network, whitelist) proves nothing: the token is kept and served.
   */
  async refreshIfCurrent(accountId: string, failedToken: string): Promise<{ token: CachedToken; refreshed: boolean }> {
    const rt = await this.ready(accountId);
    if (rt.token?.accessToken === failedToken && !this.recentlyVerified(rt, failedToken)) {
      rt.verifying ??= this.verifyReported(rt, failedToken).finally(() => (rt.verifying = undefined));
      await rt.verifying;
    }
    const token = await this.getToken(accountId);
    return { token, refreshed: token.accessToken !== failedToken };
  }

  getState(accountId: string): AccountState | undefined {
    return this.runtimes.get(accountId)?.state;
  }

  /** The token the engine holds now (possibly expired), without fetching; its expiry is the earlier of both clocks'. */
  heldToken(accountId: string): CachedToken | undefined {
    const rt = this.runtimes.get(accountId);
    return rt ? this.effective(rt) : undefined;
  }

  /** Resolves when no upstream call, keychain write or account load started by the engine is in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops following accounts and tells the scheduler nothing more; calls in flight finish. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe.forEach((off) => off());
    this.unsubscribe = [];
    this.scheduleListeners.clear();
  }

  // ── for the RefreshScheduler ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Subscribes the scheduler to deadline changes. While one is subscribed the engine counts as refreshing in the
   * background: states show `nextRefreshAt`.
   */
  onScheduleChange(listener: (change: ScheduleChange) => void): () => void {
    this.scheduleListeners.add(listener);
    for (const rt of this.runtimes.values()) this.refreshState(rt);
    return () => {
      this.scheduleListeners.delete(listener);
      for (const rt of this.runtimes.values()) this.refreshState(rt);
    };
  }

  /** Starts the background calls that are due (scheduled refreshes, retries) and brings every state up to date. */
  runDue(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    for (const rt of this.runtimes.values()) {
      const due = this.autoDueAt(rt, now);
      if (due !== undefined && due <= now) void this.startFetch(rt, rt.blocker ? 'retry' : 'schedule');
      this.refreshState(rt);
    }
  }

  /** The next instant at which some account's (or this account's) state changes or work falls due; Infinity for none. */
  nextWakeAt(accountId?: string): number {
    const now = this.clock.now();
    if (accountId !== undefined) {
      const rt = this.runtimes.get(accountId);
      return rt ? this.nextWake(rt, now) : Infinity;
    }
    let wake = Infinity;
    for (const rt of this.runtimes.values()) wake = Math.min(wake, this.nextWake(rt, now));
    return wake;
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────────────────────────

  private async loadAll(): Promise<void> {
    if (this.disposed) return;
    this.unsubscribe = [
      this.accounts.events.on(
        'accountAdded',
        ({ account }) => void this.track(this.ready(account.id).then(() => this.notify(account.id, true))),
      ),
      this.accounts.events.on('accountUpdated', (change) => this.onAccountUpdated(change)),
      this.accounts.events.on('accountRemoved', ({ accountId }) => this.onAccountRemoved(accountId)),
    ];
    await Promise.all(this.accounts.list().map((account) => this.loadOne(account.id, account)));
  }

  private async ready(accountId: string): Promise<Runtime> {
    const rt = this.runtimes.get(accountId) ?? (await this.loadOne(accountId));
    if (!rt) throw new RefreshRefusedError({ code: 'unknown-account', params: { accountId } });
    return rt;
  }

  private loadOne(accountId: string, known?: Account): Promise<Runtime | undefined> {
    let loading = this.loading.get(accountId);
    if (!loading) {
      loading = this.track(this.loadRuntime(accountId, known)).finally(() => this.loading.delete(accountId));
      this.loading.set(accountId, loading);
    }
    return loading;
  }

  /** A cached token from another mode (the account was switched) is not used. An unreachable keychain just means none. */
  private async loadRuntime(accountId: string, known: Account | undefined): Promise<Runtime | undefined> {
    const account = known ?? this.accounts.get(accountId);
    if (!account) return undefined;
    let token: CachedToken | undefined;
    try {
      const cached = await this.vault.getToken(accountId);
      if (cached && cached.mode === account.tokenMode) token = cached;
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
    }
    if (this.removedWhileLoading.delete(accountId)) return undefined;
    const existing = this.runtimes.get(accountId);
    if (existing) return existing;
    const now = this.clock.now();
    const rt: Runtime = {
      account,
      token,
      // What the wall clock says is left is all we know of a token from the keychain; from here on it only shrinks.
      ...(token ? { deadline: this.clock.monotonic() + (token.expiresAt - now) } : {}),
      attempts: 0,
      generation: 0,
      abort: new AbortController(),
      state: { status: 'idle', since: now },
      vaultWrites: Promise.resolve(),
    };
    this.runtimes.set(accountId, rt);
    this.refreshState(rt);
    return rt;
  }

  private onAccountUpdated({ account, credentialsChanged }: AccountEvents['accountUpdated']): void {
    const rt = this.runtimes.get(account.id);
    if (!rt) {
      // Still loading: apply the change once it is there (its cached token was read under the old settings).
      void this.track(this.ready(account.id).then(() => this.onAccountUpdated({ account, credentialsChanged })));
      return;
    }
    rt.account = account;
    if (credentialsChanged) {
      this.newGeneration(rt);
      rt.inflight = undefined;
      rt.blocker = undefined;
      rt.attempts = 0;
      rt.notBefore = undefined;
      rt.lastSuccessAt = undefined;
      rt.refreshedElsewhereAt = undefined;
      rt.clockSkewMs = undefined;
      if (rt.token) {
        rt.token = undefined;
        rt.deadline = undefined;
        this.events.emit('tokenChanged', { accountId: account.id, token: null });
      }
    }
    this.refreshState(rt);
    this.notify(account.id, true);
  }

  private onAccountRemoved(accountId: string): void {
    const rt = this.runtimes.get(accountId);
    if (rt) this.newGeneration(rt);
    if (this.loading.has(accountId)) this.removedWhileLoading.add(accountId);
    this.runtimes.delete(accountId);
    void this.track(this.history.removeAccount(accountId));
    this.notify(accountId, true);
  }

  /** Older fetches are neither applied nor left running: the request in flight is aborted. */
  private newGeneration(rt: Runtime): void {
    rt.generation += 1;
    rt.abort.abort();
    rt.abort = new AbortController();
  }

  // ── fetching ────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The one way an upstream token call starts: joins the call in flight, or starts one if the shared rules allow
   * (lockout, exhausted quota, failure budget — else the account waits with the reason).
   */
  private startFetch(rt: Runtime, trigger: ExchangeTrigger, force = false): Promise<FetchResult> {
    if (rt.inflight) return rt.inflight;
    const refusal = this.gateway.refusal(rt.account.appId, tokenCallOf(rt.account.tokenMode, force));
    if (refusal) {
      rt.blocker = this.blockerFrom(refusal, rt.blocker);
      this.refreshState(rt);
      this.notify(rt.account.id, false);
      return Promise.resolve({ ok: false, error: this.unavailable(rt) });
    }
    const generation = rt.generation;
    const fetching: Promise<FetchResult> = this.runFetch(rt, trigger, force, generation)
      .catch((error: unknown) =>
        this.block(
          rt,
          generation,
          error instanceof RefreshRefusedError
            ? this.blockerFrom(error, rt.blocker)
            : {
                retryable: true,
                cause: 'network',
                reason: { code: 'fetch-crashed', params: { detail: messageOf(error) } },
              },
        ),
      )
      .finally(() => {
        if (rt.inflight === fetching) rt.inflight = undefined;
        this.refreshState(rt);
        this.notify(rt.account.id, false);
      });
    rt.inflight = fetching;
    void this.track(fetching);
    this.refreshState(rt);
    return fetching;
  }

  private async runFetch(
    rt: Runtime,
    trigger: ExchangeTrigger,
    force: boolean,
    generation: number,
  ): Promise<FetchResult> {
    const account = rt.account;
    // The keychain is read before a fetch slot is taken, under a limit of its own: when many accounts start at once,
    // the keychain's round trips (one process, over D-Bus on Linux) overlap the HTTP calls instead of each slot waiting
    // for its own secret first.
    let secret: string | undefined;
    const releaseRead = await this.secretReads.acquire();
    try {
      secret = await this.vault.getSecret(account.id);
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      return this.block(rt, generation, {
        retryable: false,
        cause: 'keychain',
        reason: { code: 'keychain-unavailable', params: { detail: error.message } },
      });
    } finally {
      releaseRead();
    }
    if (!secret) {
      const name = account.kind === 'wecom' ? 'Secret' : 'AppSecret';
      return this.block(rt, generation, {
        retryable: false,
        cause: 'no-secret',
        reason: { code: 'no-secret-stored', params: { secretName: name } },
      });
    }
    const release = await this.slots.acquire();
    try {
      const startedAt = this.clock.now();
      const startedMono = this.clock.monotonic();
      const exchange = await this.gateway.send(
        {
          accountId: account.id,
          appId: account.appId,
          call: tokenCallOf(account.tokenMode, force),
          trigger,
          signal: rt.abort.signal,
        },
        (signal) => this.callTokenEndpoint(account, secret, force, signal),
      );
      if (this.runtimes.get(account.id) !== rt) {
        return {
          ok: false,
          error: new TokenUnavailableError(account.id, { code: 'removed-while-fetching', params: {} }),
        };
      }
      if (generation !== rt.generation) {
        return {
          ok: false,
          error: new TokenUnavailableError(account.id, { code: 'changed-while-fetching', params: {} }),
        };
      }
      if (exchange.outcome.kind === 'ok' && exchange.result)
        return { ok: true, token: this.acceptToken(rt, exchange.result, startedAt, startedMono) };
      const now = this.clock.now();
      const failure = classifyFailure(exchange, now);
      if (!failure.retryable) {
        const cause = exchange.outcome.kind === 'wechat-error' ? 'wechat' : 'network';
        return this.block(rt, generation, { ...failure, cause });
      }
      rt.attempts += 1;
      const delay = backoffDelay(rt.attempts, this.random, {
        baseMs: this.policy.backoffBaseMs,
        maxMs: this.policy.backoffMaxMs,
      });
      const budgetRefusal = this.gateway.refusal(account.appId, tokenCallOf(account.tokenMode, force));
      const retryAt = Math.max(now + delay, budgetRefusal?.retryAt ?? now);
      const cause = exchange.outcome.kind === 'wechat-error' ? 'wechat' : 'network';
      return this.block(rt, generation, { ...failure, cause, retryAt });
    } finally {
      release();
    }
  }

  private callTokenEndpoint(
    account: Account,
    secret: string,
    force: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Exchange<TokenResult>> {
    const common = { secret, apiBase: account.apiBase ?? undefined, signal };
    switch (account.tokenMode) {
      case 'classic':
        return this.client.classicToken({ appId: account.appId, ...common });
      case 'stable':
        return this.client.stableToken({ appId: account.appId, forceRefresh: force, ...common });
      case 'wecom':
        return this.client.wecomToken({ corpId: account.appId, ...common });
    }
  }

  /**
   * A token answer. The same token again (stable before its renewal window, WeCom before expiry) keeps its first
   * sighting as `obtainedAt`, so its lifetime — and the margin clamped to it — doesn't shrink with every answer.
   */
  private acceptToken(rt: Runtime, result: TokenResult, startedAt: number, startedMono: number): CachedToken {
    const previous = rt.token;
    const unchanged = previous?.accessToken === result.accessToken;
    const expiresAt = startedAt + result.expiresIn * 1000;
    const deadline = startedMono + result.expiresIn * 1000;
    const token: CachedToken = {
      accessToken: result.accessToken,
      obtainedAt: unchanged ? previous.obtainedAt : startedAt,
      // WeChat rounds the seconds left up: an unchanged token never lives longer than first announced.
      expiresAt: unchanged ? Math.min(previous.expiresAt, expiresAt) : expiresAt,
      mode: rt.account.tokenMode,
    };
    rt.token = token;
    rt.deadline = unchanged && rt.deadline !== undefined ? Math.min(rt.deadline, deadline) : deadline;
    rt.blocker = undefined;
    rt.attempts = 0;
    rt.lastSuccessAt = { wall: startedAt, monotonic: startedMono };
    rt.notBefore = unchanged ? recheckAfterUnchanged(token, token.mode, this.clock.now(), this.policy) : undefined;
    if (!unchanged || previous.expiresAt !== token.expiresAt) {
      this.saveToken(rt, token);
      this.events.emit('tokenChanged', { accountId: rt.account.id, token });
    }
    return token;
  }

  private block(rt: Runtime, generation: number, blocker: Blocker): FetchResult {
    if (generation === rt.generation) rt.blocker = blocker;
    return { ok: false, error: unavailableFrom(rt.account.id, blocker) };
  }

  private unavailable(rt: Runtime): TokenUnavailableError {
    if (rt.blocker) return unavailableFrom(rt.account.id, rt.blocker);
    return new TokenUnavailableError(rt.account.id, { code: 'no-valid-token', params: {} });
  }

  /** A person's refresh: the shared rules (lockout, quota, budget, force limits) hold even for it. */
  private refuseByRules(rt: Runtime, call: WeChatCall): void {
    const refusal = this.gateway.refusal(rt.account.appId, call);
    if (refusal) throw refusal;
  }

  /** What the account waits for when a shared rule refuses its token call. */
  private blockerFrom(refusal: RefreshRefusedError, previous: Blocker | undefined): Blocker {
    if (refusal.code === 'budget') {
      return {
        retryable: true,
        cause: 'budget',
        errcode: previous?.errcode,
        errmsg: previous?.errmsg,
        retryAt: refusal.retryAt,
        reason: refusal.coreMessage,
      };
    }
    // A lockout or an exhausted quota (seen here, by another process, or before a restart): paused, as when WeChat
    // said so to this process; the rules keep even a person's refresh from calling until it ends.
    return {
      retryable: false,
      cause: 'wechat',
      reason: refusal.coreMessage,
      ...(refusal.errcode === undefined ? {} : { errcode: refusal.errcode }),
      ...(refusal.code === 'locked' && refusal.retryAt !== undefined ? { lockedUntil: refusal.retryAt } : {}),
    };
  }

  // ── checks and refreshed elsewhere ──────────────────────────────────────────────────────────────────────────────

  private sendCheck(rt: Runtime, accessToken: string, trigger: ExchangeTrigger): Promise<Exchange> {
    const { account } = rt;
    const family = account.kind === 'wecom' ? 'wecom' : 'wechat';
    return this.track(
      this.gateway.send(
        { accountId: account.id, appId: account.appId, call: 'check-token', trigger, signal: rt.abort.signal },
        (signal) => this.client.checkToken({ accessToken, family, apiBase: account.apiBase ?? undefined, signal }),
      ),
    );
  }

  private recentlyVerified(rt: Runtime, accessToken: string): boolean {
    const { verified } = rt;
    return verified?.accessToken === accessToken && this.clock.monotonic() - verified.at < this.policy.reportRecheckMs;
  }

  /** One reported failure of the current token, checked with WeChat before anything is dropped or fetched. */
  private async verifyReported(rt: Runtime, failedToken: string): Promise<void> {
    let exchange: Exchange;
    try {
      exchange = await this.sendCheck(rt, failedToken, 'report');
    } catch (error) {
      // A lockout refuses the check too: nothing is known, so nothing changes.
      if (error instanceof RefreshRefusedError) return;
      throw error;
    }
    const outcome = exchange.outcome;
    if (this.runtimes.get(rt.account.id) !== rt || rt.token?.accessToken !== failedToken) return;
    if (outcome.kind === 'ok') rt.verified = { accessToken: failedToken, at: this.clock.monotonic() };
    if (outcome.kind !== 'wechat-error' || !TOKEN_REFUSED_CODES.has(outcome.errcode)) return;
    this.tokenRefused(rt, 'report', outcome.errcode, exchange.id, true);
  }

  /**
   * WeChat refused our current token. Before its expiry that means another party refreshed it (recorded, with when).
   * The token is dropped. `replace` (a caller needs a token now, WeChat confirmed ours dead): one new token is
   * fetched in any mode. Otherwise stable and WeCom fetch the current one again without harming anyone, while
   * classic would invalidate the other party's token, so it pauses until a person decides.
   */
  private tokenRefused(
    rt: Runtime,
    detectedBy: 'check' | 'report',
    errcode: number,
    exchangeId: string | undefined,
    replace: boolean,
  ): 'refreshed-elsewhere' | 'expired' {
    const now = this.clock.now();
    const effective = this.effective(rt);
    const stillValid = effective !== undefined && now < effective.expiresAt && errcode !== 42001;
    const accountId = rt.account.id;
    if (stillValid) {
      rt.refreshedElsewhereAt = now;
      const entry = this.history.recordRefreshedElsewhere(accountId, {
        at: now,
        detectedBy,
        errcode,
        ...(exchangeId ? { exchangeId } : {}),
      });
      this.events.emit('exchange', { accountId, entry });
      if (rt.account.tokenMode === 'classic' && !replace) {
        rt.blocker = {
          retryable: false,
          cause: 'refreshed-elsewhere',
          errcode,
          reason: { code: 'refreshed-elsewhere', params: { at: now } },
        };
      }
    }
    rt.notBefore = undefined;
    // The floor guards against tokens that live too short; one WeChat refused is no such case: fetching again is fine.
    rt.lastSuccessAt = undefined;
    if (rt.token) {
      rt.token = undefined;
      rt.deadline = undefined;
      this.dropSavedToken(rt);
      this.events.emit('tokenChanged', { accountId, token: null });
    }
    if (replace) {
      if (rt.blocker?.cause === 'refreshed-elsewhere') rt.blocker = undefined;
      void this.startFetch(rt, 'report');
    }
    this.refreshState(rt);
    this.notify(accountId, true);
    return stillValid ? 'refreshed-elsewhere' : 'expired';
  }

  // ── persistence and events ──────────────────────────────────────────────────────────────────────────────────────

  /** Every exchange the gateway recorded for an account: passed on, and WeChat's `Date` compared with our clock. */
  private onExchange(accountId: string, entry: HistoryEntry, exchange: Exchange): void {
    const rt = this.runtimes.get(accountId);
    if (rt) {
      const skew = clockSkewMs(exchange);
      if (skew !== undefined) {
        rt.clockSkewMs = Math.abs(skew) >= this.policy.clockSkewWarnMs ? skew : undefined;
        this.refreshState(rt);
      }
    }
    this.events.emit('exchange', { accountId, entry });
  }

  /** Keychain writes are ordered per account; a failure leaves the token in memory (only a restart would miss it). */
  private saveToken(rt: Runtime, token: CachedToken): void {
    rt.vaultWrites = rt.vaultWrites.then(() => this.vault.setToken(rt.account.id, token)).catch(() => undefined);
    void this.track(rt.vaultWrites);
  }

  private dropSavedToken(rt: Runtime): void {
    rt.vaultWrites = rt.vaultWrites
      .then(() => this.vault.deleteToken(rt.account.id).then(() => undefined))
      .catch(() => undefined);
    void this.track(rt.vaultWrites);
  }

  private refreshState(rt: Runtime): void {
    const now = this.clock.now();
    const margin = this.marginSeconds(rt);
    const token = this.effective(rt);
    const due = this.scheduleListeners.size > 0 ? this.autoDueAt(rt, now) : undefined;
    const next = deriveState(
      {
        fetching: rt.inflight !== undefined,
        token,
        expiringAt: token ? expiringAt(token, margin, this.policy) : undefined,
        blocker: rt.blocker,
        nextRefreshAt: due !== undefined && Number.isFinite(due) ? due : undefined,
        refreshedElsewhereAt: rt.refreshedElsewhereAt,
        clockSkewMs: rt.clockSkewMs,
      },
      now,
      rt.state.since,
    );
    if (sameState(next, rt.state)) return;
    if (next.status !== rt.state.status) next.since = now;
    rt.state = next;
    this.events.emit('stateChanged', { accountId: rt.account.id, state: next });
  }

  // ── timing ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The held token with the expiry both clocks agree on: when the monotonic deadline comes first (the wall clock was
   * set back), `expiresAt` is moved to it, as a wall-clock instant seen from now.
   */
  private effective(rt: Runtime): CachedToken | undefined {
    const { token, deadline } = rt;
    if (!token || deadline === undefined) return token;
    const byMonotonic = Math.round(this.clock.now() + (deadline - this.clock.monotonic()));
    return byMonotonic < token.expiresAt - CLOCK_AGREEMENT_MS ? { ...token, expiresAt: byMonotonic } : token;
  }

  private marginSeconds(rt: Runtime): number {
    return rt.account.marginSeconds ?? this.defaultMarginSeconds();
  }

  private refreshDueAt(rt: Runtime, token: CachedToken): number {
    return Math.max(refreshAt(token, this.marginSeconds(rt), this.policy), rt.notBefore ?? -Infinity);
  }

  /**
   * The floor between automatic token calls ends here (a wall-clock instant seen from `now`). Time since the last call
   * is the longer of what the two clocks say: a wall clock set back can't stretch the floor, and a suspend that the
   * monotonic clock did not count (Linux) can't make a token that expired meanwhile wait for it.
   */
  private floorEndsAt(rt: Runtime, now: number): number {
    const last = rt.lastSuccessAt;
    if (last === undefined) return -Infinity;
    const elapsed = Math.max(now - last.wall, this.clock.monotonic() - last.monotonic);
    return now + this.policy.minRefreshGapMs - elapsed;
  }

  /** When background refresh will call WeChat for this account: -Infinity for "now", undefined for "not by itself". */
  private autoDueAt(rt: Runtime, now: number): number | undefined {
    if (!rt.account.autoRefresh || rt.inflight) return undefined;
    if (rt.blocker) return rt.blocker.retryable ? rt.blocker.retryAt : undefined;
    const token = this.effective(rt);
    return Math.max(token ? this.refreshDueAt(rt, token) : -Infinity, this.floorEndsAt(rt, now));
  }

  /** The next instant at which this account's state changes or work falls due (now, when work is due already). */
  private nextWake(rt: Runtime, now: number): number {
    let wake = Infinity;
    const due = this.autoDueAt(rt, now);
    if (due !== undefined) wake = Math.max(due, now);
    const future = (instant: number) => {
      if (instant > now && instant < wake) wake = instant;
    };
    const token = this.effective(rt);
    if (token) {
      future(expiringAt(token, this.marginSeconds(rt), this.policy));
      future(token.expiresAt);
    }
    if (rt.blocker?.lockedUntil !== undefined) future(rt.blocker.lockedUntil);
    return wake;
  }

  private notify(accountId: string, runNow: boolean): void {
    for (const listener of this.scheduleListeners) listener({ accountId, runNow });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

/** The token call an account's mode makes. */
function tokenCallOf(mode: TokenMode, force: boolean): WeChatCall {
  switch (mode) {
    case 'classic':
      return 'classic-token';
    case 'stable':
      return force ? 'stable-token-force' : 'stable-token';
    case 'wecom':
      return 'wecom-token';
  }
}

function lifetimeMs(token: CachedToken | undefined): number {
  return token ? token.expiresAt - token.obtainedAt : 0;
}

function unwrap(result: FetchResult): CachedToken {
  if (result.ok) return result.token;
  throw result.error;
}

function unavailableFrom(accountId: string, blocker: Blocker): TokenUnavailableError {
  return new TokenUnavailableError(
    accountId,
    blocker.reason,
    blocker.errcode,
    blocker.errmsg,
    blocker.retryable ? blocker.retryAt : undefined,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
