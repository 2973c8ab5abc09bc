import path from 'node:path';
import { AccountService } from './accounts/account-service';
import { Diagnostics } from './diagnostics/diagnostics';
import { BlockStore } from './engine/block-store';
import { systemClock, type Clock } from './engine/clock';
import { RefreshScheduler } from './engine/refresh-scheduler';
import { TokenEngine, type EnginePolicy } from './engine/token-engine';
import { History } from './history/history';
import { SettingsService } from './settings/settings-service';
import type { StoreBackend } from './store/store-schema';
import { FollowedAccounts, wechatSourcedAccounts } from './team/followed-accounts';
import type { Vault } from './vault/vault';
import { WeChatClient } from './wechat/client';
import { undiciSend, type HttpSend } from './wechat/http-send';

export interface CoreServicesOptions {
  dataDir: string;
  store: StoreBackend;
  vault: Vault;
  /** One base URL for both families (a proxy, the fake WeChat server); absent → WeChat's own hosts. */
  apiBase?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  /**
   * Sent as User-Agent with every call to WeChat, e.g. `TokenDesk/0.1.0 (serve)`: a proxy's log, or a test, can tell
   * which TokenDesk process made a call.
   */
  userAgent?: string;
  /** Engine timings for this host (the CLI's one command retries sooner than a long-running refresher). */
  enginePolicy?: Partial<EnginePolicy>;
}

/** The services every host (app, preview, CLI) runs, wired the one way they are wired. */
export interface CoreServices {
  settings: SettingsService;
  accounts: AccountService;
  history: History;
  client: WeChatClient;
  engine: TokenEngine;
  /** Background refresh: started only by the refresher's host (`scheduler.start()`); nobody else runs timers. */
  scheduler: RefreshScheduler;
  /** Check, quota meter, clear_quota/v2, rid lookup: the desk's and the CLI's, through the engine's gateway. */
  diagnostics: Diagnostics;
  /** Team mode: the tokens of followed accounts, read from the team's Redis or central service (never fetched). */
  followed: FollowedAccounts;
  vault: Vault;
}

export function createCoreServices(options: CoreServicesOptions): CoreServices {
  const apiBase = options.apiBase?.replace(/\/+$/, '');
  const settings = new SettingsService(options.store);
  const accounts = new AccountService({
    store: options.store,
    vault: options.vault,
    ...(options.clock ? { now: () => options.clock!.now() } : {}),
  });
  const history = new History({ dir: path.join(options.dataDir, 'history') });
  // One override for both families: the fake WeChat server (and most proxies) serve both on one base URL.
  const client = new WeChatClient({
    ...(apiBase ? { apiBase, wecomApiBase: apiBase } : {}),
    fetch: withUserAgent(options.fetch ?? undiciSend, options.userAgent),
    ...(options.clock ? { now: () => options.clock!.now() } : {}),
  });
  const engine = new TokenEngine({
    client,
    // Followed accounts (team mode) are invisible to the engine: it can never call WeChat's token endpoints for them.
    accounts: wechatSourcedAccounts(accounts),
    vault: options.vault,
    history,
    blocks: BlockStore.inDataDir(options.dataDir),
    ...(options.clock ? { clock: options.clock } : {}),
    defaultMarginSeconds: () => settings.get().defaultMarginSeconds,
    ...(options.enginePolicy ? { policy: options.enginePolicy } : {}),
  });
  const scheduler = new RefreshScheduler({ engine, ...(options.clock ? { clock: options.clock } : {}) });
  const diagnostics = new Diagnostics({
    engine,
    client,
    vault: options.vault,
    history,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const followed = new FollowedAccounts({
    accounts,
    vault: options.vault,
    clock: options.clock ?? systemClock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { settings, accounts, history, client, engine, scheduler, diagnostics, followed, vault: options.vault };
}

/** The client's transport, naming TokenDesk in the User-Agent (the WeChat client sends its headers as a plain object). */
function withUserAgent(base: HttpSend, userAgent: string | undefined): HttpSend {
  if (!userAgent) return base;
  return (url, init) => base(url, { ...init, headers: { ...init.headers, 'user-agent': userAgent } });
}
