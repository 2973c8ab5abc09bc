import { z } from 'zod';

/**
 * The one schema of TokenDesk's settings file (`config.json` in the data dir). electron-store in the app and `conf`
 * in plain Node (CLI, preview, tests) are both built from `storeOptions()` over the same file, so the two can never
 * disagree about its shape. Each top-level key is validated with zod when read (see SettingsService); conf's own
 * JSON-schema validation is not used because a schema violation there makes it refuse to open the whole file.
 */

export const LanguageSchema = z.enum(['system', 'en', 'zh-CN']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

export const SettingsSchema = z.object({
  /** UI language; 'system' follows the OS locale (zh* → zh-CN, else en). */
  language: LanguageSchema,
  theme: ThemeSchema,
  /** Seconds before expiry at which a token is refreshed, for accounts that don't set their own. */
  defaultMarginSeconds: z.number().int().min(30).max(3600),
  /** Native notifications when an account needs attention. */
  notifications: z.boolean(),
  /**
   * Windows / Linux: closing the window leaves TokenDesk refreshing in the tray (Quit in the tray or File menu ends
   * it). Off, closing the last window quits, as apps there usually do. macOS always keeps running in the menu bar.
   */
  keepRunningInTray: z.boolean(),
  /** The local token endpoint (Postman, scripts, a local backend ask it instead of WeChat); off until turned on. */
  endpointEnabled: z.boolean(),
  /** Its port on 127.0.0.1 and ::1. */
  endpointPort: z.number().int().min(1024).max(65535),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  defaultMarginSeconds: 300,
  notifications: true,
  keepRunningInTray: true,
  endpointEnabled: false,
  endpointPort: 17878,
};

/** Bump with a new entry in `migrations` whenever a stored shape changes. */
export const STORE_SCHEMA_VERSION = '1.1.0';

/** The subset of conf / electron-store that core services use: both satisfy it structurally. */
export interface StoreBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

/** Minimal view of the store a migration gets (conf passes itself). */
export interface MigrationStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
}

/** Options shared by `new Conf(...)` and `new ElectronStore(...)`. */
export function storeOptions() {
  return {
    configName: 'config',
    projectVersion: STORE_SCHEMA_VERSION,
    // `accounts`: StoredAccountSchema entries (electron/core/accounts/account-schema.ts), validated one by one on read.
    defaults: { settings: DEFAULT_SETTINGS, accounts: [] as unknown[] },
    // Never wipe a file we cannot read: openNodeStore / the main adapter move it aside instead.
    clearInvalidConfig: false,
    // Labels, AppIDs, notes and API bases are nobody else's business (conf's default is 0666 minus the umask).
    configFileMode: 0o600,
    migrations: {
      '1.0.0': (store: MigrationStore) => {
        if (!store.has('settings')) store.set('settings', DEFAULT_SETTINGS);
      },
      // 1.1.0 added accounts. A file from 1.0.0 has none; a non-array value (a hand edit) is kept aside, not dropped.
      '1.1.0': (store: MigrationStore) => {
        const accounts = store.get('accounts');
        if (Array.isArray(accounts)) return;
        if (accounts !== undefined) store.set('accountsUnreadable', accounts);
        store.set('accounts', []);
      },
    } as Record<string, (store: MigrationStore) => void>,
  };
}
