import { memo } from 'react';
import type { AccountView } from '../../../electron/core/contract/views';
import { useT } from '../i18n/i18n-context';
import { Countdown } from './Countdown';
import { KindIcon } from './KindIcon';

export interface AccountRowProps {
  account: AccountView;
  selected: boolean;
  onSelect: (id: string) => void;
}

/** One sidebar row. Memoized: a tick re-renders only the countdowns, a state change only its own row. */
export const AccountRow = memo(function AccountRow({ account, selected, onSelect }: AccountRowProps) {
  const t = useT();
  const { status } = account.state;
  return (
    <button
      type="button"
      role="option"
      aria-selected={selected}
      className={`account-row${selected ? ' account-row-selected' : ''}`}
      data-testid={`account-row-${account.label}`}
      onClick={() => onSelect(account.id)}
    >
      <KindIcon kind={account.kind} label={t(`kind.${account.kind}`)} />
      <span className="account-row-main">
        <span className="account-row-label">{account.label}</span>
        <span className={`env-badge env-${account.environment}`}>{t(`env.${account.environment}`)}</span>
      </span>
      <span className="account-row-status">
        <span
          className={`status-dot status-${status}`}
          role="img"
          aria-label={t(`status.${status}`)}
          title={t(`status.${status}`)}
        />
        {account.token && status !== 'error' && status !== 'paused' ? (
          <Countdown
            obtainedAt={account.token.obtainedAt}
            expiresAt={account.token.expiresAt}
            warnBelowSeconds={account.marginSeconds ?? 300}
          />
        ) : (
          <span className="account-row-status-text">{t(`status.${status}`)}</span>
        )}
      </span>
    </button>
  );
});
