import { sameSecret, secretMatcher } from '../../../electron/core/endpoint/constant-time';
import {
  type TokenUnavailableError,
  type EndpointAccount,
  type EndpointRequestRecord,
  type ManagedToken,
  type TokenSource,
} from '../../../electron/core/endpoint/token-source';

/**
 * A TokenSource over plain maps, for the endpoint's own HTTP behaviour (routing, shapes, guards). What sits behind
 * the port — engine, vault, history — is exercised through the real adapter in engine-token-source.test.ts and the
 * end-to-end tests; here only the endpoint is under test.
 */
export class MemoryTokenSource implements TokenSource {
  readonly records: EndpointRequestRecord[] = [];
  readonly tokens = new Map<string, ManagedToken>();
  readonly failures = new Map<string, TokenUnavailableError>();
  refreshes = 0;
  private readonly isLocalKey: (key: string) => boolean;

  constructor(
    readonly accounts: EndpointAccount[],
    private readonly secrets: Map<string, string>,
    localKey: string,
  ) {
    this.isLocalKey = secretMatcher(localKey);
  }

  listAccounts(): EndpointAccount[] {
    return this.accounts;
  }

  currentToken(accountId: string): ManagedToken | undefined {
    return this.failures.has(accountId) ? undefined : this.tokens.get(accountId);
  }

  async getToken(accountId: string): Promise<ManagedToken> {
    const failure = this.failures.get(accountId);
    if (failure) throw failure;
    const token = this.tokens.get(accountId);
    if (!token) throw new Error(`no token for ${accountId}`);
    return token;
  }

  async refreshIfCurrent(accountId: string, failedToken: string): Promise<{ token: ManagedToken; refreshed: boolean }> {
    const current = await this.getToken(accountId);
    if (current.accessToken !== failedToken) return { token: current, refreshed: true };
    this.refreshes += 1;
    const next = { accessToken: `${current.accessToken}-next`, expiresAt: current.expiresAt + 7_200_000 };
    this.tokens.set(accountId, next);
    return { token: next, refreshed: true };
  }

  async verifySecret(accountId: string, secret: string): Promise<boolean> {
    return sameSecret(secret, this.secrets.get(accountId) ?? '');
  }

  verifyLocalKey(key: string): boolean {
    return this.isLocalKey(key);
  }

  recordRequest(record: EndpointRequestRecord): void {
    this.records.push(structuredClone(record));
  }
}
