import { z } from 'zod';
import { SettingsSchema, type Settings } from '../store/store-schema';
import { event, invoke } from './contract-kit';

/**
 * TokenDesk's one IPC contract, shared by main (registration loop), preload (window.tokendesk), the browser
 * preview (WebSocket) and the renderer (types). Keys are the method names on `window.tokendesk`.
 */

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the desktop app, 'preview' in `npm run web`. */
  runtime: 'electron' | 'preview';
  platform: string;
  /** Where the settings file lives, so support questions can be answered. */
  dataDir: string;
  /** Set when the settings file could not be read and was moved aside: the UI tells the user where. */
  quarantinedSettingsFile?: string;
  /** The OS locale, for the 'system' language choice. */
  locale: string;
}

/** An account as the renderer sees it: never a secret. Filled in by the accounts issue. */
export interface AccountSummary {
  id: string;
  label: string;
}

export const invokes = {
  /** Name, version, runtime and data dir of this TokenDesk. */
  getAppInfo: invoke('app:info', z.tuple([])).returns<AppInfo>(),
  /** Every account, sorted by label. */
  listAccounts: invoke('accounts:list', z.tuple([])).returns<AccountSummary[]>(),
  /** The current settings (defaults filled in). */
  getSettings: invoke('settings:get', z.tuple([])).returns<Settings>(),
  /** Change some settings; returns the settings after the change. */
  setSettings: invoke('settings:set', z.tuple([SettingsSchema.partial().strict()])).returns<Settings>(),
  /** Puts text on the OS clipboard through the main process; `written: false` where the host has no clipboard (preview). */
  writeClipboard: invoke('clipboard:write', z.tuple([z.string().max(64 * 1024)])).returns<{ written: boolean }>(),
} as const;

export const events = {
  /** Settings changed (from any window, the CLI's file write is not watched). */
  settingsChanged: event<Settings>('settings:changed'),
} as const;

export type Invokes = typeof invokes;
export type Events = typeof events;
export type MethodName = keyof Invokes;
export type EventName = keyof Events;
