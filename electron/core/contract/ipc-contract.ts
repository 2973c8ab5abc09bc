import { z } from 'zod';
import { SettingsSchema, type Settings } from '../store/store-schema';
import type { AccountHistoryEntry } from '../history/history-entry';
import type { Exchange, RidResult } from '../wechat/types';
import {
  ConsoleRequestSchema,
  SignRequestSchema,
  TICKET_TYPES,
  type ConsoleResult,
  type HeldTicket,
  type IpProbeResult,
  type IpSighting,
  type SignView,
  type TicketView,
} from './api-tools-views';
import { event, invoke } from './contract-kit';
import {
  AccountDraftSchema,
  SecretInputSchema,
  type AccountView,
  type EndpointStatus,
  type QuotaView,
  type SaveResult,
  type TeamSourceTest,
} from './views';

/**
 * TokenDesk's one IPC contract, shared by main (registration loop), preload (window.tokendesk), the browser
 * preview (WebSocket) and the renderer (types). Keys are the method names on `window.tokendesk`.
 */

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the desktop app, 'preview' in `npm run web`, 'serve' / 'cli' in `tokendesk`. */
  runtime: 'electron' | 'preview' | 'serve' | 'cli';
  platform: string;
  /** Where the settings file lives, so support questions can be answered. */
  dataDir: string;
  /** Set when the settings file could not be read and was moved aside: the UI tells the user where. */
  quarantinedSettingsFile?: string;
  /** The OS locale, for the 'system' language choice. */
  locale: string;
  /** The WeChat base URL every account uses unless it sets its own (`--api-base`), when it isn't WeChat's. */
  apiBase?: string;
}

const AccountId = z.string().min(1).max(64);
/** A caller's explicit "yes, I know this invalidates the token for everyone" for classic / force refreshes. */
const RiskConfirmation = z.object({ confirmProductionRisk: z.boolean() }).strict();

