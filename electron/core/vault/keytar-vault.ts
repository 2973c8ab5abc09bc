import { CachedTokenSchema, VaultUnavailableError, type CachedToken, type Vault } from './vault';

type Keytar = typeof import('keytar');

export const DEFAULT_VAULT_PREFIX = 'TokenDesk';
const ENDPOINT_KEY_ACCOUNT = 'endpoint-key';
const TOKEN_CACHE_KEY_ACCOUNT = 'token-cache-key';

/**
 * The Vault over the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) through
 * keytar. Three service names under one prefix keep TokenDesk's entries apart from other apps and from each other:
 * `<prefix>` holds AppSecrets by account id, `<prefix>/tokens` the cached tokens (JSON), `<prefix>/local` the endpoint
 * key, `<prefix>/connections` team mode's Redis passwords. Tests pass a unique prefix per run and delete what they made.
 *
 * keytar is loaded on first use, not at import: a native module that fails to load must leave the app able to open.
 */
export class KeytarVault implements Vault {
  readonly secretService: string;
  readonly tokenService: string;
  readonly localService: string;
  readonly connectionService: string;
  private keytar?: Promise<Keytar>;

  constructor(prefix: string = DEFAULT_VAULT_PREFIX) {
    this.secretService = prefix;
    this.tokenService = `${prefix}/tokens`;
    this.localService = `${prefix}/local`;
    this.connectionService = `${prefix}/connections`;
  }

  async getSecret(accountId: string): Promise<string | undefined> {
    return (await this.call('read a secret', (k) => k.getPassword(this.secretService, accountId))) ?? undefined;
  }

  async setSecret(accountId: string, secret: string): Promise<void> {
    await this.call('store a secret', (k) => k.setPassword(this.secretService, accountId, secret));
  }

  deleteSecret(accountId: string): Promise<boolean> {
    return this.call('delete a secret', (k) => k.deletePassword(this.secretService, accountId));
  }

  async accountsWithSecret(): Promise<Set<string>> {
    const found = await this.call('list secrets', (k) => k.findCredentials(this.secretService));
    return new Set(found.map((credential) => credential.account));
  }

  /** A cached token that doesn't parse (an older format, a hand edit) reads as none: the engine fetches a new one. */
  async getToken(accountId: string): Promise<CachedToken | undefined> {
    const text = await this.call('read a cached token', (k) => k.getPassword(this.tokenService, accountId));
    if (text === null) return undefined;
    try {
      const parsed = CachedTokenSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async setToken(accountId: string, token: CachedToken): Promise<void> {
    await this.call('store a token', (k) => k.setPassword(this.tokenService, accountId, JSON.stringify(token)));
  }

  deleteToken(accountId: string): Promise<boolean> {
    return this.call('delete a cached token', (k) => k.deletePassword(this.tokenService, accountId));
  }

  async getConnectionPassword(connectionId: string): Promise<string | undefined> {
    return (
      (await this.call('read a Redis password', (k) => k.getPassword(this.connectionService, connectionId))) ??
      undefined
    );
  }

  async setConnectionPassword(connectionId: string, password: string): Promise<void> {
    await this.call('store a Redis password', (k) => k.setPassword(this.connectionService, connectionId, password));
  }

  deleteConnectionPassword(connectionId: string): Promise<boolean> {
    return this.call('delete a Redis password', (k) => k.deletePassword(this.connectionService, connectionId));
  }

  /** Accounts with a token kept as a keychain item (TokenDesk before the token file). */
  async accountsWithCachedToken(): Promise<Set<string>> {
    const found = await this.call('list cached tokens', (k) => k.findCredentials(this.tokenService));
    return new Set(found.map((credential) => credential.account));
  }

  /** The key of the encrypted token file (token-file-vault.ts). */
  async getTokenCacheKey(): Promise<string | undefined> {
    return (
      (await this.call('read the token cache key', (k) => k.getPassword(this.localService, TOKEN_CACHE_KEY_ACCOUNT))) ??
      undefined
    );
  }

  async setTokenCacheKey(key: string): Promise<void> {
    await this.call('store the token cache key', (k) => k.setPassword(this.localService, TOKEN_CACHE_KEY_ACCOUNT, key));
  }

  async getEndpointKey(): Promise<string | undefined> {
    return (
      (await this.call('read the endpoint key', (k) => k.getPassword(this.localService, ENDPOINT_KEY_ACCOUNT))) ??
      undefined
    );
  }

  async setEndpointKey(key: string): Promise<void> {
    await this.call('store the endpoint key', (k) => k.setPassword(this.localService, ENDPOINT_KEY_ACCOUNT, key));
  }

  deleteEndpointKey(): Promise<boolean> {
    return this.call('delete the endpoint key', (k) => k.deletePassword(this.localService, ENDPOINT_KEY_ACCOUNT));
  }

  private async call<T>(operation: string, run: (keytar: Keytar) => Promise<T>): Promise<T> {
    let keytar: Keytar;
    try {
      keytar = await this.load();
    } catch (error) {
      this.keytar = undefined; // a later attempt may succeed (e.g. after a reinstall)
      throw new VaultUnavailableError(
        operation,
        messageOf(error),
        'The keychain module could not be loaded: reinstall TokenDesk.',
      );
    }
    try {
      return await run(keytar);
    } catch (error) {
      const message = messageOf(error);
      throw new VaultUnavailableError(operation, message, hintFor(message));
    }
  }

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
    return this.keytar;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to do, from the messages libsecret, the Keychain and the Credential Manager give. */
function hintFor(message: string): string {
  if (/locked collection|is locked|user interaction is not allowed|passphrase/i.test(message)) {
    return 'Unlock your keyring (Linux: "Passwords and Keys"; macOS: Keychain Access), then try again.';
  }
  if (/d-bus|dbus|org\.freedesktop\.secrets|secret service|could not connect/i.test(message)) {
    return 'TokenDesk needs a Secret Service: install and start gnome-keyring or KeePassXC (with its Secret Service integration) in your desktop session, then restart TokenDesk.';
  }
  return 'Check that your system keychain works (try another app that stores passwords), then try again.';
}
