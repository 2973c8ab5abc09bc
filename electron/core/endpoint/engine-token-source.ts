import type { Account } from '../accounts/account-schema';
import { accountHealth, type HealthKind } from '../contract/health';
import { RefreshRefusedError, TokenUnavailableError as EngineTokenUnavailableError } from '../engine/engine-errors';
import type { TokenEngine } from '../engine/token-engine';
import type { CachedToken, Vault } from '../vault/vault';
import { sameSecret, secretMatcher } from './constant-time';
import {
  TokenUnavailableError,
  type EndpointAccount,
  type EndpointRequestRecord,
  type ManagedToken,
  type TokenSource,
} from './token-source';

export interface EngineTokenSourceOptions {
  engine: Pick<TokenEngine, 'getToken' | 'heldToken' | 'refreshIfCurrent' | 'getState'>;
  /** An AccountService fits. Re-read at most once a second: another process (the CLI) may add accounts. */
  accounts: { list(): Account[] };
  vault: Pick<Vault, 'getSecret' | 'getEndpointKey'>;
  /** The key callers must present (see local-key.ts `ensureEndpointKey`). */
  localKey: string;
  /** Where each request's record goes (the history, a log); default nowhere. */
  recordRequest?: (record: EndpointRequestRecord) => void;
  now?: () => number;
  /** A held token with at least this much life left is answered without asking the engine (the fast path). */
  fastPathMinSeconds?: number;
}

export interface EngineTokenSource extends TokenSource {
  /** The UI rotated the key: callers must use the new one from now on. */
  setLocalKey(key: string): void;
}

const ACCOUNT_LIST_TTL_MS = 1_000;
const KEY_RELOAD_GAP_MS = 1_000;

/**
 * Adapts the real services (TokenEngine, AccountService, Vault) to the endpoint's port. The hot path — a known
 * account whose token the engine holds — touches no file, keychain or promise.
 */
export function createEngineTokenSource(options: EngineTokenSourceOptions): EngineTokenSource {
  const now = options.now ?? Date.now;
  const fastPathMs = (options.fastPathMinSeconds ?? 600) * 1000;
  let accounts: { list: EndpointAccount[]; readAt: number } | undefined;
  let key = options.localKey;
  let isLocalKey = secretMatcher(key);
  let lastKeyReload = -Infinity;

  const setLocalKey = (next: string) => {
    key = next;
    isLocalKey = secretMatcher(next);
  };

  /** A key rotated by another process (`tokendesk endpoint --rotate-key`) is picked up on the next miss. */
  const reloadKeySoon = () => {
    if (now() - lastKeyReload < KEY_RELOAD_GAP_MS) return;
    lastKeyReload = now();
    options.vault.getEndpointKey().then(
      (stored) => {
        if (stored && stored !== key) setLocalKey(stored);
      },
      () => undefined,
    );
  };

  /** The desk's health of an account that gave no token (only on that path: it scans the account list). */
  const healthOf = (accountId: string): HealthKind | undefined => {
    const state = options.engine.getState(accountId);
    if (!state) return undefined;
    const account = options.accounts.list().find((candidate) => candidate.id === accountId);
    const token = options.engine.heldToken(accountId);
    return accountHealth({ state, autoRefresh: account?.autoRefresh ?? true, ...(token ? { token } : {}) }, now()).kind;
  };

  return {
    setLocalKey,

    listAccounts() {
      if (!accounts || now() - accounts.readAt >= ACCOUNT_LIST_TTL_MS) {
        accounts = {
          readAt: now(),
          list: options.accounts.list().map((account) => ({
            id: account.id,
            label: account.label,
            appId: account.appId,
            kind: account.kind,
            mode: account.tokenMode,
          })),
        };
      }
      return accounts.list;
    },

    currentToken(accountId) {
      const held = options.engine.heldToken(accountId);
      // The engine's own object (a ManagedToken with more fields): the hot path allocates nothing for it.
      return held && held.expiresAt - now() >= fastPathMs ? held : undefined;
    },

    async getToken(accountId) {
      try {
        return managed(await options.engine.getToken(accountId));
      } catch (error) {
        throw asUnavailable(error, healthOf(accountId));
      }
    },

    async refreshIfCurrent(accountId, failedToken) {
      try {
        const { token, refreshed } = await options.engine.refreshIfCurrent(accountId, failedToken);
        return { token: managed(token), refreshed };
      } catch (error) {
        throw asUnavailable(error, healthOf(accountId));
      }
    },

    async verifySecret(accountId, secret) {
      const stored = await options.vault.getSecret(accountId).catch(() => undefined);
      return stored !== undefined && sameSecret(secret, stored);
    },

    verifyLocalKey(given) {
      if (isLocalKey(given)) return true;
      reloadKeySoon();
      return false;
    },

    recordRequest(record) {
      options.recordRequest?.(record);
    },
  };
}

function managed(token: CachedToken): ManagedToken {
  return { accessToken: token.accessToken, expiresAt: token.expiresAt };
}

/** The engine's refusals, in the port's terms: WeChat's errcode/errmsg when WeChat said no, else -1 with the reason. */
function asUnavailable(error: unknown, health: HealthKind | undefined): unknown {
  if (error instanceof EngineTokenUnavailableError)
    return new TokenUnavailableError(error.errcode ?? -1, error.errmsg ?? error.message, health);
  if (error instanceof RefreshRefusedError) return new TokenUnavailableError(-1, error.message, health);
  return error;
}
