import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AccountService } from '../core/accounts/account-service';
import type { Account } from '../core/accounts/account-schema';
import { resolveAlias } from '../core/endpoint/resolve-alias';
import { TokenEngine } from '../core/engine/token-engine';
import { History } from '../core/history/history';
import { RefresherLock } from '../core/refresher/refresher-lock';
import { SettingsService } from '../core/settings/settings-service';
import { defaultDataDir } from '../core/store/data-dir';
import { openNodeStore } from '../core/store/node-store';
import type { StoreBackend } from '../core/store/store-schema';
import { DEFAULT_VAULT_PREFIX, KeytarVault } from '../core/vault/keytar-vault';
import { WeChatClient } from '../core/wechat/client';
import { cliLocale, type CliLocale } from './explain-error';
import { CliError, ExitCode } from './exit-codes';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * Everything a command needs, built from the environment the way the app builds it: the same data dir, settings
 * file, keychain entries and WeChat client — so the CLI and the app share accounts, secrets and cached tokens.
 */
export class CliContext {
  readonly dataDir: string;
  readonly locale: CliLocale;
  readonly vault: KeytarVault;
  readonly client: WeChatClient;
  readonly refresher: RefresherLock;
  private opened?: { store: StoreBackend; accounts: AccountService; history: History };
  private builtEngine?: TokenEngine;

  constructor(readonly io: CliIo) {
    this.dataDir = defaultDataDir(io.env);
    this.locale = cliLocale(io.env);
    this.vault = new KeytarVault(io.env.TOKENDESK_KEYCHAIN_SERVICE || DEFAULT_VAULT_PREFIX);
    const apiBase = io.env.TOKENDESK_API_BASE?.replace(/\/+$/, '');
    // One override for both families: the fake WeChat server (and most proxies) serve both on one base URL.
    this.client = new WeChatClient(apiBase ? { apiBase, wecomApiBase: apiBase } : {});
    this.refresher = new RefresherLock(this.dataDir);
  }

  /** The settings file and what lives in it, opened on first use (`--help` touches nothing). */
  get store(): StoreBackend {
    return this.open().store;
  }

  get accounts(): AccountService {
    return this.open().accounts;
  }

  get history(): History {
    return this.open().history;
  }

  /** The same engine the app runs; built on first use, started only by `serve` (a one-off command needs no timers). */
  get engine(): TokenEngine {
    if (!this.builtEngine) {
      const settings = new SettingsService(this.store);
      this.builtEngine = new TokenEngine({
        client: this.client,
        accounts: this.accounts,
        vault: this.vault,
        history: this.history,
        defaultMarginSeconds: () => settings.get().defaultMarginSeconds,
      });
    }
    return this.builtEngine;
  }

  /** The account a command names by label or AppID; exit 3 when there is none. */
  account(alias: string): Account {
    const accounts = this.accounts.list();
    const match = resolveAlias(
      accounts.map((account) => ({
        id: account.id,
        label: account.label,
        appId: account.appId,
        kind: account.kind,
        mode: account.tokenMode,
      })),
      alias,
    );
    if (match.kind === 'ambiguous')
      throw new CliError(ExitCode.unknownAccount, `Several accounts have the AppID ${alias}; name one by its label.`);
    if (match.kind === 'none')
      throw new CliError(
        ExitCode.unknownAccount,
        `No account has the label or AppID "${alias}". \`tokendesk accounts list\` shows them.`,
      );
    return accounts.find((account) => account.id === match.account.id)!;
  }

  /** Waits for pending history writes. */
  async flush(): Promise<void> {
    await this.builtEngine?.settled();
    await this.opened?.history.flush();
  }

  private open() {
    if (!this.opened) {
      const { store, quarantinedFile } = openNodeStore(this.dataDir);
      if (quarantinedFile)
        this.io.stderr.write(`The settings file could not be read; it was kept as ${quarantinedFile}.\n`);
      this.opened = {
        store,
        accounts: new AccountService({ store, vault: this.vault }),
        history: new History({ dir: path.join(this.dataDir, 'history') }),
      };
    }
    return this.opened;
  }
}
