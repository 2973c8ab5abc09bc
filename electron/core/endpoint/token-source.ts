import type { HealthKind } from '../contract/health';
import type { AccountKind } from '../wechat/types';

/**
 * The port through which the local endpoint reaches the rest of TokenDesk. The endpoint knows nothing about the
 * engine, the vault or the history; `createEngineTokenSource` (engine-token-source.ts) adapts the real services to
 * this shape, and the endpoint's own tests drive it with a small in-memory source.
 */

/** What the endpoint needs to know about an account to route a request to it. */
export interface EndpointAccount {
  id: string;
  label: string;
  /** The AppID, or the CorpID for WeCom. */
  appId: string;
  kind: AccountKind;
  /** How the engine fetches this account's token ('stable', 'classic' …), reported to callers as-is. */
  mode: string;
}

/** A token the engine manages, with its wall-clock deadline. */
export interface ManagedToken {
  accessToken: string;
  /** Epoch ms at which WeChat stops accepting it. */
  expiresAt: number;
}

/**
 * Why the engine could not hand out a token. `errcode`/`errmsg` are WeChat's when WeChat answered with an error
 * (e.g. 40164 with the IP it saw), so a WeChat-shaped route can pass them through unchanged; otherwise errcode is -1.
 * The message never contains a secret (the engine's exchanges are redacted before they reach us).
 */
export class TokenUnavailableError extends Error {
  override readonly name = 'TokenUnavailableError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The account's health as the desk shows it (`actionNeeded`, `retrying` …), so a script can tell them apart. */
    readonly health?: HealthKind,
  ) {
    super(`${errcode}: ${errmsg}`);
  }
}

/** One request the endpoint answered, as it goes into the history. Nothing in it can hold a secret. */
export interface EndpointRequestRecord {
  /** Epoch ms when the request arrived. */
  at: number;
  method: string;
  /** Path and query by allow-list: values not known to be public are `***`; an unmatched target is not recorded. */
  path: string;
  route: EndpointRoute;
  status: number;
  /** The errcode of a WeChat-shaped answer, when it was an error. */
  errcode?: number;
  accountId?: string;
  /** A short reason when the request was refused ('host', 'auth', 'rate', 'body-too-large' …). */
  refused?: string;
  /** The slowest answer of the record's requests. */
  latencyMs: number;
  /**
   * Alike requests within a second are one record (request-log.ts): how many there were (absent: one), and when the
   * last of them arrived.
   */
  count?: number;
  lastAt?: number;
}

export type EndpointRoute =
  'v1-token' | 'v1-refresh' | 'wechat-classic-token' | 'wechat-stable-token' | 'wecom-gettoken' | 'unknown';

export interface TokenSource {
  /** Kept in memory by the adapter: called on every request. */
  listAccounts(): EndpointAccount[];
  /** The account's token if the engine holds a valid one in memory, without any I/O: the endpoint's fast path. */
  currentToken(accountId: string): ManagedToken | undefined;
  /** The current token, fetched if needed; concurrent calls for one account share one upstream fetch. */
  getToken(accountId: string): Promise<ManagedToken>;
  /**
   * Passive refresh: renews the token only if `failedToken` is still the current one (the caller saw it fail);
   * otherwise returns the current token. Concurrent calls with the same failed token cause one refresh.
   * `refreshed` is true when the answer is a different token from the failed one.
   */
  refreshIfCurrent(accountId: string, failedToken: string): Promise<{ token: ManagedToken; refreshed: boolean }>;
  /** True when `secret` is the account's AppSecret / corpsecret in the keychain (compared in constant time). */
  verifySecret(accountId: string, secret: string): Promise<boolean>;
  /** True when `key` is the endpoint's local key (constant time). Called on every /v1 request: the key is held in memory. */
  verifyLocalKey(key: string): boolean;
  recordRequest(record: EndpointRequestRecord): void;
}
