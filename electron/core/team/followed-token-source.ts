import type { EngineTokenSource } from '../endpoint/engine-token-source';
import { TokenUnavailableError, type ManagedToken } from '../endpoint/token-source';
import { formatCoreMessage } from '../i18n/core-messages';
import { UserError } from '../user-error';
import type { CachedToken } from '../vault/vault';
import type { FollowedAccounts } from './followed-accounts';

/**
 * The local endpoint's token source with followed accounts (team mode) served from their team store, like managed
 * ones: the same routes, the same 40001 report — which for a followed token re-reads the store and never fetches.
 */
export function withFollowedTokens(source: EngineTokenSource, followed: FollowedAccounts): EngineTokenSource {
  return {
    ...source,
    currentToken(accountId) {
      if (!followed.follows(accountId)) return source.currentToken(accountId);
      const held = followed.heldToken(accountId);
      return held ? managed(held) : undefined;
    },
    async getToken(accountId) {
      if (!followed.follows(accountId)) return source.getToken(accountId);
      try {
        return managed(await followed.getToken(accountId));
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    async refreshIfCurrent(accountId, failedToken) {
      if (!followed.follows(accountId)) return source.refreshIfCurrent(accountId, failedToken);
      try {
        const { token, refreshed } = await followed.reportFailed(accountId, failedToken);
        return { token: managed(token), refreshed };
      } catch (error) {
        throw asUnavailable(error);
      }
    },
  };
}

function managed(token: CachedToken): ManagedToken {
  return { accessToken: token.accessToken, expiresAt: token.expiresAt };
}

/** No token from the team store: -1 with the reason, as the endpoint reports every local refusal. */
function asUnavailable(error: unknown): unknown {
  return error instanceof UserError ? new TokenUnavailableError(-1, formatCoreMessage(error.coreMessage, 'en')) : error;
}
