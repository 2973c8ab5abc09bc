import { createContext, useContext, type ReactNode } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';

const ApiContext = createContext<TokenDeskApi | null>(null);

export function ApiProvider({ api, children }: { api: TokenDeskApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** window.tokendesk (or the preview bridge), as given to <App>. */
export function useApi(): TokenDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider>');
  return api;
}