export const invokes = {
  /** Name, version, runtime and data dir of this TokenDesk. */
  getAppInfo: invoke('app:info', z.tuple([])).returns<AppInfo>(),
  /** Every account with its state and token, sorted by label. */
  listAccounts: invoke('accounts:list', z.tuple([])).returns<AccountView[]>(),
  /** Saves a new account; its secret goes to the keychain. */
  addAccount: invoke('accounts:add', z.tuple([AccountDraftSchema, SecretInputSchema])).returns<SaveResult>(),
  /** Changes an account; a secret replaces the stored one, none keeps it. */
  updateAccount: invoke(
    'accounts:update',
    z.tuple([AccountId, AccountDraftSchema, SecretInputSchema.optional()]),
  ).returns<SaveResult>(),
  /** Deletes an account and its keychain entries. */
  removeAccount: invoke('accounts:remove', z.tuple([AccountId])).returns<void>(),
  /** One token fetch with the draft's credentials, nothing saved (stable_token normal mode: invalidates nothing). */
  testCredentials: invoke(
    'accounts:test-credentials',
    z.tuple([AccountDraftSchema, SecretInputSchema.optional(), AccountId.optional()]),
  ).returns<Exchange>(),
  /**
   * Team mode's "Test connection": reads the draft's team source once (Redis or central service), nothing saved. Tells
   * apart unreachable, auth failed, TLS error, key missing and an unexpected format (with a redacted sample).
   */
  testTeamSource: invoke(
    'accounts:test-team-source',
    z.tuple([AccountDraftSchema, AccountId.optional()]),
  ).returns<TeamSourceTest>(),
  /** Team mode: publish a managed account's token into a Redis in an SDK's format (a URL password goes to the keychain). */
  addPublishTarget: invoke(
    'publish:add',
    z.tuple([
      AccountId,
      z.object({
        url: z.string().max(500),
        format: z.string().max(20),
        keyPrefix: z.string().max(200).nullable(),
        keyTemplate: z.string().max(200).nullable(),
        valueField: z.string().max(200).nullable(),
      }),
    ]),
  ).returns<AccountView>(),
  /** Team mode: stop publishing the account's token anywhere. */
  removePublishTargets: invoke('publish:remove', z.tuple([AccountId])).returns<AccountView>(),
  /** Turns background refresh on or off. */
  setAutoRefresh: invoke('accounts:set-auto-refresh', z.tuple([AccountId, z.boolean()])).returns<AccountView>(),
  /** The current token, fetching one only if there is no valid one (single-flight). */
  getToken: invoke('token:get', z.tuple([AccountId])).returns<AccountView>(),
  /** Fetches a new token now in the account's mode (classic on production needs the confirmation). */
  refreshToken: invoke('token:refresh', z.tuple([AccountId, RiskConfirmation])).returns<AccountView>(),
  /** stable_token with force_refresh (≥ 30 s apart, 20 a day; production needs the confirmation). */
  forceRefreshToken: invoke('token:force-refresh', z.tuple([AccountId, RiskConfirmation])).returns<AccountView>(),
  /** Asks WeChat whether our token still works (get_api_domain_ip); 40001 while fresh → refreshed elsewhere. */
  checkToken: invoke('token:check', z.tuple([AccountId])).returns<Exchange>(),
  /** The account's exchanges and refreshed-elsewhere notes, newest first; `query` matches a rid or an errcode. */
  listHistory: invoke(
    'history:list',
    z.tuple([AccountId, z.object({ errorsOnly: z.boolean(), query: z.string().max(100) }).strict()]),
  ).returns<AccountHistoryEntry[]>(),
  /** The local daily counter, plus WeChat's meter (openapi/quota/get) when `remote` is true. */
  getQuota: invoke('quota:get', z.tuple([AccountId, z.boolean()])).returns<QuotaView>(),
  /** clear_quota/v2 (10 a month). */
  clearQuota: invoke('quota:clear', z.tuple([AccountId])).returns<Exchange>(),
  /** Looks up a rid (openapi/rid/get) with the account's token. */
  lookupRid: invoke(
    'rid:lookup',
    z.tuple([AccountId, z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/i)]),
  ).returns<Exchange<RidResult>>(),
  /** API console: any API with the managed token (added by TokenDesk), on the account's API base only. */
  callApi: invoke('console:call', z.tuple([AccountId, ConsoleRequestSchema])).returns<ConsoleResult>(),
  /** Which IP WeChat sees this machine's calls come from (a harmless error, then its rid), with the IP history. */
  probeIp: invoke('ip:probe', z.tuple([AccountId])).returns<IpProbeResult>(),
  /** The IPs earlier probes saw, newest first. */
  listIpSightings: invoke('ip:sightings', z.tuple([AccountId])).returns<IpSighting[]>(),
  /** A JS-SDK ticket, cached like tokens (`renew`: fetch a new one now); WeChat's refusal comes back as the exchange. */
  getTicket: invoke('ticket:get', z.tuple([AccountId, z.enum(TICKET_TYPES), z.boolean()])).returns<TicketView>(),
  /** The account's tickets held now, for countdowns. */
  listTickets: invoke('ticket:list', z.tuple([AccountId])).returns<HeldTicket[]>(),
  /** The JS-SDK signature for a page URL, with a ready wx.config / wx.agentConfig snippet. */
  signJsSdk: invoke('jssdk:sign', z.tuple([AccountId, SignRequestSchema])).returns<SignView>(),
  /** The current settings (defaults filled in). */
  getSettings: invoke('settings:get', z.tuple([])).returns<Settings>(),
  /** Change some settings; returns the settings after the change. */
  setSettings: invoke('settings:set', z.tuple([SettingsSchema.partial().strict()])).returns<Settings>(),
  /** Puts text on the OS clipboard through the main process; `written: false` where the host has no clipboard (preview). */
  writeClipboard: invoke('clipboard:write', z.tuple([z.string().max(64 * 1024)])).returns<{ written: boolean }>(),
  /** The local endpoint: on/off, port, why it isn't listening, the last requests (turn it on with setSettings). */
  getEndpointStatus: invoke('endpoint:status', z.tuple([])).returns<EndpointStatus>(),
  /** The key Postman & co. send as `Authorization: Bearer …` (made on first use, kept in the keychain). */
  revealEndpointKey: invoke('endpoint:reveal-key', z.tuple([])).returns<string>(),
  /** Replaces the key; callers holding the old one get 401. */
  rotateEndpointKey: invoke('endpoint:rotate-key', z.tuple([])).returns<string>(),
} as const;

export const events = {
  /** Settings changed (from any window, the CLI's file write is not watched). */
  settingsChanged: event<Settings>('settings:changed'),
  /** The account list changed (added, removed, edited): the full list. */
  accountsChanged: event<AccountView[]>('accounts:changed'),
  /** The local endpoint started, stopped or failed. */
  endpointChanged: event<EndpointStatus>('endpoint:changed'),
  /**
   * Accounts whose state, token or last exchange changed since the last push, each once. The core coalesces these
   * (and `accountsChanged`): at most ~10 pushes a second, however many fetches run.
   */
  accountsUpdated: event<AccountView[]>('accounts:updated'),
} as const;

export type Invokes = typeof invokes;
export type Events = typeof events;
export type MethodName = keyof Invokes;
export type EventName = keyof Events;
