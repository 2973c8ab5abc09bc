import path from 'node:path';
import { AccountService } from './accounts/account-service';
import type { Clock } from './engine/clock';
import { TokenEngine } from './engine/token-engine';
import { History } from './history/history';
import { SettingsService } from './settings/settings-service';
import type { StoreBackend } from './store/store-schema';
import type { Vault } from './vault/vault';
import { WeChatClient } from './wechat/client';

export interface CoreServicesOptions {
  dataDir: string;
  store: StoreBackend;
  vault: Vault;
  /** One base URL for both families (a proxy, the fake WeChat server); absent → WeChat's own hosts. */
  apiBase?: string;
  clock?: Clock;
  fetch?: typeof fetch;
}

/** The services every host (app, preview, CLI) runs, wired the one way they are wired. */
export interface CoreServices {
  settings: SettingsService;
  accounts: AccountService;
  history: History;
  client: WeChatClient;
  engine: TokenEngine;
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
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { now: () => options.clock!.now() } : {}),
  });
  const engine = new TokenEngine({
    client,
    accounts,
    vault: options.vault,
    history,
    ...(options.clock ? { clock: options.clock } : {}),
    defaultMarginSeconds: () => settings.get().defaultMarginSeconds,
  });
  return { settings, accounts, history, client, engine, vault: options.vault };
}
