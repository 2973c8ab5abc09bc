import type { Readable, Writable } from 'node:stream';
import type { AccountService } from '../core/accounts/account-service';
import type { Account } from '../core/accounts/account-schema';
import { resolveAlias } from '../core/endpoint/resolve-alias';
import type { History } from '../core/history/history';
import { createHost, type Host } from '../core/host/host';
import { createCoreServices, type CoreServices } from '../core/core-services';
import { hostEnvironment } from '../core/host-environment';
import { openNodeStore } from '../core/store/node-store';
import type { FollowedAccounts } from '../core/team/followed-accounts';
import type { StoreBackend } from '../core/store/store-schema';
import { openVault } from '../core/vault/open-vault';
import type { Vault } from '../core/vault/vault';
import { cliLocale, type CliLocale } from './explain-error';
import { CliError, ExitCode } from './exit-codes';

/** Shown in `getAppInfo` of a CLI host; the package version is not worth a file read per command. */
const CLI_VERSION = process.env.npm_package_version ?? '0.1.0';

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
  readonly vault: Vault & { flush(): Promise<void> };
  private readonly apiBase?: string;
  private opened?: CoreServices & { store: StoreBackend };
  private hosted?: Promise<Host>;

  constructor(readonly io: CliIo) {
    const host = hostEnvironment(io.env);
    this.dataDir = host.dataDir;
    this.locale = cliLocale(io.env);
    this.vault = openVault(host.vaultPrefix, this.dataDir);
    if (host.apiBase) this.apiBase = host.apiBase;
  }

  /**
   * The host this command works through: a client of the running refresher (the app, the preview or `serve`), or —
   * when none runs — the refresher itself for the length of the command (no scheduler, no endpoint), so a command
   * never fetches beside another refresher. Token commands use it; `serve` builds a long-running one of its own.
   */
  host(): Promise<Host> {
    this.hosted ??= createHost({
      kind: 'cli',
      ...this.hostOptions(),
      // A command retries a blip within its own ~10 s, so its backoff is short; a long-running refresher keeps its own.
      enginePolicy: { backoffBaseMs: 500, backoffMaxMs: 4_000 },
    });
    return this.hosted;
  }

  /** What every host of this CLI run is built from (the settings file is opened on first use). */
  hostOptions() {
    const { store } = this.open();
    return {
      store,
      dataDir: this.dataDir,
      vault: this.vault,
      ...(this.apiBase ? { apiBase: this.apiBase } : {}),
      appInfo: {
        name: 'TokenDesk',
        version: CLI_VERSION,
        runtime: 'cli' as const,
        platform: process.platform,
        dataDir: this.dataDir,
        locale: this.locale,
        ...(this.apiBase ? { apiBase: this.apiBase } : {}),
      },
    };
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

  /** Team mode: followed accounts' tokens, read from the team's store (reading needs no refresher role). */
  get followed(): FollowedAccounts {
    return this.open().followed;
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

  /** Waits for pending history writes and gives up the refresher role if this command held it. */
  async flush(): Promise<void> {
    await this.opened?.engine.settled();
    await this.opened?.history.flush();
    await this.vault.flush();
    if (this.hosted) await (await this.hosted.catch(() => undefined))?.dispose();
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
