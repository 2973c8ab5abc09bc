import { isFollowed } from '../accounts/account-schema';
import type { AccountViews } from '../account-views';
import type { Handlers } from '../contract/api-types';
import type { AccountView } from '../contract/views';
import type { CoreServices } from '../core-services';
import { TokenUnavailableError } from '../engine/engine-errors';
import type { AccountHistoryEntry } from '../history/history-entry';
import type { TeamMode } from '../team/team-mode';

export interface TokenHandlerDeps {
  services: CoreServices;
  team: TeamMode;
  views: AccountViews;
}

/**
 * Tokens and what is asked of WeChat about them: get / refresh / force (through the engine, or a followed account's
 * team store — never WeChat for those), the check, the quota meter and clear_quota, rid lookups (through the
 * diagnostics, so each call lands in the history), and the history itself.
 */
export function tokenHandlers({
  services,
  team,
  views,
}: TokenHandlerDeps): Pick<
  Handlers,
  | 'getToken'
  | 'refreshToken'
  | 'forceRefreshToken'
  | 'checkToken'
  | 'listHistory'
  | 'getQuota'
  | 'clearQuota'
  | 'lookupRid'
> {
  const { engine, diagnostics, history } = services;

  /**
   * Runs a fetch and returns the account afterwards. When WeChat (or the network) said no, the account's state and
   * its diagnosis cards explain it in the UI's language, so that is not an error of the call; a local refusal (force
   * refresh too soon, a needed confirmation) still is, with its message.
   */
  const afterFetch = async (accountId: string, fetch: (id: string) => Promise<unknown>): Promise<AccountView> => {
    const account = views.require(accountId);
    try {
      await fetch(account.id);
    } catch (error) {
      if (!(error instanceof TokenUnavailableError)) throw error;
    }
    return views.view(views.require(accountId));
  };

  /** A token call on a followed account: answered from the team store (never WeChat); undefined for other accounts. */
  const teamCall = (accountId: string, kind: 'get' | 'refresh' | 'force'): Promise<AccountView> | undefined => {
    const account = views.require(accountId);
    if (!isFollowed(account)) return undefined;
    return team.call(account, kind).then(() => views.view(views.require(accountId)));
  };

  return {
    getToken: (accountId) => teamCall(accountId, 'get') ?? afterFetch(accountId, (id) => engine.getToken(id)),
    refreshToken: (accountId, confirmation) =>
      teamCall(accountId, 'refresh') ?? afterFetch(accountId, (id) => engine.refresh(id, confirmation)),
    forceRefreshToken: (accountId, confirmation) =>
      teamCall(accountId, 'force') ?? afterFetch(accountId, (id) => engine.forceRefresh(id, confirmation)),
    checkToken: async (accountId) => (await diagnostics.check(views.require(accountId))).exchange,
    listHistory: (accountId, { errorsOnly, query }) =>
      history
        .list(views.require(accountId).id, { errorsOnly, ...(query ? { query } : {}) })
        .filter((entry): entry is AccountHistoryEntry => entry.kind !== 'endpoint-request'),
    getQuota: (accountId, remote) => diagnostics.quota(views.require(accountId), remote),
    clearQuota: (accountId) => diagnostics.clearQuota(views.require(accountId)),
    lookupRid: (accountId, rid) => diagnostics.lookupRid(views.require(accountId), rid),
  };
}
