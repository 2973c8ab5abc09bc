import { useEffect } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';
import { ApiProvider } from './api-context';
import { EmptyState } from './components/EmptyState';
import { Sidebar } from './components/Sidebar';
import { I18nProvider } from './i18n/i18n-context';
import { catalogs, resolveLanguage } from './i18n/messages';
import { useCoreState } from './use-core-state';
import { useEffectiveTheme } from './use-theme';

export function App({ api }: { api: TokenDeskApi }) {
  const state = useCoreState(api);
  const theme = useEffectiveTheme(state.status === 'ready' ? state.settings.theme : undefined);
  const language = state.status === 'ready' ? resolveLanguage(state.settings.language, state.appInfo.locale) : 'en';

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = language;
  }, [theme, language]);

  if (state.status !== 'ready') {
    return (
      <div className="splash" role="status" data-testid="splash">
        {state.status === 'loading'
          ? catalogs[language]['status.connecting']
          : `${catalogs[language]['error.unreachable']}: ${state.message}`}
      </div>
    );
  }

  return (
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <div className="app-shell" data-testid="app-shell">
          <Sidebar accounts={state.accounts} runtime={state.appInfo.runtime} />
          <main className="detail-pane">{state.accounts.length === 0 && <EmptyState />}</main>
        </div>
      </I18nProvider>
    </ApiProvider>
  );
}
