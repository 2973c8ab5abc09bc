import { z } from 'zod';
import { TOKEN_MODES } from '../accounts/account-schema';

/**
 * Where secrets live: the AppSecret per account, the last token per account (so a restart reuses a valid token with
 * no upstream call), and the local endpoint's key. The app and the CLI use the OS keychain (KeytarVault); tests of
 * code above the vault may use an in-memory one.
 */

export const CachedTokenSchema = z.object({
  accessToken: z.string().min(1),
  /** Epoch ms when TokenDesk first received this token (the start of the request that returned it). */
  obtainedAt: z.number(),
  /** Epoch ms after which WeChat stops accepting it. */
  expiresAt: z.number(),
  mode: z.enum(TOKEN_MODES),
});
export type CachedToken = z.infer<typeof CachedTokenSchema>;

export interface Vault {
  getSecret(accountId: string): Promise<string | undefined>;
  setSecret(accountId: string, secret: string): Promise<void>;
  /** True when there was one to delete. */
  deleteSecret(accountId: string): Promise<boolean>;
  /** Ids of the accounts that have a secret stored (one keychain query for the whole list). */
  accountsWithSecret(): Promise<Set<string>>;

  getToken(accountId: string): Promise<CachedToken | undefined>;
  setToken(accountId: string, token: CachedToken): Promise<void>;
  deleteToken(accountId: string): Promise<boolean>;

  /** Passwords of the Redis servers team mode reads from or publishes to, by an id of their use (never in config.json). */
  getConnectionPassword(connectionId: string): Promise<string | undefined>;
  setConnectionPassword(connectionId: string, password: string): Promise<void>;
  deleteConnectionPassword(connectionId: string): Promise<boolean>;

  /** The key local callers present to TokenDesk's endpoint. */
  getEndpointKey(): Promise<string | undefined>;
  setEndpointKey(key: string): Promise<void>;
  deleteEndpointKey(): Promise<boolean>;
}

/**
 * The keychain could not be used (no Secret Service on D-Bus, a locked keyring, a missing native module). Callers
 * degrade: the app still opens and shows accounts, only what needs a secret is unavailable, with this message.
 */
export class VaultUnavailableError extends Error {
  override readonly name = 'VaultUnavailableError';
  constructor(
    readonly operation: string,
    readonly causeMessage: string,
    readonly hint: string,
  ) {
    super(`The system keychain is unavailable (${operation}: ${causeMessage}). ${hint}`);
  }
}
