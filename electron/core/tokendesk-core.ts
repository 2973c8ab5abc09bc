import { AccountViews } from './account-views';
import { ApiTools } from './api-tools';
import { accountHandlers } from './handlers/account-handlers';
import { appHandlers } from './handlers/app-handlers';
import { tokenHandlers } from './handlers/token-handlers';
import type { Handlers } from './contract/api-types';
import type { AppInfo } from './contract/ipc-contract';
import type { AccountView } from './contract/views';
import { createCoreServices, type CoreServices, type CoreServicesOptions } from './core-services';
import type { EndpointStatus } from './contract/views';
import { EndpointController } from './endpoint/endpoint-controller';
import { systemClock } from './engine/clock';
import { PushCoalescer, type PushBatch } from './events/push-coalescer';
import { TypedEmitter } from './events/typed-emitter';
import { TeamMode } from './team/team-mode';
import { StoreWatcher } from './host/store-watcher';
import type { EndpointRequestRecord } from './endpoint/token-source';
import type { Settings } from './store/store-schema';

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
 * The composition root of TokenDesk's logic and the implementation of the IPC contract: the services, team mode, the
 * local endpoint and the API tools, with the contract's handlers grouped by domain (handlers/: the app, accounts,
 * tokens) over one set of account views. Only a host (host/host.ts) builds one — in the refresher process — so the
 * app, the preview, `serve` and the CLI all run the very same handlers.
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
  /** What each account looks like to the renderer, the tray, a follower. */
  readonly views: AccountViews;
  private readonly unsubscribes: (() => void)[] = [];
  /** Engine and account events only mark what changed; views are built and pushed in batches (≤ 10 a second). */
  private readonly pushes: PushCoalescer;
  private storeWatcher?: StoreWatcher;
  private disposed = false;

  constructor(private readonly options: TokenDeskCoreOptions) {
    this.services = createCoreServices({
      userAgent: `TokenDesk/${options.appInfo.version} (${options.appInfo.runtime})`,
      ...options,
    });
    this.pushes = new PushCoalescer({ clock: options.clock ?? systemClock, push: (batch) => this.push(batch) });
    this.team = new TeamMode({
      followed: this.services.followed,
      engine: this.services.engine,
      accounts: this.services.accounts,
      store: options.store,
      vault: options.vault,
      clock: options.clock ?? systemClock,
    });
    const { settings, accounts, engine } = this.services;
    this.views = new AccountViews(this.services, this.team);
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
      requireAccount: (accountId) => this.views.require(accountId),
    });
    this.handlers = {
      ...appHandlers({
        appInfo: options.appInfo,
        ...(options.clipboard ? { clipboard: options.clipboard } : {}),
        settings,
        endpoint: this.endpoint,
        settingsChanged: async (next) => {
          this.events.emit('settingsChanged', next);
          await this.applyEndpointSettings(next);
        },
      }),
      ...accountHandlers({ services: this.services, team: this.team, views: this.views }),
      ...tokenHandlers({ services: this.services, team: this.team, views: this.views }),
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
    // Which accounts have a secret is only for the edit dialog ("Set · Replace"), and listing the keychain loads every
    // secret: 2.3 s for 1,000 items here, which would delay every token of a cold start. So it runs once the start's
    // burst of fetches has settled, in the long-running hosts only (a CLI command shows no dialog).
    if (options.watchStore) {
      void engine
        .settled()
        .then(() => this.views.reloadSecrets())
        .then(
          () => !this.disposed && this.pushes.markList(),
          () => undefined,
        );
      this.storeWatcher = new StoreWatcher({
        accounts,
        settings: this.services.settings,
        beforeAccountsAnnounced: (accountIds) => this.views.learnSecrets(accountIds),
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

  /** One flush of the coalesced pushes: the list when it changed (it holds every account), else the changed ones. */
  private push({ list, accountIds }: PushBatch): void {
    if (this.disposed) return;
    if (list) {
      this.events.emit('accountsChanged', this.views.list());
      return;
    }
    const views = accountIds.flatMap((id) => {
      const account = this.services.accounts.get(id);
      return account ? [this.views.view(account)] : []; // removed meanwhile: the list push says so
    });
    if (views.length > 0) this.events.emit('accountsUpdated', views);
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
}
