import type { AccountSummary, AppInfo } from '../../../electron/core/contract/ipc-contract';
import { useT } from '../i18n/i18n-context';
import { TokenDeskMark } from './TokenDeskMark';

export function Sidebar({ accounts, runtime }: { accounts: AccountSummary[]; runtime: AppInfo['runtime'] }) {
  const t = useT();
  return (
    <aside className="sidebar" aria-label="Accounts">
      <header className="sidebar-brand">
        <TokenDeskMark size={22} />
        <span className="sidebar-brand-name">{t('app.name')}</span>
        {runtime === 'preview' && <span className="badge badge-muted">{t('status.preview')}</span>}
      </header>
      <div className="sidebar-filter">
        <input
          type="search"
          placeholder={t('sidebar.filter')}
          aria-label={t('sidebar.filter')}
          disabled={accounts.length === 0}
        />
      </div>
      <nav className="account-list">
        {accounts.length === 0 ? (
          <p className="account-list-empty">{t('sidebar.noAccounts')}</p>
        ) : (
          accounts.map((account) => (
            <div key={account.id} className="account-row">
              {account.label}
            </div>
          ))
        )}
      </nav>
    </aside>
  );
}
