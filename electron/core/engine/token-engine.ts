import type { Account } from '../accounts/account-schema';
import type { AccountEvents } from '../accounts/account-service';
import { TypedEmitter } from '../events/typed-emitter';
import type { History } from '../history/history';
import type { ExchangeTrigger, HistoryEntry } from '../history/history-entry';
import { VaultUnavailableError, type CachedToken, type Vault } from '../vault/vault';
import type { WeChatClient } from '../wechat/client';
import type { Exchange, TokenResult } from '../wechat/types';
import { deriveState, sameState, type AccountState, type Blocker } from './account-state';
import { backoffDelay } from './backoff';
import { CallBudget } from './call-budget';
import { systemClock, type Clock } from './clock';
import { RefreshRefusedError, TokenUnavailableError } from './engine-errors';
import { classifyFailure } from './failure-policy';
import { forceRefreshRefusal } from './force-refresh-rules';
import { expiringAt, recheckAfterUnchanged, refreshAt } from './refresh-timing';
import { Semaphore } from './semaphore';

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
  /** Deadlines are re-checked at least this often, so a missed timer (sleep, a suspended process) is caught up. */
  tickMs: number;
  /** The refresh margin is at most this fraction of a token's life. */
  maxMarginFraction: number;
  /** After a refresh answered with the token we already had, wait at least this long before asking again. */
  minRecheckMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Failed upstream token calls allowed per account per rolling hour. */
  failedCallsPerHour: number;
  forceRefreshMinGapMs: number;
  forceRefreshesPerDay: number;
  /** Upstream token calls in flight at once, across accounts (a start with 1,000 accounts must not open 1,000 sockets). */
  maxConcurrentFetches: number;
}

export const DEFAULT_ENGINE_POLICY: EnginePolicy = {
  tickMs: 60_000,
  maxMarginFraction: 0.5,
  minRecheckMs: 10_000,
  backoffBaseMs: 10_000,
  backoffMaxMs: 15 * 60_000,
  failedCallsPerHour: 12,
  forceRefreshMinGapMs: 30_000,
  forceRefreshesPerDay: 20,
  maxConcurrentFetches: 8,
};

export interface TokenEngineOptions {
  client: TokenClient;
  accounts: AccountDirectory;
  vault: Vault;
  history: History;
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

export type ReportVerdict = 'refreshed-elsewhere' | 'expired' | 'not-current' | 'ignored';

/** WeChat's answers to a call made with a token that is no longer the current one. */
const TOKEN_REFUSED_CODES = new Set([40001, 40014, 42001]);

type FetchResult = { ok: true; token: CachedToken } | { ok: false; error: TokenUnavailableError };

interface Runtime {
  account: Account;
  token?: CachedToken;
  inflight?: Promise<FetchResult>;
  blocker?: Blocker;
  /** Consecutive transient failures, for the backoff. */
  attempts: number;
  /** Not before this instant, after a refresh that returned the token we already had. */
  notBefore?: number;
  refreshedElsewhereAt?: number;
  budget: CallBudget;
  /** Bumped when credentials change or the account goes: results of older fetches are not applied. */
  generation: number;
  state: AccountState;
  /** Keychain writes of this account's token, in order. */
  vaultWrites: Promise<void>;
}

/**
 * Keeps every account's access_token fresh: one upstream call per need (single-flight), refresh at expires-at minus
 * margin, backoff on transient failures, a pause with the reason on failures a person must fix, a budget on failed
 * calls, and the stable-token force rules. The app, the CLI and the preview each build one from their own adapters.
 */
export class TokenEngine {
  readonly events = new TypedEmitter<EngineEvents>();
  private readonly client: TokenClient;
  private readonly accounts: AccountDirectory;
  private readonly vault: Vault;
  private readonly history: History;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly defaultMarginSeconds: () => number;
  private readonly policy: EnginePolicy;
  private readonly slots: Semaphore;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly loading = new Map<string, Promise<Runtime | undefined>>();
  /** Accounts removed while their runtime was loading: the load must not bring them back. */
  private readonly removedWhileLoading = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private unsubscribe: (() => void)[] = [];
  private cancelTimer?: () => void;
  private timerAt?: number;
  private started = false;
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
  }

