import { z } from 'zod';
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
}

/** The fields that decide which token WeChat hands out: changing one makes a cached token meaningless. */
export const CREDENTIAL_FIELDS = [
  'kind',
  'appId',
  'tokenMode',
  'apiBase',
] as const satisfies readonly (keyof Account)[];
