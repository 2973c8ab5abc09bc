import { useEffect, useState } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';
import type { AppInfo } from '../../electron/core/contract/ipc-contract';
import type { AccountView } from '../../electron/core/contract/views';
import type { Settings } from '../../electron/core/store/store-schema';

export type CoreState =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; appInfo: AppInfo; settings: Settings; accounts: AccountView[] };

/** The list with the pushed accounts swapped in; one removed meanwhile stays out (accountsChanged brings the list). */
function replaceAccounts(accounts: AccountView[], changed: AccountView[]): AccountView[] {
  const byId = new Map(changed.map((account) => [account.id, account]));
  // Unchanged rows keep their object, so memoised rows skip rendering.
  return accounts.map((account) => byId.get(account.id) ?? account);
}

/** Loads what the desk shows and keeps it in sync with the core's pushes (settings, list, per-account changes). */
export function useCoreState(api: TokenDeskApi): CoreState {
  const [state, setState] = useState<CoreState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const whenReady = (update: (ready: Extract<CoreState, { status: 'ready' }>) => CoreState) =>
      setState((current) => (current.status === 'ready' ? update(current) : current));
    Promise.all([api.getAppInfo(), api.getSettings(), api.listAccounts()]).then(
      ([appInfo, settings, accounts]) => live && setState({ status: 'ready', appInfo, settings, accounts }),
      (error: unknown) => live && setState({ status: 'failed', error }),
    );
    const unsubscribes = [
      api.onSettingsChanged((settings) => whenReady((current) => ({ ...current, settings }))),
      api.onAccountsChanged((accounts) => whenReady((current) => ({ ...current, accounts }))),
      api.onAccountsUpdated((changed) =>
        whenReady((current) => ({ ...current, accounts: replaceAccounts(current.accounts, changed) })),
      ),
    ];
    return () => {
      live = false;
      unsubscribes.forEach((unsubscribe) => unsubscribe());
    };
  }, [api]);
  return state;
}
