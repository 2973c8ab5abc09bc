import type { Readable, Writable } from 'node:stream';
import type { AccountService } from '../core/accounts/account-service';
import type { Account } from '../core/accounts/account-schema';
import { resolveAlias } from '../core/endpoint/resolve-alias';
import type { TokenEngine } from '../core/engine/token-engine';
import type { History } from '../core/history/history';
import { RefresherLock } from '../core/refresher/refresher-lock';
import { createCoreServices, type CoreServices } from '../core/core-services';
import { hostEnvironment } from '../core/host-environment';
import { openNodeStore } from '../core/store/node-store';
import type { StoreBackend } from '../core/store/store-schema';
import { KeytarVault } from '../core/vault/keytar-vault';
import type { WeChatClient } from '../core/wechat/client';
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
  readonly refresher: RefresherLock;
  private readonly apiBase?: string;
  private opened?: CoreServices & { store: StoreBackend };

  constructor(readonly io: CliIo) {
    const host = hostEnvironment(io.env);
    this.dataDir = host.dataDir;
    this.locale = cliLocale(io.env);
    this.vault = new KeytarVault(host.vaultPrefix);
    if (host.apiBase) this.apiBase = host.apiBase;
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

  get client(): WeChatClient {
    return this.open().client;
  }

  /** The same engine the app runs, wired the same way; started only by `serve` (a one-off command needs no timers). */
  get engine(): TokenEngine {
    return this.open().engine;
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
    await this.opened?.engine.settled();
    await this.opened?.history.flush();
  }

  private open(): CoreServices & { store: StoreBackend } {
    if (!this.opened) {
      const { store, quarantinedFile } = openNodeStore(this.dataDir);
      if (quarantinedFile)
        this.io.stderr.write(`The settings file could not be read; it was kept as ${quarantinedFile}.\n`);
      const services = createCoreServices({
        dataDir: this.dataDir,
        store,
        vault: this.vault,
        ...(this.apiBase ? { apiBase: this.apiBase } : {}),
      });
      this.opened = { ...services, store };
    }
    return this.opened;
  }
}
