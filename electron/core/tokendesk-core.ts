import { isFollowed, type Account } from './accounts/account-schema';
import { ApiTools } from './api-tools';
import { testCredentials } from './accounts/credential-test';
import type { Handlers } from './contract/api-types';
import type { AppInfo } from './contract/ipc-contract';
import type { AccountDraft, AccountView, SaveResult } from './contract/views';
import { createCoreServices, type CoreServices, type CoreServicesOptions } from './core-services';
import type { EndpointStatus } from './contract/views';
import { EndpointController } from './endpoint/endpoint-controller';
import { TokenUnavailableError } from './engine/engine-errors';
import { systemClock } from './engine/clock';
import { PushCoalescer, type PushBatch } from './events/push-coalescer';
import { TypedEmitter } from './events/typed-emitter';
import { TeamMode } from './team/team-mode';
import { StoreWatcher } from './host/store-watcher';
import type { EndpointRequestRecord } from './endpoint/token-source';
import { TOKEN_CALLS, type AccountHistoryEntry, type HistoryEntry } from './history/history-entry';
import type { Settings } from './store/store-schema';
import { UserError } from './user-error';
import { VaultUnavailableError } from './vault/vault';
import type { Exchange } from './wechat/types';

/** Payloads of the events the core pushes; keys match the contract's `events` table. */
export interface CoreEvents extends Record<string, unknown> {
  settingsChanged: Settings;
  accountsChanged: AccountView[];
  accountsUpdated: AccountView[];
  endpointChanged: EndpointStatus;
}

export interface TokenDeskCoreOptions extends CoreServicesOptions {
  /** Facts about the host (Electron app or plain-Node preview) shown in the About box and support info. */
  appInfo: AppInfo;
  /** The OS clipboard (Electron's in the app); absent in the preview, where the page uses its own. */
  clipboard?: { writeText(text: string): void };
  /**
   * `tokendesk serve`: the endpoint always listens on this port whatever Settings say (which stay untouched), and
   * each request is also reported to `onRequest`.
   */
  serveEndpoint?: { port: number; onRequest?: (record: EndpointRequestRecord) => void };
}

export interface CoreStartOptions {
  /** Background refresh (the refresher's long-running hosts). A CLI command fetches only on demand. */
  schedule: boolean;
  /** The local endpoint, as Settings (or `serveEndpoint`) say. */
  endpoint: boolean;
  /** Follow the settings file: accounts and settings changed by another process (the CLI, a hand edit). */
  watchStore: boolean;
}

/**
 * The composition root of TokenDesk's logic and the implementation of the IPC contract. The Electron main process
 * and the browser preview each build one from their own adapters (electron-store or conf, keychain, fetch) and drive
 * the very same handlers; the CLI uses the same services (core-services.ts).
 */
export class TokenDeskCore {
  readonly events = new TypedEmitter<CoreEvents>();
  readonly services: CoreServices;
  readonly handlers: Handlers;
  readonly endpoint: EndpointController;
  /** API console, IP probe, JS-SDK tickets and signatures (issue 13). */
  readonly apiTools: ApiTools;
  /** Team mode: followed accounts (read from a team's Redis / central service) and publishing to Redis. */
  readonly team: TeamMode;
  /** Accounts whose AppSecret is in the keychain (asking the keychain per view would be slow and prompt-prone). */
  private secretIds = new Set<string>();
  private readonly unsubscribes: (() => void)[] = [];
  /** Engine and account events only mark what changed; views are built and pushed in batches (≤ 10 a second). */
  private readonly pushes: PushCoalescer;
  private storeWatcher?: StoreWatcher;
  private disposed = false;

