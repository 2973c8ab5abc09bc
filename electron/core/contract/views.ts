import { z } from 'zod';
import type { EndpointRequestRecord } from '../endpoint/token-source';
import type { CoreMessage } from '../i18n/core-messages';
import {
  ACCOUNT_KINDS,
  ACCOUNT_SOURCES,
  ENVIRONMENTS,
  FollowSchema,
  TOKEN_MODES,
  type Environment,
  type TokenMode,
} from '../accounts/account-schema';
import type { AccountState, AccountStatus } from '../engine/account-state';
import type { Exchange, QuotaResult } from '../wechat/types';

/**
 * What the renderer sees of accounts and tokens. Never an AppSecret: `secretSet` says whether one is stored.
 * The token itself is here on purpose — copying it is what the user came for.
 */

export { ACCOUNT_KINDS, ENVIRONMENTS, TOKEN_MODES, type Environment, type TokenMode };
export type { AccountStatus };

/** The account form's fields as they cross IPC. The secret is only ever sent this way, never returned. */
export const AccountDraftSchema = z.object({
  label: z.string().max(80),
  kind: z.enum(ACCOUNT_KINDS),
  appId: z.string().max(64),
  environment: z.enum(ENVIRONMENTS),
  tokenMode: z.enum(TOKEN_MODES),
  autoRefresh: z.boolean(),
  // Any number crosses: the core's validation says what is allowed (30–3600 whole seconds) next to the field.
  marginSeconds: z.number().finite().nullable(),
  apiBase: z.string().max(300).nullable(),
  notes: z.string().max(2000),
  /** Team mode: absent or 'wechat' for a token TokenDesk fetches; 'redis' / 'central' for one it only follows. */
  source: z.enum(ACCOUNT_SOURCES).optional(),
  follow: FollowSchema.optional(),
});
export type AccountDraft = z.infer<typeof AccountDraftSchema>;

/** A secret as typed or pasted; trimming happens in the core so the user is told when it did. */
export const SecretInputSchema = z.string().max(512);

export interface FieldProblem {
  field: keyof AccountDraft | 'secret';
  /** What to fix, as a catalogue message (the form words it in the UI language). */
  message: CoreMessage;
}

/**
 * Team mode: what the desk shows of a followed account's token source (never a password; an EasyWeChat key's secret
 * part is masked). `status` is the follower's: 'expired-by-team' is its own state, apart from 'unreachable'.
 */
export interface FollowView {
  /** "Redis · WxJava" or "Central service". */
  source: string;
  status: 'starting' | 'live' | 'expired-by-team' | 'missing' | 'unexpected-format' | 'unreachable';
  /** The Redis key, or the service's URL without its query. */
  where?: string;
  /** When the desk noticed the team server's last rotation (epoch ms). */
  rotatedAt?: number;
  expiredAt?: number;
  lastReadAt?: number;
  detail?: string;
  /** A redacted sample of a value in an unexpected format. */
  sample?: string;
}

/** A team source read once ("Test connection"): what was found, or which way it failed. Never a whole token. */
export type TeamSourceTest =
  | { kind: 'ok'; where: string; expiresAt: number | null; tokenPreview: string }
  | { kind: 'key-missing'; where: string }
  | { kind: 'unexpected-format'; where: string; reason: string; sample: string }
  | { kind: 'unreachable' | 'auth-failed' | 'tls-error' | 'other'; message: string }
  | { kind: 'invalid'; message: CoreMessage };

/** Team mode: one Redis the desk writes a managed account's token into, and how the last write went. */
export interface PublishTargetView {
  id: string;
  /** redis:// or rediss:// without a password. */
  url: string;
  format: string;
  key: string;
  status?:
    | { kind: 'written'; at: number; ttlSeconds: number }
    | { kind: 'locked'; at: number; lockKey: string }
    | { kind: 'overwritten'; at: number }
    | { kind: 'failed'; at: number; detail: string };
}

export interface TokenView {
  value: string;
  obtainedAt: number;
  expiresAt: number;
  mode: TokenMode;
}

/** The engine's state of an account, as it crosses IPC. */
export type AccountStateView = AccountState;

export interface AccountView extends AccountDraft {
  id: string;
  secretSet: boolean;
  state: AccountStateView;
  token?: TokenView;
  /** Set for a followed account (team mode): how following its team store goes. */
  followStatus?: FollowView;
  /** Team mode: where the desk publishes this managed account's token (Redis, in an SDK's format). */
  publishTargets?: PublishTargetView[];
  /** The newest token call (a diagnostic — a check, a quota read, an IP probe — has its own panel). */
  lastExchange?: Exchange;
  /** The newest history entry of any kind: the history timeline reloads when it changes. */
  latestHistoryId?: string;
  /** While in error or paused: the failed token call behind it, which the diagnosis cards explain. */
  lastFailure?: Exchange;
  /** The IP WeChat named in a refusal that a success then followed (it was whitelisted), when the current failure names another: "your IP changed". */
  lastSuccessIp?: string;
}

export type SaveResult =
  { ok: true; account: AccountView; warnings: FieldProblem[] } | { ok: false; problems: FieldProblem[] };

export interface QuotaView {
  /** Token calls TokenDesk made today (WeChat's day, UTC+8). */
  localCallsToday: number;
  /** The remote meter from openapi/quota/get, when it could be read. */
  remote?: QuotaResult;
  exchange?: Exchange;
  /** clear_quota/v2 calls this month (10 allowed). */
  clearsThisMonth: number;
}

/** What the Settings panel shows about the local endpoint. */
export interface EndpointStatus {
  enabled: boolean;
  port: number;
  /** Listening now (enabled, and nothing went wrong). */
  listening: boolean;
  addresses: string[];
  /** Why it is not listening although enabled (port taken, keychain locked …), as a catalogue message. */
  problem?: CoreMessage;
  /** The newest logged requests first, redacted (paths by allow-list). */
  recentRequests: EndpointRequestRecord[];
}
