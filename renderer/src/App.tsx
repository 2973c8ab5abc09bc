import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TokenDeskApi } from '../../electron/core/contract/api-types';
import type { AccountView } from '../../electron/core/contract/views';
import { ApiProvider } from './api-context';
import { copyText } from './clipboard';
import { AccountDetail, type RiskyAction } from './components/AccountDetail';
import { AccountDialog } from './components/AccountDialog';
import { ConfirmDialog } from './components/ConfirmDialog';
import { EmptyState } from './components/EmptyState';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsSheet } from './components/ShortcutsSheet';
import { Sidebar } from './components/Sidebar';
import { useNowCrossing } from './clock/shared-clock';
import { deskEntries, tokenExpiries } from './desk-entries';
import { I18nProvider } from './i18n/i18n-context';
import { errorText } from './i18n/error-text';
import { catalogs, resolveLanguage, type UiLanguage } from './i18n/messages';
import { useCoreState } from './use-core-state';
import { useShortcuts } from './use-shortcuts';
import { useEffectiveTheme } from './use-theme';

type Dialog =
  | { type: 'none' }
  | { type: 'add' }
  | { type: 'edit'; account: AccountView }
  | { type: 'settings' }
  | { type: 'shortcuts' }
  | { type: 'delete'; account: AccountView }
  | { type: 'risky'; account: AccountView; action: RiskyAction };

export function App({ api }: { api: TokenDeskApi }) {
  const state = useCoreState(api);
  const theme = useEffectiveTheme(state.status === 'ready' ? state.settings.theme : undefined);
  const language: UiLanguage =
    state.status === 'ready' ? resolveLanguage(state.settings.language, state.appInfo.locale) : 'en';

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = language;
  }, [theme, language]);

  if (state.status !== 'ready') {
    return (
      <div className="splash" role="status" data-testid="splash">
        {state.status === 'loading'
          ? catalogs[language]['status.connecting']
          : `${catalogs[language]['error.unreachable']}: ${errorText(state.error, language)}`}
      </div>
    );
  }
  return (
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <Desk api={api} state={state} />
      </I18nProvider>
    </ApiProvider>
  );
}

