import type { AccountService } from '../accounts/account-service';
import type { SettingsService } from '../settings/settings-service';
import type { Settings } from '../store/store-schema';

export interface StoreWatcherOptions {
  accounts: AccountService;
  settings: SettingsService;
  /** Accounts another process added or updated, before they are announced (their keychain entries may be new). */
  beforeAccountsAnnounced: (accountIds: string[]) => Promise<void>;
  onSettingsChanged: (settings: Settings) => void;
  /** Default 500 ms: a change by the CLI shows up in the refresher and every window well within 2 s. */
  intervalMs?: number;
}

/**
 * Notices what other processes write to the shared settings file. A poll rather than fs.watch: watch events are
 * unreliable across platforms and atomic renames, while a poll costs one stat per interval (the store re-reads the
 * file only when its mtime, size or inode changed).
 */
export class StoreWatcher {
  private timer?: NodeJS.Timeout;
  private lastSettings?: string;
  /** One look at a time: a slow keychain must not let looks pile up. */
  private looking = false;

  constructor(private readonly options: StoreWatcherOptions) {}

  start(): void {
    void this.look();
    this.timer = setInterval(() => void this.look(), this.options.intervalMs ?? 500);
    // A watcher alone must not keep a process alive (the CLI, tests).
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async look(): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      await this.options.accounts.syncFromStore(this.options.beforeAccountsAnnounced);
    } finally {
      this.looking = false;
    }
    const settings = this.options.settings.get();
    const text = JSON.stringify(settings);
    if (this.lastSettings !== undefined && text !== this.lastSettings) this.options.onSettingsChanged(settings);
    this.lastSettings = text;
  }
}