  /**
   * Loads every account's cached token from the vault (a valid one is used with no upstream call), follows account
   * changes, and starts background refresh.
   */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.unsubscribe = [
      this.accounts.events.on(
        'accountAdded',
        ({ account }) => void this.track(this.ready(account.id).then(() => this.check())),
      ),
      this.accounts.events.on('accountUpdated', (change) => this.onAccountUpdated(change)),
      this.accounts.events.on('accountRemoved', ({ accountId }) => this.onAccountRemoved(accountId)),
    ];
    await Promise.all(this.accounts.list().map((account) => this.load(account.id, account)));
    this.started = true;
    this.check();
  }

  /** The current token, fetched only when there is no valid one; concurrent callers share one upstream call. */
  async getToken(accountId: string): Promise<CachedToken> {
    const rt = await this.ready(accountId);
    const now = this.clock.now();
    if (rt.token && now < rt.token.expiresAt) {
      // Inside the margin and nobody refreshing (auto-refresh off): renew in the background, serve this one meanwhile.
      if (!rt.inflight && !rt.blocker && now >= this.refreshDueAt(rt, rt.token)) void this.startFetch(rt, 'demand');
      return rt.token;
    }
    if (rt.inflight) return unwrap(await rt.inflight);
    if (rt.blocker && (!rt.blocker.retryable || (rt.blocker.retryAt ?? 0) > now)) throw this.unavailable(rt);
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
      throw new RefreshRefusedError(
        'confirm-production-risk',
        'This production account uses the classic API: a new token invalidates the one every other server using this AppID holds (5 minutes later). Confirm to refresh anyway, or switch the account to stable mode.',
      );
    }
    if (rt.inflight) return unwrap(await rt.inflight);
    this.refuseWhileBlocked(rt);
    rt.blocker = undefined;
    return unwrap(await this.startFetch(rt, 'manual'));
  }

  /**
   * stable_token with force_refresh: a new token at once, the old one dead at once. Kept to WeChat's rules locally
   * (≥ 30 s apart, 20 a WeChat day); production needs `confirmProductionRisk`. Classic mode: a classic refresh.
   */
  async forceRefresh(accountId: string, options: RiskConfirmation = {}): Promise<CachedToken> {
    const rt = await this.ready(accountId);
    const { tokenMode, environment } = rt.account;
    if (tokenMode === 'wecom') {
      throw new RefreshRefusedError(
        'unsupported',
        'WeCom has no force refresh: gettoken returns the same token until it expires. Use refresh.',
      );
    }
    if (environment === 'production' && !options.confirmProductionRisk) {
      throw new RefreshRefusedError(
        'confirm-production-risk',
        'A force refresh of a production account kills the current token at once for every server using this AppID. Confirm to go ahead.',
      );
    }
    while (rt.inflight) await rt.inflight;
    if (tokenMode === 'stable') {
      const refusal = forceRefreshRefusal(this.history, accountId, this.clock.now(), {
        minGapMs: this.policy.forceRefreshMinGapMs,
        perDay: this.policy.forceRefreshesPerDay,
      });
      if (refusal) throw refusal;
    }
    this.refuseWhileBlocked(rt);
    rt.blocker = undefined;
    return unwrap(await this.startFetch(rt, 'force', tokenMode === 'stable'));
  }

  /**
   * Asks WeChat whether our token still works (get_api_domain_ip). A refusal (40001) while it should still be valid
   * means another party refreshed it: the state and the history say so, and the token is dropped.
   */
  async checkToken(accountId: string): Promise<{ exchange: Exchange; verdict: CheckVerdict }> {
    const rt = await this.ready(accountId);
    const token = rt.token;
    if (!token) throw new RefreshRefusedError('no-token', 'There is no token to check yet: get one first.');
    const family = rt.account.kind === 'wecom' ? 'wecom' : 'wechat';
    const exchange = await this.track(
      this.client.checkToken({ accessToken: token.accessToken, family, apiBase: rt.account.apiBase ?? undefined }),
    );
    if (this.runtimes.get(accountId) !== rt) return { exchange, verdict: 'failed' };
    this.recordExchange(accountId, exchange, 'check');
    const outcome = exchange.outcome;
    if (outcome.kind === 'ok') return { exchange, verdict: 'valid' };
    if (
      outcome.kind !== 'wechat-error' ||
      !TOKEN_REFUSED_CODES.has(outcome.errcode) ||
      rt.token?.accessToken !== token.accessToken
    ) {
      return { exchange, verdict: 'failed' };
    }
    return { exchange, verdict: this.tokenRefused(rt, 'check', outcome.errcode, exchange.id) };
  }

  /**
   * A caller saw WeChat refuse `token` (40001 "not latest", WeCom 40014, 42001). If it is our current token and should
   * still be valid, another party refreshed it: the same handling as a check, without an upstream call.
   */
  async reportTokenFailed(accountId: string, token: string, errcode = 40001): Promise<ReportVerdict> {
    const rt = await this.ready(accountId);
    if (!TOKEN_REFUSED_CODES.has(errcode)) return 'ignored';
    if (rt.token?.accessToken !== token) return 'not-current';
    return this.tokenRefused(rt, 'report', errcode) === 'refreshed-elsewhere' ? 'refreshed-elsewhere' : 'expired';
  }

  /**
   * For a caller whose token was refused: reports it, then returns the current token — a new one when the mode can
   * fetch without harming others (stable, WeCom); classic accounts pause instead (see the state's reason).
   */
  async refreshIfCurrent(accountId: string, failedToken: string): Promise<{ token: CachedToken; refreshed: boolean }> {
    await this.reportTokenFailed(accountId, failedToken);
    const token = await this.getToken(accountId);
    return { token, refreshed: token.accessToken !== failedToken };
  }

  getState(accountId: string): AccountState | undefined {
    return this.runtimes.get(accountId)?.state;
  }

  /** The token the engine holds now (possibly expired), without fetching. */
  heldToken(accountId: string): CachedToken | undefined {
    return this.runtimes.get(accountId)?.token;
  }

  /** The machine woke up (Electron powerMonitor 'resume'): deadlines may have passed while timers were frozen. */
  resume(): void {
    this.check();
  }

  /** Resolves when no upstream call, keychain write or account load started by the engine is in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops timers and stops following accounts; calls in flight finish but nothing new is scheduled. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.unsubscribe.forEach((off) => off());
    this.unsubscribe = [];
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────────────────────────

  private async ready(accountId: string): Promise<Runtime> {
    const rt = this.runtimes.get(accountId) ?? (await this.load(accountId));
    if (!rt)
      throw new RefreshRefusedError(
        'unknown-account',
        `There is no account with id "${accountId}": it may have been removed.`,
      );
    return rt;
  }

  private load(accountId: string, known?: Account): Promise<Runtime | undefined> {
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
      attempts: 0,
      budget: new CallBudget(this.policy.failedCallsPerHour, 60 * 60_000),
      generation: 0,
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
      rt.generation += 1;
      rt.inflight = undefined;
      rt.blocker = undefined;
      rt.attempts = 0;
      rt.notBefore = undefined;
      rt.refreshedElsewhereAt = undefined;
      if (rt.token) {
        rt.token = undefined;
        this.events.emit('tokenChanged', { accountId: account.id, token: null });
      }
    }
    this.check();
  }

  private onAccountRemoved(accountId: string): void {
    const rt = this.runtimes.get(accountId);
    if (rt) rt.generation += 1;
    if (this.loading.has(accountId)) this.removedWhileLoading.add(accountId);
    this.runtimes.delete(accountId);
    void this.track(this.history.removeAccount(accountId));
    this.check();
  }

  // ── fetching ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The one way an upstream token call starts: joins the call in flight, or starts one if the budget allows. */
  private startFetch(rt: Runtime, trigger: ExchangeTrigger, force = false): Promise<FetchResult> {
    if (rt.inflight) return rt.inflight;
    const now = this.clock.now();
    if (!rt.budget.allows(now)) {
      const retryAt = rt.budget.nextAllowedAt(now);
      rt.blocker = {
        retryable: true,
        cause: 'budget',
        errcode: rt.blocker?.errcode,
        errmsg: rt.blocker?.errmsg,
        retryAt,
        reason: `${rt.budget.failuresInWindow(now)} calls to WeChat failed in the last hour, the most TokenDesk allows per account: it tries again at ${new Date(retryAt).toISOString()}. Last error: ${rt.blocker?.reason ?? 'unknown'}`,
      };
      this.refreshState(rt);
      this.armFor(rt);
      return Promise.resolve({ ok: false, error: this.unavailable(rt) });
    }
    const generation = rt.generation;
    const fetching: Promise<FetchResult> = this.runFetch(rt, trigger, force, generation)
      .catch((error: unknown) =>
        this.block(rt, generation, {
          retryable: true,
          cause: 'network',
          reason: `Internal error while fetching: ${messageOf(error)}`,
        }),
      )
      .finally(() => {
        if (rt.inflight === fetching) rt.inflight = undefined;
        this.refreshState(rt);
        this.armFor(rt);
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
    const release = await this.slots.acquire();
    try {
      const account = rt.account;
      let secret: string | undefined;
      try {
        secret = await this.vault.getSecret(account.id);
      } catch (error) {
        if (!(error instanceof VaultUnavailableError)) throw error;
        return this.block(rt, generation, { retryable: false, cause: 'keychain', reason: error.message });
      }
      if (!secret) {
        const name = account.kind === 'wecom' ? 'Secret' : 'AppSecret';
        return this.block(rt, generation, {
          retryable: false,
          cause: 'no-secret',
          reason: `No ${name} is stored for this account: enter it in the account's settings.`,
        });
      }
      const startedAt = this.clock.now();
      const exchange = await this.callTokenEndpoint(account, secret, force);
      if (this.runtimes.get(account.id) !== rt) {
        return {
          ok: false,
          error: new TokenUnavailableError(account.id, 'The account was removed while its token was being fetched.'),
        };
      }
      this.recordExchange(account.id, exchange, trigger);
      if (generation !== rt.generation) {
        return {
          ok: false,
          error: new TokenUnavailableError(
            account.id,
            "The account's settings changed while its token was being fetched: ask again.",
          ),
        };
      }
      if (exchange.outcome.kind === 'ok' && exchange.result)
        return { ok: true, token: this.acceptToken(rt, exchange.result, startedAt) };
      const now = this.clock.now();
      const failure = classifyFailure(exchange, now);
      rt.budget.recordFailure(startedAt);
      if (!failure.retryable) return this.block(rt, generation, { ...failure, cause: 'wechat' });
      rt.attempts += 1;
      const delay = backoffDelay(rt.attempts, this.random, {
        baseMs: this.policy.backoffBaseMs,
        maxMs: this.policy.backoffMaxMs,
      });
      const retryAt = Math.max(now + delay, rt.budget.nextAllowedAt(now));
      const cause = exchange.outcome.kind === 'wechat-error' ? 'wechat' : 'network';
      return this.block(rt, generation, { ...failure, cause, retryAt });
    } finally {
      release();
    }
  }

  private callTokenEndpoint(account: Account, secret: string, force: boolean): Promise<Exchange<TokenResult>> {
    const apiBase = account.apiBase ?? undefined;
    switch (account.tokenMode) {
      case 'classic':
        return this.client.classicToken({ appId: account.appId, secret, apiBase });
      case 'stable':
        return this.client.stableToken({ appId: account.appId, secret, forceRefresh: force, apiBase });
      case 'wecom':
        return this.client.wecomToken({ corpId: account.appId, secret, apiBase });
    }
  }

  /**
   * A token answer. The same token again (stable before its renewal window, WeCom before expiry) keeps its first
   * sighting as `obtainedAt`, so its lifetime — and the margin clamped to it — doesn't shrink with every answer.
   */
  private acceptToken(rt: Runtime, result: TokenResult, startedAt: number): CachedToken {
    const previous = rt.token;
    const unchanged = previous?.accessToken === result.accessToken;
    const expiresAt = startedAt + result.expiresIn * 1000;
    const token: CachedToken = {
      accessToken: result.accessToken,
      obtainedAt: unchanged ? previous.obtainedAt : startedAt,
      // WeChat rounds the seconds left up: an unchanged token never lives longer than first announced.
      expiresAt: unchanged ? Math.min(previous.expiresAt, expiresAt) : expiresAt,
      mode: rt.account.tokenMode,
    };
    rt.token = token;
    rt.blocker = undefined;
    rt.attempts = 0;
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
    return new TokenUnavailableError(rt.account.id, 'No valid token is available.');
  }

  /** Refusals that hold even for a person's explicit refresh: an IP lockout WeChat imposed, and the failure budget. */
  private refuseWhileBlocked(rt: Runtime): void {
    const now = this.clock.now();
    const lockedUntil = rt.blocker?.lockedUntil;
    if (lockedUntil !== undefined && lockedUntil > now) {
      throw new RefreshRefusedError(
        'locked',
        `WeChat blocks calls from this IP until ${new Date(lockedUntil).toISOString()} (${rt.blocker?.errcode}); a call now would only extend the wait.`,
        lockedUntil,
      );
    }
    if (!rt.budget.allows(now)) {
      const retryAt = rt.budget.nextAllowedAt(now);
      throw new RefreshRefusedError(
        'budget',
        `${rt.budget.failuresInWindow(now)} calls to WeChat failed for this account in the last hour, the most TokenDesk allows: try again at ${new Date(retryAt).toISOString()}.`,
        retryAt,
      );
    }
  }

  // ── refreshed elsewhere ─────────────────────────────────────────────────────────────────────────────────────────

  /**
   * WeChat refused our current token. Before its expiry that means another party refreshed it (recorded, with when).
   * The token is dropped. Stable and WeCom fetch the current one again without harming anyone; classic would
   * invalidate the other party's token, so it pauses until a person decides.
   */
  private tokenRefused(
    rt: Runtime,
    detectedBy: 'check' | 'report',
    errcode: number,
    exchangeId?: string,
  ): 'refreshed-elsewhere' | 'expired' {
    const now = this.clock.now();
    const stillValid = rt.token !== undefined && now < rt.token.expiresAt && errcode !== 42001;
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
      if (rt.account.tokenMode === 'classic') {
        rt.blocker = {
          retryable: false,
          cause: 'refreshed-elsewhere',
          errcode,
          reason: `Another party refreshed this AppID's token (WeChat refused ours at ${new Date(now).toISOString()}). A classic refresh here would invalidate theirs in turn: find the other refresher, or refresh here on purpose.`,
        };
      }
    }
    rt.notBefore = undefined;
    if (rt.token) {
      rt.token = undefined;
      this.dropSavedToken(rt);
      this.events.emit('tokenChanged', { accountId, token: null });
    }
    this.check();
    return stillValid ? 'refreshed-elsewhere' : 'expired';
  }

  // ── persistence and events ──────────────────────────────────────────────────────────────────────────────────────

  private recordExchange(accountId: string, exchange: Exchange, trigger: ExchangeTrigger): void {
    const entry = this.history.record(accountId, exchange, trigger);
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
    const due = this.autoDueAt(rt);
    const next = deriveState(
      {
        fetching: rt.inflight !== undefined,
        token: rt.token,
        expiringAt: rt.token ? expiringAt(rt.token, margin, this.policy) : undefined,
        blocker: rt.blocker,
        nextRefreshAt: due !== undefined && Number.isFinite(due) ? due : undefined,
        refreshedElsewhereAt: rt.refreshedElsewhereAt,
      },
      now,
      rt.state.since,
    );
    if (sameState(next, rt.state)) return;
    if (next.status !== rt.state.status) next.since = now;
    rt.state = next;
    this.events.emit('stateChanged', { accountId: rt.account.id, state: next });
  }

  // ── scheduling ──────────────────────────────────────────────────────────────────────────────────────────────────

  private marginSeconds(rt: Runtime): number {
    return rt.account.marginSeconds ?? this.defaultMarginSeconds();
  }

  private refreshDueAt(rt: Runtime, token: CachedToken): number {
    return Math.max(refreshAt(token, this.marginSeconds(rt), this.policy), rt.notBefore ?? -Infinity);
  }

  /** When background refresh will call WeChat for this account: -Infinity for "now", undefined for "not by itself". */
  private autoDueAt(rt: Runtime): number | undefined {
    if (!rt.account.autoRefresh || rt.inflight) return undefined;
    if (rt.blocker) return rt.blocker.retryable ? rt.blocker.retryAt : undefined;
    return rt.token ? this.refreshDueAt(rt, rt.token) : -Infinity;
  }

  /** Runs what is due, brings every state up to date, and sets the timer for the next deadline (or the tick). */
  private check(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.disposed || !this.started) return;
    const now = this.clock.now();
    for (const rt of this.runtimes.values()) {
      const due = this.autoDueAt(rt);
      if (due !== undefined && due <= now) void this.startFetch(rt, rt.blocker ? 'retry' : 'schedule');
      this.refreshState(rt);
    }
    this.arm();
  }

  /** Sets the timer for the earliest deadline of any account, or the tick. */
  private arm(): void {
    if (this.disposed || !this.started) return;
    const now = this.clock.now();
    let wake = now + this.policy.tickMs;
    for (const rt of this.runtimes.values()) wake = Math.min(wake, this.nextWake(rt, now));
    this.setTimer(wake, now);
  }

  /**
   * After one account changed: only its deadlines are new, so the timer moves only if this account needs it sooner
   * (a timer left later than needed for another account can't happen; one earlier than needed just re-checks).
   * Keeps a burst of N fetches from costing N × N.
   */
  private armFor(rt: Runtime): void {
    if (this.disposed || !this.started) return;
    const now = this.clock.now();
    const wake = this.nextWake(rt, now);
    if (this.cancelTimer && this.timerAt !== undefined && this.timerAt <= wake) return;
    this.setTimer(Math.min(wake, now + this.policy.tickMs), now);
  }

  private setTimer(wake: number, now: number): void {
    if (this.cancelTimer && this.timerAt === wake) return;
    this.cancelTimer?.();
    this.timerAt = wake;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.check();
    }, wake - now);
  }

  /** The next instant at which this account's state changes or work falls due (now, when work is due already). */
  private nextWake(rt: Runtime, now: number): number {
    let wake = Infinity;
    const due = this.autoDueAt(rt);
    if (due !== undefined) wake = Math.max(due, now);
    const future = (instant: number) => {
      if (instant > now && instant < wake) wake = instant;
    };
    if (rt.token) {
      future(expiringAt(rt.token, this.marginSeconds(rt), this.policy));
      future(rt.token.expiresAt);
    }
    if (rt.blocker?.lockedUntil !== undefined) future(rt.blocker.lockedUntil);
    return wake;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
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