function Desk({
  api,
  state,
}: {
  api: TokenDeskApi;
  state: Extract<ReturnType<typeof useCoreState>, { status: 'ready' }>;
}) {
  const { accounts, settings, appInfo } = state;
  const [selectedId, setSelectedId] = useState<string>();
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>({ type: 'none' });
  const [error, setError] = useState<string | undefined>(() =>
    appInfo.quarantinedSettingsFile
      ? catalogs[resolveLanguage(settings.language, appInfo.locale)]['notice.quarantined'].replace(
          '{file}',
          appInfo.quarantinedSettingsFile,
        )
      : undefined,
  );
  const filterRef = useRef<HTMLInputElement>(null);
  // Sorted by health when the accounts change and when a token runs out (the time crosses an expiry); never on a tick.
  const expiries = useMemo(() => tokenExpiries(accounts), [accounts]);
  const now = useNowCrossing(expiries);
  const entries = useMemo(() => deskEntries(accounts, filter, now), [accounts, filter, now]);
  // The detail follows the filter: an account the filter hides is not shown beside a list that lacks it.
  const selectedEntry = entries.find((entry) => entry.account.id === selectedId) ?? entries[0];
  const selected = selectedEntry?.account;
  const language = resolveLanguage(settings.language, appInfo.locale);
  const t = catalogs[language];

  const closeDialog = () => setDialog({ type: 'none' });
  const report = useCallback((message: string) => setError(message), []);
  const reportError = useCallback((caught: unknown) => setError(errorText(caught, language)), [language]);

  const performRisky = async (account: AccountView, action: RiskyAction, confirmed: boolean) => {
    try {
      if (action === 'force') await api.forceRefreshToken(account.id, { confirmProductionRisk: confirmed });
      else await api.refreshToken(account.id, { confirmProductionRisk: confirmed });
    } catch (caught) {
      reportError(caught);
    }
  };

  // Force refresh always asks (it breaks every other holder of the token); a classic refresh asks in production.
  const requestRisky = (action: RiskyAction) => {
    if (!selected) return;
    const needsConfirmation =
      action === 'force' || (selected.tokenMode === 'classic' && selected.environment === 'production');
    if (needsConfirmation) setDialog({ type: 'risky', account: selected, action });
    else void performRisky(selected, action, false);
  };

  useShortcuts({
    addAccount: () => setDialog({ type: 'add' }),
    refresh: () => requestRisky('refresh'),
    focusFilter: () => filterRef.current?.focus(),
    showShortcuts: () => setDialog({ type: 'shortcuts' }),
    copyToken: () => selected?.token && void copyText(api, selected.token.value).catch(reportError),
  });

  return (
    <div className="app-shell" data-testid="app-shell">
      <Sidebar
        ref={filterRef}
        accountCount={accounts.length}
        entries={entries}
        runtime={appInfo.runtime}
        selectedId={selected?.id}
        filter={filter}
        onFilterChange={setFilter}
        onSelect={setSelectedId}
        onOpen={() => document.getElementById('detail-title')?.focus()}
        onAdd={() => setDialog({ type: 'add' })}
        onOpenSettings={() => setDialog({ type: 'settings' })}
      />
      <main className="detail-pane">
        {error && (
          <div className="banner banner-error" role="alert" data-testid="error-banner">
            <span>{error}</span>
            <button
              type="button"
              className="button button-small"
              onClick={() => setError(undefined)}
              aria-label="Dismiss"
            >
              ×
            </button>
          </div>
        )}
        {selected ? (
          <AccountDetail
            key={selected.id}
            duplicateAppId={selectedEntry?.duplicateAppId ?? false}
            appIdShared={selectedEntry?.appIdShared ?? false}
            account={selected}
            globalApiBase={appInfo.apiBase}
            endpointPort={settings.endpointPort}
            endpointEnabled={settings.endpointEnabled}
            onEdit={() => setDialog({ type: 'edit', account: selected })}
            onDelete={() => setDialog({ type: 'delete', account: selected })}
            onRiskyAction={requestRisky}
            onError={report}
          />
        ) : accounts.length === 0 ? (
          <EmptyState onAdd={() => setDialog({ type: 'add' })} />
        ) : (
          <p className="muted detail-no-match">{t['sidebar.noMatch']}</p>
        )}
      </main>

      {(dialog.type === 'add' || dialog.type === 'edit') && (
        <AccountDialog
          key={dialog.type === 'edit' ? dialog.account.id : 'new'}
          open
          account={dialog.type === 'edit' ? dialog.account : undefined}
          otherLabels={accounts
            .filter((account) => dialog.type !== 'edit' || account.id !== dialog.account.id)
            .map((account) => account.label)}
          globalApiBase={appInfo.apiBase}
          onClose={(saved) => {
            closeDialog();
            if (saved) setSelectedId(saved.id);
          }}
        />
      )}
      <ShortcutsSheet open={dialog.type === 'shortcuts'} onClose={closeDialog} />
      <SettingsDialog open={dialog.type === 'settings'} settings={settings} onClose={closeDialog} onError={report} />
      <ConfirmDialog
        open={dialog.type === 'delete'}
        title={t['confirm.delete.title'].replace('{label}', dialog.type === 'delete' ? dialog.account.label : '')}
        danger
        confirmLabel={t['detail.delete']}
        onCancel={closeDialog}
        onConfirm={() => {
          if (dialog.type === 'delete') void api.removeAccount(dialog.account.id).catch(reportError);
          closeDialog();
        }}
      >
        <p>{t['confirm.delete.body']}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog.type === 'risky'}
        title={
          dialog.type === 'risky' && dialog.action === 'force' ? t['confirm.force.title'] : t['confirm.classic.title']
        }
        danger
        onCancel={closeDialog}
        onConfirm={() => {
          if (dialog.type === 'risky') void performRisky(dialog.account, dialog.action, true);
          closeDialog();
        }}
      >
        {dialog.type === 'risky' && dialog.action === 'force' ? (
          <>
            <p>{t['confirm.force.body']}</p>
            <p className="muted">{t['confirm.force.budget']}</p>
          </>
        ) : (
          <p>{t['confirm.classic.body']}</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
