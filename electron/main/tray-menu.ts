import { accountHealth } from '../core/contract/health';
import type { AccountView } from '../core/contract/views';
import type { CoreLocale } from '../core/i18n/core-messages';
import { SHELL_LABELS, type ShellLabels } from '../core/i18n/shell-labels';

/** A menu item as Electron's Menu.buildFromTemplate takes it (kept structural so the template is testable). */
export interface TrayItem {
  label?: string;
  type?: 'separator' | 'normal';
  enabled?: boolean;
  click?: () => void;
}

function timeLeft(expiresAt: number, now: number, labels: ShellLabels): string {
  const seconds = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return labels.timeLeft(Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60);
}

/**
 * The tray / menu-bar menu: one line per account (label, environment, time left or state) with a "Copy token" item
 * under it, then Show and Quit, in the UI language. Rebuilt by the tray on every account change, on a language change
 * and on a slow timer for the countdowns.
 */
export function trayMenuTemplate(
  accounts: readonly AccountView[],
  now: number,
  locale: CoreLocale,
  actions: { copyToken: (account: AccountView) => void; show: () => void; quit: () => void },
): TrayItem[] {
  const labels = SHELL_LABELS[locale];
  const items: TrayItem[] = [];
  for (const account of accounts) {
    const environment = account.environment === 'production' ? ` · ${labels.production}` : '';
    // The desk's health model: time left while all is well, otherwise what the sidebar says (with WeChat's errcode).
    const health = accountHealth(account, now);
    const status =
      health.kind === 'ok' && account.token
        ? timeLeft(account.token.expiresAt, now, labels)
        : `${labels.health[health.kind]}${health.errcode !== undefined ? ` (${health.errcode})` : ''}`;
    items.push({ label: `${account.label}${environment} — ${status}`, enabled: false });
    items.push({
      label: `    ${labels.copyToken}`,
      enabled: Boolean(account.token && account.token.expiresAt > now),
      click: () => actions.copyToken(account),
    });
  }
  if (accounts.length === 0) items.push({ label: labels.noAccounts, enabled: false });
  items.push(
    { type: 'separator' },
    { label: labels.showWindow, click: actions.show },
    { label: labels.quit, click: actions.quit },
  );
  return items;
}
