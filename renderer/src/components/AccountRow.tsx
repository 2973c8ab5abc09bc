import { memo } from 'react';
import type { DeskEntry } from '../desk-entries';
import { useT } from '../i18n/i18n-context';
import { Countdown } from './Countdown';
import { KindIcon } from './KindIcon';
import { HealthLabel } from './HealthBadge';

export interface AccountRowProps {
  entry: DeskEntry;
  selected: boolean;
  onSelect: (id: string) => void;
}

/** The id a row's option gets, for the listbox's aria-activedescendant. */
export function optionId(accountId: string): string {
  return `account-option-${accountId}`;
}

/** What a row shows: entries are rebuilt on every health-clock tick, but a row re-renders only when this changed. */
function sameRow(before: AccountRowProps, after: AccountRowProps): boolean {
  const [a, b] = [before.entry, after.entry];
  return (
    before.selected === after.selected &&
    before.onSelect === after.onSelect &&
    a.account === b.account &&
    a.duplicateAppId === b.duplicateAppId &&
    a.health.kind === b.health.kind &&
    a.health.errcode === b.health.errcode &&
    a.health.tokenUsable === b.health.tokenUsable &&
    a.health.hasToken === b.health.hasToken
  );
}

/**
 * One sidebar row: an option of the account listbox (the listbox holds the focus; arrow keys move the selection).
 * Memoized: a tick re-renders only the countdowns, a state change only its own row.
 */
export const AccountRow = memo(function AccountRow({ entry, selected, onSelect }: AccountRowProps) {
  const t = useT();
  const { account, health } = entry;
  // A running countdown says everything while the token is fine; otherwise the health itself is the news.
  const showCountdown = account.token && health.tokenUsable && (health.kind === 'ok' || health.kind === 'refreshing');
  return (
    <div
      id={optionId(account.id)}
      role="option"
      aria-selected={selected}
      className={`account-row${selected ? ' account-row-selected' : ''}`}
      data-testid={`account-row-${account.label}`}
      data-health={health.kind}
      onClick={() => onSelect(account.id)}
    >
      <KindIcon kind={account.kind} label={t(`kind.${account.kind}`)} />
      <span className="account-row-main">
        <span className="account-row-title">
          <span className="account-row-label">{account.label}</span>
          <span className={`env-badge env-${account.environment}`} title={t(`env.${account.environment}`)}>
            {t(`env.short.${account.environment}`)}
          </span>
        </span>
        <span className="account-row-app-id mono">
          <span className="account-row-app-id-text">{account.appId}</span>
          {entry.duplicateAppId && (
            <span className="duplicate-flag" title={t('sidebar.duplicateHint')} data-testid="duplicate-app-id">
              {t('sidebar.duplicate')}
            </span>
          )}
        </span>
      </span>
      <span className="account-row-status">
        {showCountdown ? (
          <Countdown
            obtainedAt={account.token!.obtainedAt}
            expiresAt={account.token!.expiresAt}
            warnBelowSeconds={account.marginSeconds ?? 300}
          />
        ) : (
          <>
            <HealthLabel health={health} className="account-row-status-text" withoutErrcode />
            {health.errcode !== undefined && <span className="account-row-errcode mono">{health.errcode}</span>}
          </>
        )}
      </span>
    </div>
  );
}, sameRow);
