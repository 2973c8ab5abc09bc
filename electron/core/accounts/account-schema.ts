import { z } from 'zod';
import { REDIS_FORMATS } from '../team/redis-formats';
import type { AccountKind } from '../wechat/types';

/**
 * The stored shape of an account (the `accounts` key of config.json). It never holds an AppSecret or a token: those
 * live in the keychain (see ../vault). Each stored entry is validated on read, so one hand-edited entry can't hide
 * the others.
 */

export const ACCOUNT_KINDS = [
  'officialAccount',
  'miniProgram',
  'wecom',
  'testAccount',
] as const satisfies readonly AccountKind[];
export const ENVIRONMENTS = ['production', 'staging', 'test'] as const;
export const TOKEN_MODES = ['stable', 'classic', 'wecom'] as const;

export type Environment = (typeof ENVIRONMENTS)[number];
export type TokenMode = (typeof TOKEN_MODES)[number];

export const MARGIN_SECONDS_RANGE = { min: 30, max: 3600 } as const;

/**
 * Where an account's token comes from: `wechat` (TokenDesk fetches and refreshes it: the default), or a team's `redis`
 * or `central` token service that TokenDesk only follows — no AppSecret, never a call to WeChat's token endpoints.
 */
export const ACCOUNT_SOURCES = ['wechat', 'redis', 'central'] as const;
export type AccountSource = (typeof ACCOUNT_SOURCES)[number];

/** How to follow a token another program keeps in Redis (see ../team/redis-formats.ts). No password here: keychain. */
export const FollowRedisSchema = z.object({
  kind: z.literal('redis'),
  /** redis:// or rediss:// URL without a password (one given in a URL is moved to the keychain). */
  url: z.string().min(1),
  format: z.enum(REDIS_FORMATS),
  keyPrefix: z.string().nullable(),
  keyTemplate: z.string().nullable(),
  valueField: z.string().nullable(),
  agentId: z.string().nullable(),
});
/** How to follow a team's HTTP token service answering like /cgi-bin/token (or with the token at `tokenField`). */
export const FollowCentralSchema = z.object({
  kind: z.literal('central'),
  url: z.string().min(1),
  tokenField: z.string().nullable(),
});
export const FollowSchema = z.discriminatedUnion('kind', [FollowRedisSchema, FollowCentralSchema]);
export type FollowRedis = z.infer<typeof FollowRedisSchema>;
export type FollowCentral = z.infer<typeof FollowCentralSchema>;
export type FollowConfig = z.infer<typeof FollowSchema>;

export const StoredAccountSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  kind: z.enum(ACCOUNT_KINDS),
  /** The AppID, or the CorpID for a WeCom account. */
  appId: z.string().min(1),
  environment: z.enum(ENVIRONMENTS),
  tokenMode: z.enum(TOKEN_MODES),
  autoRefresh: z.boolean(),
  /** Seconds before expiry to refresh at; null follows the settings' defaultMarginSeconds. */
  marginSeconds: z.number().int().min(MARGIN_SECONDS_RANGE.min).max(MARGIN_SECONDS_RANGE.max).nullable(),
  /** Replaces https://api.weixin.qq.com (or qyapi for WeCom) for this account: a proxy, a gateway, the fake server. */
  apiBase: z.string().nullable(),
  notes: z.string(),
  /** Absent in entries written before team mode, and for every WeChat-sourced account: read it with sourceOf(). */
  source: z.enum(ACCOUNT_SOURCES).optional(),
  /** Set exactly when source is redis or central. */
  follow: FollowSchema.optional(),
  /** Epoch ms. */
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Account = z.infer<typeof StoredAccountSchema>;

/**
 * What a person fills in (the form, the CLI). The IPC contract's AccountDraft (all fields present) fits it; fields left
 * out take the defaults below.
 */
export interface AccountInput {
  label: string;
  kind: AccountKind;
  appId: string;
  /** Default 'production'. */
  environment?: Environment;
  /** Default 'stable' ('wecom' for a WeCom account, where it is the only mode). */
  tokenMode?: TokenMode;
  /** Default true. */
  autoRefresh?: boolean;
  /** Default null: follow the settings' defaultMarginSeconds. */
  marginSeconds?: number | null;
  apiBase?: string | null;
  notes?: string;
  /** Default 'wechat'. */
  source?: AccountSource;
  /** Required when source is not 'wechat'. */
  follow?: FollowConfig;
}

/** The account's token source; entries from before team mode are WeChat-sourced. */
export function sourceOf(account: Pick<Account, 'source'>): AccountSource {
  return account.source ?? 'wechat';
}

/** True for an account whose token TokenDesk only reads from a team's store and must never fetch from WeChat. */
export function isFollowed(account: Pick<Account, 'source'>): boolean {
  return sourceOf(account) !== 'wechat';
}

/** The fields that decide which token WeChat hands out: changing one makes a cached token meaningless. */
export const CREDENTIAL_FIELDS = [
  'kind',
  'appId',
  'tokenMode',
  'apiBase',
  'source',
] as const satisfies readonly (keyof Account)[];
