import { isFollowed } from '../accounts/account-schema';
import { testCredentials } from '../accounts/credential-test';
import type { SaveResult as ServiceSaveResult } from '../accounts/account-service';
import type { AccountViews } from '../account-views';
import type { Handlers } from '../contract/api-types';
import type { SaveResult } from '../contract/views';
import type { CoreServices } from '../core-services';
import type { TeamMode } from '../team/team-mode';
import { UserError } from '../user-error';

export interface AccountHandlerDeps {
  services: CoreServices;
  team: TeamMode;
  views: AccountViews;
}

/** Accounts: the list, add / edit / remove, a credentials test, team mode's sources and publish targets. */
export function accountHandlers({
  services,
  team,
  views,
}: AccountHandlerDeps): Pick<
  Handlers,
  | 'listAccounts'
  | 'addAccount'
  | 'updateAccount'
  | 'removeAccount'
  | 'testCredentials'
  | 'testTeamSource'
  | 'addPublishTarget'
  | 'removePublishTargets'
  | 'setAutoRefresh'
> {
  const { accounts } = services;
  /** A successful save that stored a secret marks the account as having one. */
  const saved = (result: ServiceSaveResult, storedSecret: boolean): SaveResult => {
    if (!result.ok) return result;
    if (storedSecret) views.noteSecret(result.account.id, true);
    return { ok: true, account: views.view(result.account), warnings: result.warnings };
  };
  return {
    listAccounts: () => views.list(),
    // A followed account (team mode) stores no AppSecret.
    addAccount: async (draft, secret) => saved(await accounts.add(draft, secret), !isFollowed(draft)),
    updateAccount: async (accountId, draft, secret) => {
      views.require(accountId);
      return saved(await accounts.update(accountId, draft, secret), secret !== undefined && secret.trim() !== '');
    },
    removeAccount: async (accountId) => {
      views.require(accountId);
      const result = await accounts.remove(accountId);
      await services.history.removeAccount(accountId);
      views.noteSecret(accountId, false);
      if (result.keychainCleanupFailed) {
        throw new UserError({ code: 'keychain-cleanup-failed', params: { detail: result.keychainCleanupFailed } });
      }
    },
    // One fetch with a form's credentials, nothing saved (see accounts/credential-test.ts for where secrets may go).
    testCredentials: (draft, secret, accountId) => testCredentials(services, draft, secret, accountId),
    testTeamSource: (draft, accountId) => team.testSource(draft, accountId),
    addPublishTarget: async (accountId, target) => {
      await team.addPublishTarget(views.require(accountId), target);
      return views.view(views.require(accountId));
    },
    removePublishTargets: async (accountId) => {
      await team.publishTargets.removeFor(views.require(accountId).id);
      return views.view(views.require(accountId));
    },
    setAutoRefresh: async (accountId, on) => {
      views.require(accountId);
      const result = await accounts.update(accountId, { autoRefresh: on });
      // The stored account itself is invalid (a hand edit): say what to fix in it.
      if (!result.ok) throw new UserError(result.problems[0]?.message ?? { code: 'account-gone', params: {} });
      return views.view(result.account);
    },
  };
}