  constructor(private readonly options: TokenDeskCoreOptions) {
    this.services = createCoreServices(options);
    this.pushes = new PushCoalescer({ clock: options.clock ?? systemClock, push: (batch) => this.push(batch) });
    this.team = new TeamMode({
      followed: this.services.followed,
      engine: this.services.engine,
      accounts: this.services.accounts,
      store: options.store,
      vault: options.vault,
      clock: options.clock ?? systemClock,
    });
    const { settings, accounts, engine, diagnostics } = this.services;
    this.endpoint = new EndpointController({
      engine,
      accounts,
      followed: this.services.followed,
      vault: options.vault,
      history: this.services.history,
      ...(options.serveEndpoint?.onRequest ? { onRequest: options.serveEndpoint.onRequest } : {}),
      onChange: (status) => !this.disposed && this.events.emit('endpointChanged', status),
    });
    this.apiTools = new ApiTools({
      services: this.services,
      dataDir: options.dataDir,
      ...(options.apiBase ? { apiBase: options.apiBase } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      requireAccount: (accountId) => this.requireAccount(accountId),
    });
    this.handlers = {
      getAppInfo: () => this.options.appInfo,
      listAccounts: () => this.accountViews(),
      getSettings: () => settings.get(),
      setSettings: async (patch) => {
        const next = settings.set(patch);
        this.events.emit('settingsChanged', next);
        await this.applyEndpointSettings(next);
        return next;
      },
      getEndpointStatus: () => this.endpoint.status(),
      revealEndpointKey: () => this.endpoint.key(),
      rotateEndpointKey: () => this.endpoint.rotateKey(),
      writeClipboard: (text) => {
        if (!this.options.clipboard) return { written: false };
        this.options.clipboard.writeText(text);
        return { written: true };
      },
      // A followed account (team mode) stores no AppSecret.
      addAccount: async (draft, secret) => this.saved(await accounts.add(draft, secret), !isFollowed(draft)),
      updateAccount: async (accountId, draft, secret) => {
        this.requireAccount(accountId);
        return this.saved(
          await accounts.update(accountId, draft, secret),
          secret !== undefined && secret.trim() !== '',
        );
      },
      removeAccount: async (accountId) => {
        this.requireAccount(accountId);
        const result = await accounts.remove(accountId);
        await this.services.history.removeAccount(accountId);
        this.secretIds.delete(accountId);
        if (result.keychainCleanupFailed) {
          throw new UserError({ code: 'keychain-cleanup-failed', params: { detail: result.keychainCleanupFailed } });
        }
      },
      testCredentials: (draft, secret, accountId) => this.testCredentials(draft, secret, accountId),
      testTeamSource: (draft, accountId) => this.team.testSource(draft, accountId),
      addPublishTarget: async (accountId, target) => {
        await this.team.addPublishTarget(this.requireAccount(accountId), target);
        return this.view(this.requireAccount(accountId));
      },
      removePublishTargets: async (accountId) => {
        await this.team.publishTargets.removeFor(this.requireAccount(accountId).id);
        return this.view(this.requireAccount(accountId));
      },
      setAutoRefresh: async (accountId, on) => {
        this.requireAccount(accountId);
        const result = await accounts.update(accountId, { autoRefresh: on });
        // The stored account itself is invalid (a hand edit): say what to fix in it.
        if (!result.ok) throw new UserError(result.problems[0]?.message ?? { code: 'account-gone', params: {} });
        return this.view(result.account);
      },
      getToken: (accountId) =>
        this.teamCall(accountId, 'get') ?? this.afterFetch(accountId, (id) => engine.getToken(id)),
      refreshToken: (accountId, confirmation) =>
        this.teamCall(accountId, 'refresh') ?? this.afterFetch(accountId, (id) => engine.refresh(id, confirmation)),
      forceRefreshToken: (accountId, confirmation) =>
        this.teamCall(accountId, 'force') ?? this.afterFetch(accountId, (id) => engine.forceRefresh(id, confirmation)),
      checkToken: async (accountId) => (await diagnostics.check(this.requireAccount(accountId))).exchange,
      listHistory: (accountId, { errorsOnly, query }) =>
        this.services.history
          .list(this.requireAccount(accountId).id, { errorsOnly, ...(query ? { query } : {}) })
          .filter((entry): entry is AccountHistoryEntry => entry.kind !== 'endpoint-request'),
      getQuota: (accountId, remote) => diagnostics.quota(this.requireAccount(accountId), remote),
      clearQuota: (accountId) => diagnostics.clearQuota(this.requireAccount(accountId)),
      lookupRid: (accountId, rid) => diagnostics.lookupRid(this.requireAccount(accountId), rid),
      ...this.apiTools.handlers,
    };
  }

  /**
   * Reads which accounts have a secret and loads cached tokens (no upstream call for a valid one); then, as the host
   * asks, starts background refresh, the local endpoint and following the settings file. Only the refresher's host
   * calls this with `schedule` — a core that is not the refresher never runs a timer.
   */
  async start(options: CoreStartOptions = { schedule: true, endpoint: true, watchStore: true }): Promise<void> {
    const { accounts, engine } = this.services;
    await this.reloadSecretIds();
    const markAccount = ({ accountId }: { accountId: string }) => this.pushes.markAccount(accountId);
    const markList = () => this.pushes.markList();
    this.unsubscribes.push(
      engine.events.on('stateChanged', markAccount),
      engine.events.on('tokenChanged', markAccount),
      engine.events.on('exchange', markAccount),
      accounts.events.on('accountAdded', markList),
      accounts.events.on('accountUpdated', markList),
      accounts.events.on('accountRemoved', markList),
    );
    await engine.load();
    if (options.schedule) await this.services.scheduler.start();
    // Following team stores and publishing run where refreshing runs: in the refresher's long-running host.
    if (options.schedule) await this.team.start((accountId) => this.pushes.markAccount(accountId));
    if (options.endpoint) await this.applyEndpointSettings(this.services.settings.get());
    if (options.watchStore) {
      this.storeWatcher = new StoreWatcher({
        accounts,
        settings: this.services.settings,
        beforeAccountsAnnounced: (accountIds) => this.learnSecrets(accountIds),
        onSettingsChanged: (next) => {
          this.events.emit('settingsChanged', next);
          void this.applyEndpointSettings(next);
        },
      });
      this.storeWatcher.start();
    }
  }

  /** The machine woke from sleep: wall-clock deadlines may have passed while timers were frozen. */
  resume(): void {
    this.services.scheduler.resume();
  }

  /** Stops timers and waits for pending writes; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
    this.pushes.dispose();
    this.storeWatcher?.stop();
    await this.endpoint.dispose();
    await this.apiTools.dispose();
    this.services.scheduler.dispose();
    this.team.dispose();
    this.services.engine.dispose();
    await this.services.engine.settled();
    await this.services.history.flush();
    await (this.options.vault as { flush?: () => Promise<void> }).flush?.();
  }

  /** What the renderer sees of one account. */
  view(account: Account): AccountView {
    const { engine, history } = this.services;
    const { id, label, kind, appId, environment, tokenMode, autoRefresh, marginSeconds, apiBase, notes } = account;
    const state = engine.getState(id) ?? { status: 'idle' as const, since: account.updatedAt };
    const token = engine.heldToken(id);
    const recent = history.list(id, { limit: 50 });
    const last = recent.find((entry) => entry.kind === 'exchange');
    // The failure behind an error / pause: the newest failed token call, which later helper calls (a quota read, a
    // rid lookup) must not hide.
    const failure =
      state.status === 'error' || state.status === 'paused'
        ? recent.find(
            (entry) =>
              entry.kind === 'exchange' &&
              TOKEN_CALLS.includes(entry.exchange.call) &&
              entry.exchange.outcome.kind !== 'ok',
          )
        : undefined;
    return {
      id,
      label,
      kind,
      appId,
      environment,
      tokenMode,
      autoRefresh,
      marginSeconds,
      apiBase,
      notes,
      secretSet: this.secretIds.has(id),
      state,
      ...(token
        ? {
            token: {
              value: token.accessToken,
              obtainedAt: token.obtainedAt,
              expiresAt: token.expiresAt,
              mode: token.mode,
            },
          }
        : {}),
      ...(last?.kind === 'exchange' ? { lastExchange: last.exchange } : {}),
      ...(failure?.kind === 'exchange' ? { lastFailure: failure.exchange } : {}),
      ...(failure ? ipBeforeLastSuccess(recent, failure.id) : {}),
      // A followed account: its source, and its state and token from the team store instead of the engine.
      ...(account.source ? { source: account.source } : {}),
      ...(account.follow ? { follow: account.follow } : {}),
      ...this.team.viewParts(account),
      ...this.team.publishView(account),
    };
  }

  /**
   * Runs a fetch and returns the account afterwards. When WeChat (or the network) said no, the account's state and
   * its diagnosis cards explain it in the UI's language, so that is not an error of the call; a local refusal (force
   * refresh too soon, a needed confirmation) still is, with its message.
   */
  private async afterFetch(accountId: string, fetch: (id: string) => Promise<unknown>): Promise<AccountView> {
    const account = this.requireAccount(accountId);
    try {
      await fetch(account.id);
    } catch (error) {
      if (!(error instanceof TokenUnavailableError)) throw error;
    }
    return this.view(this.requireAccount(accountId));
  }

  /** A token call on a followed account: answered from the team store (never WeChat); undefined for other accounts. */
  private teamCall(accountId: string, kind: 'get' | 'refresh' | 'force'): Promise<AccountView> | undefined {
    const account = this.requireAccount(accountId);
    if (!isFollowed(account)) return undefined;
    return this.team.call(account, kind).then(() => this.view(this.requireAccount(accountId)));
  }

  /** One flush of the coalesced pushes: the list when it changed (it holds every account), else the changed ones. */
  private push({ list, accountIds }: PushBatch): void {
    if (this.disposed) return;
    if (list) {
      this.events.emit('accountsChanged', this.accountViews());
      return;
    }
    const views = accountIds.flatMap((id) => {
      const account = this.services.accounts.get(id);
      return account ? [this.view(account)] : []; // removed meanwhile: the list push says so
    });
    if (views.length > 0) this.events.emit('accountsUpdated', views);
  }

  private accountViews(): AccountView[] {
    return this.services.accounts.list().map((account) => this.view(account));
  }

  private requireAccount(accountId: string): Account {
    const account = this.services.accounts.get(accountId);
    if (!account) throw new UserError({ code: 'account-gone', params: {} });
    return account;
  }

  /** A successful save that stored a secret adds the account to `secretIds` (listing the keychain costs seconds at 1,000 entries). */
  private saved(result: Awaited<ReturnType<CoreServices['accounts']['add']>>, storedSecret: boolean): SaveResult {
    if (!result.ok) return result;
    if (storedSecret) this.secretIds.add(result.account.id);
    return { ok: true, account: this.view(result.account), warnings: result.warnings };
  }

  /** `serve` pins the endpoint on; otherwise Settings decide. */
  private applyEndpointSettings(settings: Settings): Promise<void> {
    const pinned = this.options.serveEndpoint;
    return this.endpoint.apply(
      pinned
        ? { enabled: true, port: pinned.port }
        : { enabled: settings.endpointEnabled, port: settings.endpointPort },
    );
  }

  /** Accounts another process added or changed: ask the keychain about just those (a full listing costs seconds). */
  private async learnSecrets(accountIds: string[]): Promise<void> {
    for (const id of accountIds) {
      const secret = await this.services.vault.getSecret(id).catch(() => undefined);
      if (secret) this.secretIds.add(id);
      else this.secretIds.delete(id);
    }
  }

  private async reloadSecretIds(): Promise<void> {
    try {
      this.secretIds = await this.services.vault.accountsWithSecret();
    } catch (error) {
      // The desk still opens without a keychain; each account's state then says the secret can't be read.
      if (!(error instanceof VaultUnavailableError)) throw error;
    }
  }

  /** One fetch with a form's credentials, nothing saved (see accounts/credential-test.ts for where secrets may go). */
  private testCredentials(
    draft: AccountDraft,
    typedSecret: string | undefined,
    accountId: string | undefined,
  ): Promise<Exchange> {
    return testCredentials(this.services, draft, typedSecret, accountId);
  }
}

function reportedIp(exchange: Exchange): string | undefined {
  return exchange.outcome.kind === 'wechat-error'
    ? (exchange.outcome.facts.ip ?? exchange.outcome.facts.fromIp)
    : undefined;
}

/**
 * WeChat names the caller's IP only when it refuses it. If an earlier refusal named IP X and a success followed (X
 * had been whitelisted), while the current failure names Y ≠ X, the egress IP changed since the last success — the
 * commonest reason a working account starts failing with 40164.
 */
function ipBeforeLastSuccess(recent: readonly HistoryEntry[], failureId: string): { lastSuccessIp?: string } {
  const exchanges = recent.flatMap((entry) =>
    entry.kind === 'exchange' && TOKEN_CALLS.includes(entry.exchange.call) ? [entry] : [],
  );
  const failureIndex = exchanges.findIndex((entry) => entry.id === failureId);
  const current = failureIndex >= 0 ? reportedIp(exchanges[failureIndex]!.exchange) : undefined;
  if (!current) return {};
  const successIndex = exchanges.findIndex(
    (entry, index) => index > failureIndex && entry.exchange.outcome.kind === 'ok',
  );
  if (successIndex < 0) return {};
  const earlier = exchanges
    .slice(successIndex + 1)
    .map((entry) => reportedIp(entry.exchange))
    .find(Boolean);
  return earlier && earlier !== current ? { lastSuccessIp: earlier } : {};
}
