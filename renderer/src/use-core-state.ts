import { useEffect, useState } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';
import type { AppInfo } from '../../electron/core/contract/ipc-contract';
import type { AccountView } from '../../electron/core/contract/views';
import type { Settings } from '../../electron/core/store/store-schema';

export type CoreState =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; appInfo: AppInfo; settings: Settings; accounts: AccountView[] };

function replaceAccount(accounts: AccountView[], changed: AccountView): AccountView[] {
  const index = accounts.findIndex((account) => account.id === changed.id);
  if (index === -1) return accounts; // removed meanwhile; accountsChanged brings the list
  const next = accounts.slice();
  next[index] = changed;
  return next;
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
      api.onAccountChanged((account) =>
        whenReady((current) => ({ ...current, accounts: replaceAccount(current.accounts, account) })),
      ),
    ];
    return () => {
      live = false;
      unsubscribes.forEach((unsubscribe) => unsubscribe());
    };
  }, [api]);
  return state;
}
