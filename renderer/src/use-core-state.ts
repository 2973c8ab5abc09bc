import { useEffect, useState } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';
import type { AccountSummary, AppInfo } from '../../electron/core/contract/ipc-contract';
import type { Settings } from '../../electron/core/store/store-schema';

export type CoreState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; appInfo: AppInfo; settings: Settings; accounts: AccountSummary[] };

/** Loads what the first screen needs and keeps the settings in sync with the core's pushes. */
export function useCoreState(api: TokenDeskApi): CoreState {
  const [state, setState] = useState<CoreState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    Promise.all([api.getAppInfo(), api.getSettings(), api.listAccounts()]).then(
      ([appInfo, settings, accounts]) => live && setState({ status: 'ready', appInfo, settings, accounts }),
      (error: Error) => live && setState({ status: 'failed', message: error.message }),
    );
    const unsubscribe = api.onSettingsChanged((settings) =>
      setState((current) => (current.status === 'ready' ? { ...current, settings } : current)),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return state;
}
