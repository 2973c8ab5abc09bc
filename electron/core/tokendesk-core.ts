import type { AppInfo } from './contract/ipc-contract';
import type { Handlers } from './contract/api-types';
import type { Settings } from './store/store-schema';
import type { StoreBackend } from './store/store-schema';
import { TypedEmitter } from './events/typed-emitter';
import { SettingsService } from './settings/settings-service';

/** Payloads of the events the core pushes; keys match the contract's `events` table. */
export interface CoreEvents extends Record<string, unknown> {
  settingsChanged: Settings;
}

export interface TokenDeskCoreOptions {
  store: StoreBackend;
  /** Facts about the host (Electron app or plain-Node preview) shown in the About box and support info. */
  appInfo: AppInfo;
  /** The OS clipboard (Electron's in the app); absent in the preview, where the page uses its own. */
  clipboard?: { writeText(text: string): void };
}

/**
 * The composition root of TokenDesk's logic. The Electron main process, the browser preview and the CLI each build
 * one from their own adapters (electron-store or conf, keychain, fetch) and drive the very same handlers.
 */
export class TokenDeskCore {
  readonly events = new TypedEmitter<CoreEvents>();
  readonly settings: SettingsService;
  readonly handlers: Handlers;

  constructor(private readonly options: TokenDeskCoreOptions) {
    this.settings = new SettingsService(options.store);
    this.handlers = {
      getAppInfo: () => this.options.appInfo,
      listAccounts: () => [],
      getSettings: () => this.settings.get(),
      setSettings: (patch) => {
        const next = this.settings.set(patch);
        this.events.emit('settingsChanged', next);
        return next;
      },
      writeClipboard: (text) => {
        if (!this.options.clipboard) return { written: false };
        this.options.clipboard.writeText(text);
        return { written: true };
      },
    };
  }

  /** The machine woke from sleep: wall-clock deadlines may have passed while timers were frozen. */
  resume(): void {}

  /** Stops timers and releases resources; safe to call twice. */
  async dispose(): Promise<void> {}
}
