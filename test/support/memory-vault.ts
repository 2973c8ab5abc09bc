import { VaultUnavailableError, type CachedToken, type Vault } from '../../electron/core/vault/vault';

/**
 * An in-memory Vault for tests of the engine and the account service, where the OS keychain would only add noise.
 * The real keychain is covered by test/core/vault. `unavailable = true` makes every call fail as a locked keyring does.
 */
export class MemoryVault implements Vault {
  readonly secrets = new Map<string, string>();
  readonly tokens = new Map<string, CachedToken>();
  readonly connectionPasswords = new Map<string, string>();
  endpointKey?: string;
  tokenCacheKey?: string;
  unavailable = false;

  async getSecret(accountId: string) {
    this.guard();
    return this.secrets.get(accountId);
  }
  async setSecret(accountId: string, secret: string) {
    this.guard();
    this.secrets.set(accountId, secret);
  }
  async deleteSecret(accountId: string) {
    this.guard();
    return this.secrets.delete(accountId);
  }
  async accountsWithSecret() {
    this.guard();
    return new Set(this.secrets.keys());
  }
  async getToken(accountId: string) {
    this.guard();
    const token = this.tokens.get(accountId);
    return token ? { ...token } : undefined;
  }
  async setToken(accountId: string, token: CachedToken) {
    this.guard();
    this.tokens.set(accountId, { ...token });
  }
  async deleteToken(accountId: string) {
    this.guard();
    return this.tokens.delete(accountId);
  }
  async getConnectionPassword(connectionId: string) {
    this.guard();
    return this.connectionPasswords.get(connectionId);
  }
  async setConnectionPassword(connectionId: string, password: string) {
    this.guard();
    this.connectionPasswords.set(connectionId, password);
  }
  async deleteConnectionPassword(connectionId: string) {
    this.guard();
    return this.connectionPasswords.delete(connectionId);
  }
  async getEndpointKey() {
    this.guard();
    return this.endpointKey;
  }
  async setEndpointKey(key: string) {
    this.guard();
    this.endpointKey = key;
  }
  async deleteEndpointKey() {
    this.guard();
    const had = this.endpointKey !== undefined;
    this.endpointKey = undefined;
    return had;
  }

  async accountsWithCachedToken() {
    this.guard();
    return new Set(this.tokens.keys());
  }
  async getTokenCacheKey() {
    this.guard();
    return this.tokenCacheKey;
  }
  async setTokenCacheKey(key: string) {
    this.guard();
    this.tokenCacheKey = key;
  }
  private guard(): void {
    if (this.unavailable)
      throw new VaultUnavailableError(
        'test',
        'Cannot create an item in a locked collection',
        'Unlock your keyring, then try again.',
      );
  }
}
